using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Pages;

/// <summary>The public directory's search (/annuaire): the disease combobox with its suggestions, the place, the results.</summary>
public sealed class DirectorySearchPage(IPage page, string query = "") : PageObject(page)
{
    protected override string Path => Routes.Pages.Directory + query;

    public ILocator Disease => Page.GetByRole(AriaRole.Combobox, new() { Name = "Maladie" });

    public ILocator Suggestions => Page.GetByRole(AriaRole.Listbox, new() { Name = "Maladies suggérées" });

    public ILocator Place => Page.GetByLabel("Lieu (facultatif)");

    public ILocator ChosenDisease => Page.Locator("#maladie-retenue");

    public ILocator ChosenPlace => Page.Locator("#lieu-retenu");

    public ILocator CoveringNetworks => Page.Locator("#reseaux-couvrant");

    public ILocator CentreLinks => Page.Locator(".maillage-hit a[href^='/annuaire/centres/']");

    public ILocator Results => Page.Locator(".maillage-hit");

    /// <summary>Types the disease as a person would (key by key), so suggestions come as they type.</summary>
    public async Task TypeDiseaseAsync(string text)
    {
        await Disease.ClickAsync();
        await Disease.PressSequentiallyAsync(text, new() { Delay = 20 });
    }

    public async Task SubmitAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Rechercher", Exact = true }).Last.ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
