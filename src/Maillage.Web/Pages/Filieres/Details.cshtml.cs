using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Filieres;

/// <summary>A filière: its counts (as on the filière's own public page), networks, coordinators, ERN, labels, history.</summary>
public sealed class DetailsModel(RegistryQueries queries, AccessPolicy access, MaillageDbContext db) : PageModel
{
    public sealed record NetworkItem(string Id, string Name, string? Acronym, int Sites, int CompetenceCentres);

    public Filiere Filiere { get; private set; } = default!;
    public StructureCounts Counts { get; private set; } = new();
    public DateOnly AsOf { get; private set; }
    public List<NetworkItem> Networks { get; private set; } = [];
    public Dictionary<string, string> ErnNames { get; private set; } = [];
    public IReadOnlyList<Mandate> Coordinators { get; private set; } = [];
    public List<(string Id, string Name)> Associations { get; private set; } = [];
    public IReadOnlyList<Label> Labels { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(string acronym, CancellationToken ct)
    {
        var f = await queries.FiliereAsync(acronym, ct);
        if (f is null) return NotFound();
        Filiere = f;
        Today = queries.Today;
        var stats = await queries.StatsAsync(ct: ct);
        Counts = stats.ByFiliere.GetValueOrDefault(acronym) ?? new StructureCounts();
        AsOf = Shared.Fr.TryParseIsoDate(stats.AsOf, out var d) ? d : queries.Today;
        Networks = (await db.Networks.AsNoTracking().Where(n => n.FiliereAcronym == acronym)
                .Select(n => new
                {
                    n.Id, n.Name, n.Acronym,
                    Sites = n.Sites.Count(s => s.ClosedOn == null),
                    Ccmr = db.CentreAttachments.Count(a => a.NetworkId == n.Id && db.Centres.Any(c => c.Id == a.CentreId && c.ClosedOn == null)),
                }).ToListAsync(ct))
            .Select(n => new NetworkItem(n.Id, n.Name, n.Acronym, n.Sites, n.Ccmr))
            .OrderBy(n => n.Name, StringComparer.Create(Shared.Fr.Culture, true)).ToList();
        var ernIds = f.Erns.Select(e => e.ErnAcronym).ToList();
        ErnNames = await db.Erns.AsNoTracking().Where(e => ernIds.Contains(e.Acronym)).ToDictionaryAsync(e => e.Acronym, e => e.Name, StringComparer.Ordinal, ct);
        Coordinators = (await queries.MandatesAsync(filiere: acronym, ct: ct)).Where(m => m.Role == MandateRole.FiliereCoordinator).ToList();
        Associations = (await db.AssociationConventions.AsNoTracking()
                .Where(c => c.TargetKind == ConventionTarget.Filiere && c.TargetId == acronym)
                .Join(db.Associations, c => c.AssociationId, a => a.Id, (c, a) => new { a.Id, a.Name }).Distinct().ToListAsync(ct))
            .Select(a => (a.Id, a.Name)).ToList();
        Labels = await queries.LabelsOfAsync(filiere: acronym, ct: ct);
        History = await queries.HistoryAsync("filiere", acronym, ct);
        CanEdit = await access.CanWriteAsync(Caller.From(User), "filiere", acronym, ct);
        return Page();
    }
}
