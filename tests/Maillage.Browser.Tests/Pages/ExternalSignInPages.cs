using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Pages;

/// <summary>The end of a ProConnect or Pro Santé Connect sign-in when Maillage refuses it (/connexion/externe).</summary>
public sealed class ExternalSignInRefusalPage(IPage page) : PageObject(page)
{
    protected override string Path => Routes.Pages.ExternalSignIn;

    public ILocator Reason => Page.Locator("#motif-refus");
}

/// <summary>The login form of the test OpenID provider (oidc-provider's development form: any password).</summary>
public sealed class TestProviderLoginPage(IPage page)
{
    public async Task SignInAsync(string login)
    {
        await page.Locator("input[name=login]").FillAsync(login);
        await page.Locator("input[name=password]").FillAsync("any-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
    }
}
