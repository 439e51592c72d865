using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Reseaux;

/// <summary>A CRMR network: its sites, attached CCMR/CRC, perimeter, filière, ERN, labels and history.</summary>
public sealed class DetailsModel(RegistryQueries queries, AccessPolicy access, MaillageDbContext db) : PageModel
{
    public Network Network { get; private set; } = default!;
    public IReadOnlyList<CentreRow> Sites { get; private set; } = [];
    public IReadOnlyList<CentreRow> CompetenceCentres { get; private set; } = [];
    public IReadOnlyList<CentreRow> ResourceCentres { get; private set; } = [];
    public Dictionary<int, string> OrphaNames { get; private set; } = [];
    public Dictionary<string, string> ErnNames { get; private set; } = [];
    public List<(string Id, string Name)> Associations { get; private set; } = [];
    public IReadOnlyList<Label> Labels { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var n = await queries.NetworkAsync(id, ct);
        if (n is null) return NotFound();
        Network = n;
        Sites = (await queries.CentresAsync(new CentreFilter { Network = id, Kind = CentreKind.ReferenceSite }, 1, 1000, ct)).Items
            .OrderBy(c => c.Role).ThenBy(c => c.EstablishmentName, StringComparer.Ordinal).ToList();
        CompetenceCentres = (await queries.CentresAsync(new CentreFilter { Network = id, Kind = CentreKind.CompetenceCentre }, 1, 10_000, ct)).Items;
        ResourceCentres = (await queries.CentresAsync(new CentreFilter { Network = id, Kind = CentreKind.ResourceCentre }, 1, 10_000, ct)).Items;
        OrphaNames = await queries.OrphaNamesAsync(n.Perimeter.Select(p => p.OrphaCode).ToList(), ct);
        var ernIds = n.Erns.Select(e => e.ErnAcronym).ToList();
        ErnNames = await db.Erns.AsNoTracking().Where(e => ernIds.Contains(e.Acronym)).ToDictionaryAsync(e => e.Acronym, e => e.Name, StringComparer.Ordinal, ct);
        Associations = (await db.AssociationConventions.AsNoTracking()
                .Where(c => c.TargetKind == ConventionTarget.Network && c.TargetId == id)
                .Join(db.Associations, c => c.AssociationId, a => a.Id, (c, a) => new { a.Id, a.Name })
                .Distinct().ToListAsync(ct))
            .Select(a => (a.Id, a.Name)).ToList();
        Labels = await queries.LabelsOfAsync(networkId: id, ct: ct);
        History = await queries.HistoryAsync("network", id, ct);
        CanEdit = await access.CanWriteAsync(Caller.From(User), "network", id, ct);
        return Page();
    }
}
