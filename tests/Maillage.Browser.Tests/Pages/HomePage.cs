using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Pages;

/// <summary>The home page: the network in figures and the search box.</summary>
public sealed class HomePage(IPage page) : PageObject(page)
{
    protected override string Path => "/";

    /// <summary>The row of a filière in the "Par filière" table (cells: networks, coordinating, constitutive, CCMR, CRC).</summary>
    public ILocator FiliereRow(string acronym) =>
        Page.Locator("section[aria-labelledby='titre-filieres'] tbody tr")
            .Filter(new() { Has = Page.GetByRole(AriaRole.Rowheader, new() { Name = acronym, Exact = true }) });

    /// <summary>Searches from the home search box and lands on the list of structures.</summary>
    public async Task<StructuresPage> SearchAsync(string text)
    {
        var box = Page.Locator("#recherche-accueil");
        await box.GetByRole(AriaRole.Searchbox).FillAsync(text);
        var results = new StructuresPage(Page);
        await box.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await Page.WaitForURLAsync("**/structures?**");
        return results;
    }
}
