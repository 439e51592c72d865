using Maillage.Core.Features.Filieres;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Filieres;

/// <summary>The yearly list of FSMR coordinators and its differences with the previous year's (public, as the arrêté is).</summary>
public sealed class CoordonnateursModel(GovernanceService governance, TimeProvider clock) : PageModel
{
    public CoordinatorList List { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(int? annee, CancellationToken ct)
    {
        var year = annee ?? clock.GetLocalNow().Year;
        if (year is < 2000 or > 2100) return BadRequest();
        List = await governance.CoordinatorListAsync(year, ct);
        return Page();
    }
}
