using Maillage.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Pages;

/// <summary>A site's annual report form (/rapports/{centre}/{year}), its confirmation screen and its compliance page.</summary>
public sealed class ReportPage(IPage page, string centreId, int year) : PageObject(page)
{
    protected override string Path => Routes.Pages.Reports + "/" + Uri.EscapeDataString(centreId) + "/" + year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // The labels carry the measured figure as a hint, so the fields are found by their label's start.
    public ILocator ActivePatients => Page.GetByLabel("File active (patients vus au moins une fois dans l'année)");
    public ILocator Consultations => Page.GetByRole(AriaRole.Textbox, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Consultations") });
    public ILocator DayHospitalStays => Page.GetByLabel("Séjours en hôpital de jour");
    public ILocator Autosave => Page.Locator("#autosave");
    public ILocator Status => Page.Locator("[data-report-status]");
    public ILocator SuccessMessage => Page.Locator(".fr-alert--success");
    public ILocator Verdict => Page.Locator("#verdict");
    public ILocator DraftWarnings => Page.Locator("#avertissements-brouillon");
    public ILocator Checklist => Page.Locator("#liste-de-controle");
    public ILocator ReadOnly => Page.Locator("[data-report-readonly]");

    /// <summary>A field by its form name (the tables' cells: <c>Input.Publications[0].Doi</c>).</summary>
    public ILocator Field(string name) => Page.Locator($"[name='{name}']");

    /// <summary>A cell of the <paramref name="n"/>-th row (from 1) of the publications or projects table.</summary>
    public ILocator Cell(string table, int n, string part) =>
        Page.Locator($"#{table} tbody [data-row]").Nth(n - 1).Locator($"[data-cell='{part}'] input");

    /// <summary>The warnings shown next to a cell of the <paramref name="n"/>-th row.</summary>
    public ILocator CellWarning(string table, int n, string part) =>
        Page.Locator($"#{table} tbody [data-row]").Nth(n - 1).Locator($"[data-cell='{part}'] .fr-error-text");

    public async Task FillAsync(string name, string value)
    {
        var field = Field(name);
        if (await field.EvaluateAsync<string>("e => e.tagName") == "SELECT") await field.SelectOptionAsync(value);
        else await field.FillAsync(value);
    }

    public async Task AddRowAsync(string table) => await Page.Locator($"#{table} [data-add-row]").ClickAsync();

    public async Task SaveAsync() => await Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAndWaitForNewPageAsync();

    /// <summary>Opens the confirmation screen of the submission (the checklist first).</summary>
    public async Task OpenSubmissionAsync()
    {
        await Page.Locator("[data-action-link='submit']").ClickAsync();
        await Page.WaitForURLAsync("**" + Path + "/submit");
    }

    /// <summary>Clicks a workflow button (submit on the confirmation screen, validate…) and waits for the page to come back.</summary>
    public async Task ActAsync(string action)
    {
        // The validation is posted from the report's own address: wait for the new document, not for a URL already there.
        await Page.Locator($"button[data-action='{action}']").ClickAndWaitForNewPageAsync();
        await Page.WaitForURLAsync("**" + Path);
    }

    public async Task OpenComplianceAsync()
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = "Voir les constats de conformité" }).ClickAsync();
        await Page.WaitForURLAsync("**" + Path + "/conformite");
    }
}
