using Maillage.Browser.Tests.Infrastructure;
using Maillage.Browser.Tests.Pages;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

/// <summary>
/// Sign-in with ProConnect and Pro Santé Connect end to end: Chromium clicks the DSFR button, signs in on a real OpenID
/// provider (tests/Tools/oidc-provider, started for this class on a free port) and comes back to Maillage signed in as
/// the account the linking rule found, with the role granted in Maillage; an identity Maillage does not know gets the
/// French refusal page (docs/authentication.md).
/// </summary>
public sealed class ExternalSignInScenarioTests(BrowserAppWithOidc app) : IClassFixture<BrowserAppWithOidc>
{
    private async Task<SignInPage> StartAsync(string brand, string login)
    {
        var signIn = new SignInPage(await app.NewPageAsync());
        // The provider's development form imports a web font from the Internet: the test machine has no Internet.
        await signIn.Page.RouteAsync(u => !new Uri(u).IsLoopback, route => route.AbortAsync());
        await signIn.GotoAsync();
        await signIn.FederationButton(brand).ClickAsync();
        await signIn.Page.WaitForURLAsync(u => u.StartsWith(app.Provider.Issuer.ToString(), StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await new TestProviderLoginPage(signIn.Page).SignInAsync(login);
        return signIn;
    }

    [Fact]
    public async Task An_agent_signs_in_with_ProConnect_as_the_account_of_his_or_her_email()
    {
        var page = (await StartAsync("ProConnect", "agent")).Page;

        await page.WaitForURLAsync(u => u.StartsWith(app.BaseAddress.ToString(), StringComparison.Ordinal) && !u.Contains("/connexion", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.Locator("header .maillage-user").First).ToContainTextAsync("admin");
        await Assertions.Expect(page.Locator("header .maillage-user").First).ToContainTextAsync("Administration");
    }

    [Fact]
    public async Task A_health_professional_signs_in_with_Pro_Sante_Connect_as_the_account_of_his_or_her_RPPS()
    {
        var page = (await StartAsync("Pro Santé Connect", "medecin")).Page;

        await page.WaitForURLAsync(u => u.StartsWith(app.BaseAddress.ToString(), StringComparison.Ordinal) && !u.Contains("/connexion", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.Locator("header .maillage-user").First).ToContainTextAsync("responsable");
    }

    [Fact]
    public async Task An_identity_unknown_to_Maillage_is_refused_in_French_and_not_signed_in()
    {
        var page = (await StartAsync("ProConnect", "inconnu")).Page;

        await page.WaitForURLAsync(u => u.Contains(Routes.Pages.ExternalSignIn, StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        var refusal = new ExternalSignInRefusalPage(page);
        await Assertions.Expect(refusal.Heading).ToHaveTextAsync("Connexion refusée");
        await Assertions.Expect(refusal.Reason).ToContainTextAsync("Aucun compte Maillage ne correspond à cette identité");
        await Assertions.Expect(page.Locator(".maillage-user")).ToHaveCountAsync(0);
    }
}
