using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Pages;

/// <summary>The territory map (/territoire): filters, the dsfr-chart map, its table and its downloads.</summary>
public sealed class TerritoryMapPage(IPage page, string query = "") : PageObject(page)
{
    protected override string Path => Routes.Pages.Territory + query;

    /// <summary>The shapes the map component drew (inside its shadow root).</summary>
    public ILocator MapShapes => Page.Locator("#carte-territoire path");

    public ILocator TableRows => Page.Locator("#table-carte tbody tr");

    /// <summary>Clicks "Télécharger la carte (SVG)" and returns the downloaded file's name and text.</summary>
    public async Task<(string Name, string Text)> DownloadSvgAsync()
    {
        var download = await Page.RunAndWaitForDownloadAsync(() =>
            Page.GetByRole(AriaRole.Button, new() { Name = "Télécharger la carte (SVG)" }).ClickAsync());
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllTextAsync(path!));
    }
}
