using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maillage.Core.Data;
using Maillage.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Navigation;

/// <summary>Issue 13, §7: a browser gets a French DSFR error page for 403, 404 and 500 (lang, title, main landmark, a way
/// back home); the API keeps problem+json.</summary>
public sealed partial class ErrorPagesTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_browser_gets_the_French_404_page(DatabaseProvider db)
    {
        using var client = apps[db].PageClient();
        using var response = await GetAsync(client, "/cette-page-n-existe-pas", BrowserAccept);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await AssertErrorPageAsync(response, 404);
        Assert.Contains("Page non trouvée", html, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_browser_gets_the_French_403_page_from_a_page_that_refuses(DatabaseProvider db)
    {
        using var client = await apps[db].SignInAsync("ars-idf");
        using var response = await GetAsync(client, "/financement/simulateur", BrowserAccept);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await AssertErrorPageAsync(response, 403);
        Assert.Contains("Accès refusé", html, StringComparison.Ordinal);
        // Signed in: the layout still shows the account (the header is the site's).
        Assert.Contains("Se déconnecter", html, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_access_denied_path_is_the_403_page(DatabaseProvider db)
    {
        using var client = apps[db].PageClient();
        using var response = await GetAsync(client, Routes.Pages.AccessDenied, BrowserAccept);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertErrorPageAsync(response, 403);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_api_keeps_problem_json(DatabaseProvider db)
    {
        var app = apps[db];
        using var anonymous = app.CreateClient();
        using var missing = await GetAsync(anonymous, Routes.Api.Prefix + "/cette-route-n-existe-pas", BrowserAccept);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, JsonDocument.Parse(await missing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("status").GetInt32());

        using var ars = await app.ApiClientAsync(Maillage.Core.Infrastructure.Security.UserRole.RegionalAgency, "11");
        using var refused = await GetAsync(ars, Routes.Api.Funding + "/scenarios", "application/json");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<html", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_gets_the_French_500_page_and_the_api_problem_json()
    {
        await using var app = apps[DatabaseProvider.Sqlite].WithWebHostBuilder(w =>
            w.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, FailingEndpoint>()));
        using var client = app.CreateClient();

        using var page = await GetAsync(client, "/test-only/boom", BrowserAccept);
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        await AssertErrorPageAsync(page, 500);

        using var api = await GetAsync(client, Routes.Api.Prefix + "/test-only/boom", BrowserAccept);
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The page is French HTML with a title, one main landmark, the status and a link home.</summary>
    private static async Task<string> AssertErrorPageAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Matches("<html lang=\"fr\"", html);
        Assert.Matches(TitleTag(), html);
        Assert.Single(MainTag().Matches(html));
        Assert.Contains($"data-status=\"{status}\"", html, StringComparison.Ordinal);
        Assert.Contains($"Erreur {status}", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"fr-btn\" href=\"/\">Page d'accueil</a>", html, StringComparison.Ordinal);
        return html;
    }

    [GeneratedRegex("<title>[^<]+</title>")]
    private static partial Regex TitleTag();

    [GeneratedRegex("<main[ >]")]
    private static partial Regex MainTag();

    /// <summary>Test only: paths that throw, behind the app's whole pipeline.</summary>
    private sealed class FailingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/test-only/boom", b => b.Run(_ => throw new InvalidOperationException("échec voulu par le test")));
            app.Map(Routes.Api.Prefix + "/test-only/boom", b => b.Run(_ => throw new InvalidOperationException("échec voulu par le test")));
        };
    }
}
