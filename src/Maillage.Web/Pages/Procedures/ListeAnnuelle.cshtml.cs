using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Procedures;

/// <summary>The yearly list of labelled centres and its differences with the previous year's (public, as the arrêté is).</summary>
public sealed class ListeAnnuelleModel(MaillageDbContext db, TimeProvider clock) : PageModel
{
    public YearlyList List { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(int? annee, CancellationToken ct)
    {
        var year = annee ?? clock.GetLocalNow().Year;
        if (year is < 2000 or > 2100) return BadRequest();
        List = await YearlyLists.BuildAsync(db, year, ct);
        return Page();
    }
}
