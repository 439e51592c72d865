using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Pages;

/// <summary>A centre's page (/centres/{id}): details, "Modifier" for authorised users, and its "Historique".</summary>
public sealed class CentrePage(IPage page, string centreId) : PageObject(page)
{
    protected override string Path => Routes.Pages.Centres + "/" + Uri.EscapeDataString(centreId);

    /// <summary>The confirmation shown after a save.</summary>
    public ILocator SuccessMessage => Page.Locator("main .fr-alert--success");

    /// <summary>The most recent change in the "Historique" table.</summary>
    public ILocator LatestChange => Page.Locator("section[aria-labelledby='titre-historique'] tbody tr").First;

    /// <summary>The signed-in account shown in the header.</summary>
    public ILocator SignedInUser => Page.Locator("header .fr-header__tools-links .maillage-user");

    /// <summary>"Se connecter" in the header: signs in and comes back to this page.</summary>
    public async Task SignInAsync(string userName, string password)
    {
        await Page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Se connecter" }).ClickAsync();
        await Page.WaitForURLAsync("**/connexion?**");
        var signIn = new SignInPage(Page);
        await signIn.SignInAsync(userName, password);
        await Page.WaitForURLAsync("**" + Path);
        signIn.AssertNoProblems();
    }

    public async Task<CentreEditPage> EditAsync()
    {
        var edit = new CentreEditPage(Page, centreId);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Modifier", Exact = true }).ClickAsync();
        await Page.WaitForURLAsync("**" + Path + "/modifier");
        return edit;
    }
}
