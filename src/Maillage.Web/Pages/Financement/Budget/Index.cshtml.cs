using System.Globalization;
using Maillage.Core.Features.Budget;
using Maillage.Core.Features.Funding;
using Maillage.Domain.Funding;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Pages.Financement.Budget;

/// <summary>The MIG budget of a year: envelopes, lines and their sources, platforms' line, circulars; the national administration opens a year and edits it.</summary>
public sealed class IndexModel(BudgetService budget, FundingScenarios scenarios) : BudgetPageModel(budget)
{
    public IReadOnlyList<int> Years { get; private set; } = [];
    public BudgetYearView? View { get; private set; }
    public IReadOnlyList<FundingScenario> Scenarios { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "annee")] public int? Annee { get; set; }
    [BindProperty] public int OpenYear { get; set; } = DateTime.Today.Year;
    [BindProperty] public string PlatformLine { get; set; } = "F21";
    [BindProperty] public Dictionary<string, string> Envelopes { get; set; } = [];
    [BindProperty] public string? AdoptedScenario { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public int? Version { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var refused = await RunAsync(async () => await LoadAsync(fillForm: true, ct));
        return refused ?? Page();
    }

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken ct)
    {
        var refused = await RunAsync(async () => await Budget.OpenYearAsync(Me, OpenYear, fictitious: false, ct));
        if (refused is not null) return refused;
        if (Succeeded)
        {
            TempData["Success"] = $"Budget {OpenYear} ouvert avec les enveloppes de la source.";
            return Redirect($"{Routes.Pages.Budget}?annee={OpenYear.ToString(CultureInfo.InvariantCulture)}");
        }
        return await RunAsync(async () => await LoadAsync(fillForm: true, ct)) ?? Page();
    }

    public async Task<IActionResult> OnPostUpdateAsync(CancellationToken ct)
    {
        var refused = await RunAsync(async () =>
        {
            BudgetService.AuthoriseNational(Me);
            var line = BudgetCodes.Line(PlatformLine, "platform_line");
            var envelopes = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var (code, text) in Envelopes.Where(e => MigLines.EnvelopeCodes.Contains(e.Key) && !string.IsNullOrWhiteSpace(e.Value)))
                envelopes[code] = Euros(text, "envelopes");
            await Budget.UpdateYearAsync(Me, Annee ?? 0, new BudgetYearInput(line, envelopes, AdoptedScenario, Note), Version, ct);
        });
        if (refused is not null) return refused;
        if (Succeeded)
        {
            TempData["Success"] = $"Budget {Annee} enregistré.";
            return Redirect($"{Routes.Pages.Budget}?annee={Annee?.ToString(CultureInfo.InvariantCulture)}");
        }
        return await RunAsync(async () => await LoadAsync(fillForm: false, ct)) ?? Page();
    }

    private async Task LoadAsync(bool fillForm, CancellationToken ct)
    {
        Years = await Budget.YearsAsync(Me, ct);
        Annee ??= Years.Count > 0 ? Years[0] : null;
        if (Annee is { } y && Years.Contains(y))
        {
            View = await Budget.YearAsync(Me, y, ct);
            if (fillForm)
            {
                PlatformLine = MigLines.Codes.Code(View.PlatformLine);
                Envelopes = View.Envelopes.ToDictionary(e => e.Code, e => e.Amount.ToString("0.00", CultureInfo.InvariantCulture));
                AdoptedScenario = View.AdoptedScenarioId;
                Note = View.Note;
                Version = View.Version;
            }
        }
        if (IsNational) Scenarios = await scenarios.ListAsync(Me, ct);
    }
}
