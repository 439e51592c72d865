using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Sessions, tokens and HTTP hardening (docs/security.md, "Accounts and tokens" and "HTTP hardening"): sign-in attempts
/// limited per client, a lockout that does not cut the account's tokens, tokens that open /api only, API writes that
/// need a token, a sign-out that kills the session on the server, and the security headers on every answer.
/// </summary>
public sealed class SessionAndHttpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> TrySignInAsync(HttpClient client, string userName, string password)
    {
        var form = HtmlForm.PostBack(await client.GetPageAsync(Routes.Pages.SignIn));
        form.Set("Input.UserName", userName).Set("Input.Password", password);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Routes.Pages.SignIn, UriKind.Relative)) { Content = form.Content() };
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_client_with_a_French_429()
    {
        await using var app = new MaillageFactory(DatabaseProvider.Sqlite, settings: new Dictionary<string, string>
        {
            ["Maillage:SignIn:PermitLimit"] = "3", ["Maillage:SignIn:WindowSeconds"] = "600",
        });
        using var client = app.PageClient();
        for (var i = 0; i < 3; i++)
        {
            using var attempt = await TrySignInAsync(client, "personne", "mauvais-mot-de-passe");
            Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);
        }
        using var throttled = await TrySignInAsync(client, "admin", "Demo-Maillage-2026");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Contains("Trop de tentatives de connexion", await throttled.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("600", throttled.Headers.GetValues("Retry-After").Single());
        // Showing the form is not an attempt.
        await client.GetPageAsync(Routes.Pages.SignIn);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_locked_account_keeps_its_API_tokens(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var user = await app.CreateUserAsync(UserRole.NationalAdmin, null);
        using var api = await app.ApiClientAsync(user);
        using var page = app.PageClient();
        for (var i = 0; i < 5; i++) (await TrySignInAsync(page, user.UserName!, "mauvais-mot-de-passe-" + i)).Dispose();
        using var locked = await TrySignInAsync(page, user.UserName!, TestUsers.Password);
        Assert.Contains("temporairement verrouillé", await locked.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var answer = await api.GetAsync(new Uri(Routes.Api.Funding + "/scenarios", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_Bearer_token_opens_the_API_but_not_the_pages_so_it_cannot_mint_another_token(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var user = await app.CreateUserAsync(UserRole.NationalAdmin, null);
        using var api = await app.ApiClientAsync(user);
        var token = api.DefaultRequestHeaders.Authorization!.Parameter!;
        using var browser = app.PageClient();
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var list = await browser.GetAsync(new Uri(Routes.Pages.ApiTokens, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, list.StatusCode);
        Assert.StartsWith(Routes.Pages.SignIn, list.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // The create form posted with the token and a valid antiforgery pair (taken from a public form): no new token.
        var antiforgery = HtmlForm.AntiforgeryToken(await browser.GetPageAsync(Routes.Pages.SignIn));
        using var create = await browser.PostFormAsync(Routes.Pages.ApiTokens + "?handler=Create", new Dictionary<string, string>
        {
            ["Name"] = "second", ["ValidityDays"] = "365", [HtmlForm.AntiforgeryField] = antiforgery,
        });
        Assert.NotEqual(HttpStatusCode.OK, create.StatusCode);
        await using var s = app.Services.CreateAsyncScope();
        Assert.Equal(1, await s.ServiceProvider.GetRequiredService<MaillageDbContext>().ApiTokens.CountAsync(t => t.UserId == user.Id, Ct));
        // The API still takes it.
        using var read = await api.GetAsync(new Uri(Routes.Api.Funding + "/scenarios", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_cookie_copied_before_sign_out_is_refused_after_it(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var session = app.PageClient();
        using var signIn = await TrySignInAsync(session, "admin", "Demo-Maillage-2026");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var authCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("maillage.auth=", StringComparison.Ordinal)).Split(';')[0];
        using var copy = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", authCookie);
        using (var before = await copy.GetAsync(new Uri(Routes.Pages.ApiTokens, UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        var signOut = HtmlForm.PostBack(await session.GetPageAsync(Routes.Pages.SignOut));
        using (var done = await session.PostAsync(new Uri(Routes.Pages.SignOut, UriKind.Relative), signOut.Content(), Ct))
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        using var after = await copy.GetAsync(new Uri(Routes.Pages.ApiTokens, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        using var api = await copy.GetAsync(new Uri(Routes.Api.Funding + "/scenarios", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        // Signing in again works (the account is not disabled, only its old sessions).
        using var fresh = app.PageClient();
        using var again = await TrySignInAsync(fresh, "admin", "Demo-Maillage-2026");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_API_write_needs_a_token_a_browser_session_only_reads(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var session = await app.SignInAsync("admin");
        using var api = await app.ApiClientAsync(UserRole.NationalAdmin, null);

        using (var read = await session.GetAsync(new Uri(Routes.Api.Funding + "/scenarios", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var post = await session.PostAsync(new Uri(Routes.Api.Funding + "/scenarios", UriKind.Relative),
            new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
        using var delete = await session.DeleteAsync(new Uri(Routes.Api.Funding + "/scenarios/SCN-0000-000", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        // The same write with a token reaches the endpoint (which judges the body).
        using var withToken = await api.DeleteAsync(new Uri(Routes.Api.Funding + "/scenarios/SCN-0000-000", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, withToken.StatusCode);
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers()
    {
        await using var app = new MaillageFactory(DatabaseProvider.Sqlite);
        using var client = app.PageClient();
        foreach (var url in new[] { "/", Routes.Pages.Directory, Routes.Api.Directory + "/export?format=json", "/page-inexistante", "/api/v1/inexistant", "/css/site.css" })
        {
            using var r = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
            var csp = string.Join(" ", r.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("base-uri 'self'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", r.Headers.GetValues("Referrer-Policy").Single());
            // Development: no HSTS (a developer's http://localhost must keep working).
            Assert.False(r.Headers.Contains("Strict-Transport-Security"), url);
        }
    }

    [Fact]
    public async Task Outside_Development_HSTS_and_secure_only_cookies()
    {
        await using var app = new MaillageFactory(DatabaseProvider.Sqlite, settings: new Dictionary<string, string> { ["environment"] = "Production" });
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://maillage.example/"),
        });
        using var page = await client.GetAsync(new Uri(Routes.Pages.SignIn, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("max-age=", page.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        var cookies = page.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }
}
