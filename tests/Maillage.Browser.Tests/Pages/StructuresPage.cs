using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Pages;

/// <summary>The list of structures (/structures), with its filters and search results.</summary>
public sealed class StructuresPage(IPage page) : PageObject(page)
{
    protected override string Path => Routes.Pages.Structures;

    /// <summary>The link to a centre in the results table.</summary>
    public ILocator CentreLink(string centreId) => Page.Locator($"table a[href='/centres/{Uri.EscapeDataString(centreId)}']");

    public async Task<CentrePage> OpenCentreAsync(string centreId)
    {
        var centre = new CentrePage(Page, centreId);
        await CentreLink(centreId).ClickAsync();
        await Page.WaitForURLAsync($"**/centres/{Uri.EscapeDataString(centreId)}");
        return centre;
    }
}
