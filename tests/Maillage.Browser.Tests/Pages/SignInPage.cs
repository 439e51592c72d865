using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Pages;

/// <summary>The sign-in page (/connexion).</summary>
public sealed class SignInPage(IPage page) : PageObject(page)
{
    protected override string Path => Routes.Pages.SignIn;

    public async Task SignInAsync(string userName, string password)
    {
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Identifiant" }).FillAsync(userName);
        await Page.GetByLabel("Mot de passe").FillAsync(password);
        await Page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }

    /// <summary>The DSFR button (a link) of a federation ("S’identifier avec ProConnect").</summary>
    public ILocator FederationButton(string brand) => Page.Locator("main a.fr-connect", new() { HasText = brand });
}
