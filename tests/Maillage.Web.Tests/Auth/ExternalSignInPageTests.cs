using System.Net;
using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Auth;

/// <summary>
/// The pages of sign-in with ProConnect and Pro Santé Connect through HTTP: the buttons appear only for a configured
/// federation, a federation that is not configured has no start and no callback, one that does not answer gets a French page, and whatever a client sends to the callbacks and to
/// the end page gets the French refusal page or a redirect to it, never a 500 (docs/security.md, "Hostile input").
/// </summary>
public sealed class ExternalSignInPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Both federations configured against an issuer nobody listens on (the pages below never reach it).</summary>
    private static readonly Dictionary<string, string> Configured = new()
    {
        ["Authentication:ProConnect:Authority"] = "http://127.0.0.1:9/proconnect",
        ["Authentication:ProConnect:ClientId"] = "maillage",
        ["Authentication:ProConnect:ClientSecret"] = "secret",
        ["Authentication:ProConnect:RequireHttpsMetadata"] = "false",
        ["Authentication:ProSanteConnect:Authority"] = "http://127.0.0.1:9/psc",
        ["Authentication:ProSanteConnect:ClientId"] = "maillage",
        ["Authentication:ProSanteConnect:RequireHttpsMetadata"] = "false",
    };

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Buttons_appear_only_for_configured_federations(DatabaseProvider provider)
    {
        await using (var plain = new MaillageFactory(provider))
        {
            using var client = plain.PageClient();
            var html = await client.GetPageAsync(Routes.Pages.SignIn);
            Assert.DoesNotContain("fr-connect", html, StringComparison.Ordinal);
            Assert.Contains("Identifiant", html, StringComparison.Ordinal); // local accounts stay
            using var callback = await client.GetAsync(new Uri("/connexion/proconnect/retour?code=x&state=y", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.NotFound, callback.StatusCode);
        }
        await using var app = new MaillageFactory(provider, settings: Configured);
        using var page = app.PageClient();
        var signIn = await page.GetPageAsync(Routes.Pages.SignIn);
        Assert.Contains("<span class=\"fr-connect__brand\">ProConnect</span>", signIn, StringComparison.Ordinal);
        Assert.Contains("<span class=\"fr-connect__brand\">Pro Santé Connect</span>", signIn, StringComparison.Ordinal);
        Assert.Contains("Identifiant", signIn, StringComparison.Ordinal);

        Assert.Contains($"href=\"{Routes.Pages.ExternalSignInStart}/proconnect\"", signIn, StringComparison.Ordinal);

        // A federation that is not offered: 404. One that does not answer (nobody listens on its issuer): a French page, 503.
        using var unknown = await page.GetAsync(new Uri(Routes.Pages.ExternalSignInStart + "/franceconnect", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var down = await page.GetAsync(new Uri(Routes.Pages.ExternalSignInStart + "/proconnect?returnUrl=/rapports", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("ProConnect ne répond pas", await down.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Hostile_callbacks_get_the_refusal_page_not_a_500(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider, settings: Configured);
        using var client = app.PageClient();
        string[] callbacks =
        [
            "/connexion/proconnect/retour?code=x&state=forged",
            "/connexion/proconnect/retour?error=access_denied&state=" + new string('A', 5000),
            "/connexion/pro-sante-connect/retour",
            "/connexion/pro-sante-connect/retour?code=%00%27%22<script>&state=%FF",
        ];
        foreach (var url in callbacks)
        {
            using var r = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
            Assert.True(r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.BadRequest,
                $"{url}: {(int)r.StatusCode}");
            if (r.StatusCode == HttpStatusCode.Redirect)
                Assert.StartsWith(Routes.Pages.ExternalSignIn + "?echec=", r.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        // The start page's route parameter (which the generic hostile-parameters test skips): unknown → 404, never 5xx.
        foreach (var value in Security.HostileParametersTests.HostileValues)
        {
            var inPath = value.Contains('\0', StringComparison.Ordinal) ? "x" : value; // the test host cannot carry a NUL in a path (Kestrel answers 400)
            using var r = await client.GetAsync(new Uri(Routes.Pages.ExternalSignInStart + "/" + Uri.EscapeDataString(inPath) + "?returnUrl=" + Uri.EscapeDataString(value), UriKind.Relative), Ct);
            Assert.True((int)r.StatusCode < 500, $"{Routes.Pages.ExternalSignInStart}/{value}: {(int)r.StatusCode}");
        }
        foreach (var url in new[] { Routes.Pages.ExternalSignIn, Routes.Pages.ExternalSignIn + "?echec=proconnect",
                     Routes.Pages.ExternalSignIn + "?echec=%3Cscript%3E&returnUrl=https://evil.example/" })
        {
            using var r = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
            var html = await r.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Contains("Connexion refusée", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        }
    }
}
