using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Centres;

/// <summary>A reference site, CCMR or CRC: establishment, network or attachments, heads, contact, labels, history.</summary>
public sealed class DetailsModel(RegistryQueries queries, AccessPolicy access, MaillageDbContext db) : PageModel
{
    public Centre Centre { get; private set; } = default!;
    public List<(string Id, string Name, string Filiere)> AttachedNetworks { get; private set; } = [];
    public IReadOnlyList<Mandate> Heads { get; private set; } = [];
    public Mandate? CurrentHead { get; private set; }
    public string? PredecessorName { get; private set; }
    public List<(string Id, string Name)> Successors { get; private set; } = [];
    public List<(string Id, string Name)> Platforms { get; private set; } = [];
    public IReadOnlyList<Label> Labels { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    public bool CanEdit { get; private set; }
    /// <summary>Measured activity per year (activity extracts), for signed-in users only; null for the public.</summary>
    public IReadOnlyList<Maillage.Domain.Activity.ActivityIndicators>? Activity { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var c = await queries.CentreAsync(id, ct);
        if (c is null) return NotFound();
        Centre = c;
        var networkIds = c.Attachments.Select(a => a.NetworkId).ToList();
        AttachedNetworks = (await db.Networks.AsNoTracking().Where(n => networkIds.Contains(n.Id))
                .Select(n => new { n.Id, n.Name, n.FiliereAcronym }).ToListAsync(ct))
            .Select(n => (n.Id, n.Name, n.FiliereAcronym)).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        Heads = (await queries.MandatesAsync(centreId: id, ct: ct)).Where(m => m.Role == MandateRole.CentreHead).ToList();
        CurrentHead = Heads.FirstOrDefault(m => m.CoversDate(queries.Today));
        if (c.PredecessorId is not null)
            PredecessorName = await db.Centres.AsNoTracking().Where(x => x.Id == c.PredecessorId).Select(x => x.Name).FirstOrDefaultAsync(ct);
        Successors = (await db.Centres.AsNoTracking().Where(x => x.PredecessorId == id).Select(x => new { x.Id, x.Name }).ToListAsync(ct))
            .Select(x => (x.Id, x.Name)).ToList();
        Platforms = (await db.PlatformCentres.AsNoTracking().Where(pc => pc.CentreId == id)
                .Join(db.Platforms, pc => pc.PlatformId, p => p.Id, (pc, p) => new { p.Id, p.Name }).ToListAsync(ct))
            .Select(p => (p.Id, p.Name)).ToList();
        Labels = await queries.LabelsOfAsync(centreId: id, ct: ct);
        History = await queries.HistoryAsync("centre", id, ct);
        CanEdit = await access.CanWriteAsync(Caller.From(User), "centre", id, ct);
        if (Caller.From(User).IsAuthenticated)
            Activity = (await db.ActivityIndicators.AsNoTracking().Where(x => x.CentreId == id).ToListAsync(ct))
                .Select(x => x.ToIndicators()).OrderByDescending(x => x.Year).ToList();
        return Page();
    }

    /// <summary>
    /// The dsfr-chart attributes of the activity charts (years in ascending order), as the home page's bar chart: x is one
    /// list of years shared by the series, y one list of values per series. The table under the charts carries the same figures (the accessible alternative).
    /// </summary>
    public (string X, string Y, string Names) ActivityChart(params (string Name, Func<Maillage.Domain.Activity.ActivityIndicators, int> Value)[] series)
    {
        var years = (Activity ?? []).OrderBy(a => a.Year).ToList();
        var x = years.Select(a => a.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (System.Text.Json.JsonSerializer.Serialize(new[] { x }),
            System.Text.Json.JsonSerializer.Serialize(series.Select(s => years.Select(s.Value))),
            System.Text.Json.JsonSerializer.Serialize(series.Select(s => s.Name)));
    }
}
