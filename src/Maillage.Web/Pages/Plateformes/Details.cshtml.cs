using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Plateformes;

/// <summary>A platform: host, establishments and centres it serves, heads, labels, history.</summary>
public sealed class DetailsModel(RegistryQueries queries, MaillageDbContext db) : PageModel
{
    public Platform Platform { get; private set; } = default!;
    public string? RegionName { get; private set; }
    public List<Establishment> Establishments { get; private set; } = [];
    public List<(string Id, string Name)> Centres { get; private set; } = [];
    public IReadOnlyList<Mandate> Heads { get; private set; } = [];
    public IReadOnlyList<Label> Labels { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var p = await queries.PlatformAsync(id, ct);
        if (p is null) return NotFound();
        Platform = p;
        if (p.RegionCode is not null)
            RegionName = await db.Regions.AsNoTracking().Where(r => r.Code == p.RegionCode).Select(r => r.Name).FirstOrDefaultAsync(ct);
        var finess = p.Establishments.Select(e => e.Finess).ToList();
        Establishments = await db.Establishments.AsNoTracking().Where(e => finess.Contains(e.Finess)).OrderBy(e => e.Name).ToListAsync(ct);
        var centreIds = p.Centres.Select(c => c.CentreId).ToList();
        Centres = (await db.Centres.AsNoTracking().Where(c => centreIds.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Name)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        Heads = (await queries.MandatesAsync(platformId: id, ct: ct)).Where(m => m.Role == MandateRole.PlatformHead).ToList();
        Labels = await queries.LabelsOfAsync(platformId: id, ct: ct);
        History = await queries.HistoryAsync("platform", id, ct);
        return Page();
    }
}
