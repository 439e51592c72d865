using System.Net;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Testing;

/// <summary>
/// Intent helpers for the Razor pages: a browser-like client (keeps cookies, does not follow redirects), signing in
/// through the real <c>/connexion</c> form, reading a page's forms and posting them with the caller's antiforgery token.
/// </summary>
public static class PageSessions
{
    /// <summary>A client that keeps cookies (session, antiforgery, TempData) and shows redirects as they are.</summary>
    public static HttpClient PageClient(this MaillageFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the /connexion form, as a person would; fails unless the sign-in succeeds.</summary>
    public static async Task<HttpClient> SignInAsync(this MaillageFactory app, string userName, string password = DemoAccounts.Password)
    {
        var client = app.PageClient();
        try
        {
            var form = HtmlForm.PostBack(await client.GetPageAsync(Routes.Pages.SignIn));
            form.Set("Input.UserName", userName).Set("Input.Password", password);
            using var response = await client.PostAsync(new Uri(Routes.Pages.SignIn, UriKind.Relative), form.Content(), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect,
                $"sign-in of {userName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("maillage.auth=", StringComparison.Ordinal));
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>GETs a page and returns its HTML; fails unless the answer is 200.</summary>
    public static async Task<string> GetPageAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {html[..Math.Min(html.Length, 500)]}"
            + ((int)response.StatusCode >= 500 ? Environment.NewLine + ServerErrors.Describe(TraceId(html)) : ""));
        return html;
    }

    /// <summary>The trace id of a problem answer (<c>"traceId":"…"</c>) or of the error page, when it shows one.</summary>
    private static string? TraceId(string body) =>
        System.Text.RegularExpressions.Regex.Match(body, "\"traceId\":\"([0-9a-f]{32})\"|référence ([0-9a-f]{32})") is { Success: true } m
            ? (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            : null;

    /// <summary>POSTs form fields to a URL (without following the redirect).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields) =>
        await client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);

    /// <summary>Number of rows in audit_entries: every registry change writes at least one.</summary>
    public static async Task<long> AuditCountAsync(this MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        return await s.ServiceProvider.GetRequiredService<MaillageDbContext>().AuditEntries.LongCountAsync(TestContext.Current.CancellationToken);
    }
}
