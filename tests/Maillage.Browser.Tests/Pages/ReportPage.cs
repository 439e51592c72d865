using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Pages;

/// <summary>A site's annual report form (/rapports/{centre}/{year}) and its compliance page.</summary>
public sealed class ReportPage(IPage page, string centreId, int year) : PageObject(page)
{
    protected override string Path => Routes.Pages.Reports + "/" + Uri.EscapeDataString(centreId) + "/" + year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // The labels carry the measured figure as a hint, so the fields are found by their label's start.
    public ILocator ActivePatients => Page.GetByLabel("File active (patients vus au moins une fois dans l'année)");
    public ILocator Consultations => Page.GetByRole(AriaRole.Textbox, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Consultations") });
    public ILocator DayHospitalStays => Page.GetByLabel("Séjours en hôpital de jour");
    public ILocator ResearchProjects => Page.GetByLabel("Projets de recherche financés en investigateur principal");
    public ILocator Autosave => Page.Locator("#autosave");
    public ILocator Status => Page.Locator("[data-report-status]");
    public ILocator SuccessMessage => Page.Locator(".fr-alert--success");
    public ILocator Verdict => Page.Locator("#verdict");

    public async Task SaveAsync() => await Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();

    /// <summary>Clicks a workflow button (submit, validate…) and waits for the page to come back.</summary>
    public async Task ActAsync(string action)
    {
        await Page.Locator($"button[data-action='{action}']").ClickAsync();
        await Page.WaitForURLAsync("**" + Path);
    }

    public async Task OpenComplianceAsync()
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = "Voir les constats de conformité" }).ClickAsync();
        await Page.WaitForURLAsync("**" + Path + "/conformite");
    }
}
