using Maillage.Core.Features.Activity;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Activite;

/// <summary>
/// Measured activity (signed-in users): the indicators of a year for the centres the caller may read, and the import
/// history for the national administration (<see cref="ActivityReads"/>; docs/security.md, "Health activity").
/// </summary>
public sealed class IndexModel(ActivityReads reads) : PageModel
{
    public ActivityOverview Overview { get; private set; } = default!;
    public IReadOnlyList<ActivityImportRecord>? Imports => Overview.Imports;
    public IReadOnlyList<int> Years => Overview.Years;
    public int? Year => Overview.Year;
    public IReadOnlyList<ActivityIndicators> Indicators => Overview.Indicators;
    public IReadOnlyDictionary<string, string> CentreNames => Overview.CentreNames;

    public async Task<IActionResult> OnGetAsync(int? annee, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!caller.IsAuthenticated) return Challenge();
        Overview = await reads.OverviewAsync(caller, annee, 50, ct);
        return Page();
    }
}
