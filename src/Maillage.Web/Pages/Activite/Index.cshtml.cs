using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Core.Security;
using Maillage.Domain.Activity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Activite;

/// <summary>Measured activity (signed-in users): the import history and the indicators of a year, per centre.</summary>
public sealed class IndexModel(MaillageDbContext db) : PageModel
{
    public IReadOnlyList<ActivityImportRecord> Imports { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    public int? Year { get; private set; }
    public IReadOnlyList<ActivityIndicators> Indicators { get; private set; } = [];
    public IReadOnlyDictionary<string, string> CentreNames { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(int? annee, CancellationToken ct)
    {
        if (!Caller.From(User).IsAuthenticated) return Challenge();
        Imports = await ActivityStore.ImportsAsync(db, 50, ct);
        Years = await db.ActivityIndicators.AsNoTracking().Select(x => x.Year).Distinct().OrderByDescending(y => y).ToListAsync(ct);
        Year = annee is not null && Years.Contains(annee.Value) ? annee : Years.FirstOrDefault() is var y && y != 0 ? y : null;
        if (Year is { } year)
        {
            Indicators = await ActivityStore.IndicatorsAsync(db, year, ct);
            var ids = Indicators.Select(i => i.CentreId).ToList();
            CentreNames = await db.Centres.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        }
        return Page();
    }
}
