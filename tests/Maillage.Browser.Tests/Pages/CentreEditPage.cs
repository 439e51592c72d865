using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Pages;

/// <summary>A centre's edit form (/centres/{id}/modifier).</summary>
public sealed class CentreEditPage(IPage page, string centreId) : PageObject(page)
{
    protected override string Path => Routes.Pages.Centres + "/" + Uri.EscapeDataString(centreId) + "/modifier";

    public ILocator Phone => Page.GetByLabel("Téléphone");

    /// <summary>Saves and returns to the centre's page.</summary>
    public async Task<CentrePage> SaveAsync()
    {
        var centre = new CentrePage(Page, centreId);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Page.WaitForURLAsync("**/centres/" + Uri.EscapeDataString(centreId));
        return centre;
    }
}
