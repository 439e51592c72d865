using Maillage.Core.Features.Budget;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Pages.Financement.Budget;

/// <summary>The national view of gaps (within the caller's scope): delegated by published circulars vs declared vs validated, per region, establishment and line.</summary>
public sealed class EcartsModel(BudgetService budget) : BudgetPageModel(budget)
{
    [BindProperty(SupportsGet = true, Name = "annee")] public int Annee { get; set; }
    [BindProperty(SupportsGet = true, Name = "region")] public string? Region { get; set; }

    public IReadOnlyList<GapRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await RunAsync(async () => Rows = await Budget.GapsAsync(Me, Annee, Region?.Length > 3 ? Region[..3] : Region, ct)) ?? Page();
}
