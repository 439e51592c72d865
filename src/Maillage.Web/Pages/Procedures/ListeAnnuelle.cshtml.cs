using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Procedures;

/// <summary>The yearly list of labelled centres and its differences with the previous year's (public, as the arrêté is).</summary>
public sealed class ListeAnnuelleModel(ProcedureReads reads, TimeProvider clock) : PageModel
{
    public YearlyList List { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(int? annee, CancellationToken ct)
    {
        var year = annee ?? clock.GetLocalNow().Year;
        if (await reads.YearlyListAsync(Caller.From(User), year, ct) is not { } list) return BadRequest();
        List = list;
        return Page();
    }
}
