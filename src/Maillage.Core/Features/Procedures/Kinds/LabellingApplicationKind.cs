using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>
/// A CRMR network's application in a labelling campaign (one per network): opened in the call by the coordinating site's
/// head, its direction or the ministry; sections per site; the structural rules of the relabelling block the submission;
/// decided site by site (never approved or rejected as a whole); the decision is told to each site's head, the
/// establishments' directions, the agencies of their regions and the filière.
/// </summary>
public sealed class LabellingApplicationKind(MaillageDbContext db, ProcedureLookups lookups) : ProcedureKindBase(lookups)
{
    public override ProcedureKind Kind => ProcedureKind.LabellingApplication;
    public override string IdPrefix => "LAB";

    /// <summary>The audiences of a site-by-site decision (<see cref="RecipientsAsync"/>).</summary>
    public override IReadOnlyList<Recipient> DecisionRecipientKinds { get; } =
        [Recipient.CentreHeads, Recipient.EstablishmentDirectors, Recipient.RegionalAgency, Recipient.FiliereCoordinator];

    /// <summary>Opened in its call (<see cref="ProcedureService.OpenLabellingApplicationAsync"/>), never by the generic rule.</summary>
    public override Task<bool> CanOpenAsync(Caller caller, string? centreId, string? seatOrReceivingFiness, string? filiere, CancellationToken ct) =>
        Task.FromResult(false);

    protected override async Task<bool> IsAuthorByRoleAsync(Caller caller, Dossier d, Func<string, Task<string?>> legalEntityOf, CancellationToken ct) => caller.Role switch
    {
        UserRole.CentreHead => caller.ScopeId == d.CentreId,
        UserRole.Establishment => await legalEntityOf(d.SeatFiness) == caller.ScopeId,
        _ => false,
    };

    /// <summary>An application is decided site by site: the state machine refuses an approval as a whole.</summary>
    public override Task<ProcedureResult?> ApplyApprovalAsync(Dossier d, DateOnly start, CancellationToken ct) =>
        Task.FromResult<ProcedureResult?>(ProcedureResult.Conflict("kind", "Procédure inconnue."));

    /// <summary>The sites of an application with what the registry knows of them (heads counted today).</summary>
    public async Task<IReadOnlyList<ApplicationSite>> ApplicationSitesAsync(Dossier d, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(d);
        var rows = d.Sites.Count > 0 ? d.Sites : await db.Set<DossierSite>().AsNoTracking().Where(s => s.DossierId == d.Id).ToListAsync(ct);
        var ids = rows.Select(s => s.CentreId).ToList();
        var centres = await db.Centres.AsNoTracking().Include(c => c.Network).Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, ct);
        return SitesOf(rows, centres, await HeadCountsAsync(ids, ct));
    }

    /// <summary>The number of distinct heads in office today of each centre.</summary>
    private async Task<Dictionary<string, int>> HeadCountsAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var today = Lookups.Today;
        return (await db.Mandates.AsNoTracking().Where(m => m.Role == MandateRole.CentreHead && m.CentreId != null && ids.Contains(m.CentreId)
                && m.From <= today && (m.To == null || m.To >= today)).Select(m => new { m.CentreId, m.PersonId }).ToListAsync(ct))
            .GroupBy(m => m.CentreId!).ToDictionary(g => g.Key, g => g.Select(m => m.PersonId).Distinct().Count(), StringComparer.Ordinal);
    }

    private static List<ApplicationSite> SitesOf(IEnumerable<DossierSite> rows, Dictionary<string, Centre> centres, Dictionary<string, int> heads) =>
        // Coordinating site first, then the other reference sites, the competence centres and the CRC, each by id.
        rows.Where(s => centres.ContainsKey(s.CentreId))
            .OrderBy(s => s.ProposedRole == SiteRole.Coordinating ? 0 : s.ProposedKind == CentreKind.ReferenceSite ? 1 : s.ProposedKind == CentreKind.CompetenceCentre ? 2 : 3)
            .ThenBy(s => s.CentreId, StringComparer.Ordinal).Select(s =>
        {
            var c = centres[s.CentreId];
            return new ApplicationSite(c.Id, c.Name, s.ProposedKind, s.ProposedRole, c.Kind, c.EstablishmentFiness, heads.GetValueOrDefault(c.Id),
                c.NetworkId, c.Network?.FiliereAcronym);
        }).ToList();

    /// <summary>
    /// The same requirements for many applications in three queries: their sites (when not loaded), the sites' centres, and the
    /// associations' conventions in force with the networks and sites (with their associations).
    /// </summary>
    protected override async Task<IReadOnlyDictionary<string, DossierRequirementsView>> BulkRequirementsAsync(IReadOnlyList<Dossier> dossiers, EstablishmentFacts facts, CancellationToken ct)
    {
        var unloaded = dossiers.Where(d => d.Sites.Count == 0).Select(d => d.Id).ToList();
        var stored = (unloaded.Count == 0 ? [] : await db.Set<DossierSite>().AsNoTracking().Where(s => unloaded.Contains(s.DossierId)).ToListAsync(ct))
            .ToLookup(s => s.DossierId, StringComparer.Ordinal);
        var rowsOf = dossiers.ToDictionary(d => d.Id, d => d.Sites.Count > 0 ? d.Sites : stored[d.Id].ToList(), StringComparer.Ordinal);
        var ids = rowsOf.Values.SelectMany(r => r.Select(s => s.CentreId)).Distinct(StringComparer.Ordinal).ToList();
        var centres = ids.Count == 0 ? new Dictionary<string, Centre>(StringComparer.Ordinal)
            : await db.Centres.AsNoTracking().Include(c => c.Network).Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, ct);
        // The heads in office are not read: the requirements' sections name each site by its role and name only.
        var noHeads = new Dictionary<string, int>(StringComparer.Ordinal);
        var sitesOf = dossiers.ToDictionary(d => d.Id, d => SitesOf(rowsOf[d.Id], centres, noHeads), StringComparer.Ordinal);
        var conventions = await Lookups.AssociationConventionsAsync(sitesOf.Values.SelectMany(s => s.Select(x => x.CentreId)),
            dossiers.Select(d => d.NetworkId).OfType<string>(), ct);
        var result = new Dictionary<string, DossierRequirementsView>(StringComparer.Ordinal);
        foreach (var d in dossiers)
        {
            var sites = sitesOf[d.Id];
            var siteIds = sites.Select(s => s.CentreId).ToList();
            var associations = conventions.Where(c => (c.TargetKind == ConventionTarget.Network && c.TargetId == d.NetworkId)
                || (c.TargetKind == ConventionTarget.Centre && siteIds.Contains(c.TargetId)));
            var filiere = new Participant(d.FiliereAcronym ?? "", d.FiliereAcronym ?? "filière inconnue");
            result[d.Id] = new DossierRequirementsView(LabellingRequirements.Items(filiere, associations), LabellingRequirements.Sections(sites));
        }
        return result;
    }

    public override async Task<DossierRequirementsView> RequirementsAsync(Dossier d, CancellationToken ct)
    {
        var sites = await ApplicationSitesAsync(d, ct);
        var siteIds = sites.Select(s => s.CentreId).ToList();
        // Only the associations whose convention is in force today are parties: an ended convention leaves the dossier.
        var associationIds = await db.AssociationConventions.AsNoTracking().Where(Conventions.InForceOn(Lookups.Today))
            .Where(c => (c.TargetKind == ConventionTarget.Network && c.TargetId == d.NetworkId) || (c.TargetKind == ConventionTarget.Centre && siteIds.Contains(c.TargetId)))
            .Select(c => c.AssociationId).Distinct().ToListAsync(ct);
        var associations = await db.Associations.AsNoTracking().Where(a => associationIds.Contains(a.Id)).OrderBy(a => a.Id)
            .Select(a => new Participant(a.Id, a.Name)).ToListAsync(ct);
        var filiere = new Participant(d.FiliereAcronym ?? "", d.FiliereAcronym ?? "filière inconnue");
        return new DossierRequirementsView(LabellingRequirements.Items(filiere, associations), LabellingRequirements.Sections(sites));
    }

    /// <summary>The checks before submission: the structural rules (blocking) of the relabelling.</summary>
    public async Task<IReadOnlyList<ApplicationCheck>> StructuralChecksAsync(Dossier d, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(d);
        var sites = await ApplicationSitesAsync(d, ct);
        var perimeter = await db.Set<NetworkDisease>().AsNoTracking().Where(p => p.NetworkId == d.NetworkId).Select(p => p.OrphaCode).ToListAsync(ct);
        var classes = (await db.OrphaEdges.AsNoTracking().Where(e => perimeter.Contains(e.ChildCode)).Select(e => new { e.ChildCode, e.ClassificationId }).ToListAsync(ct))
            .GroupBy(e => e.ChildCode).ToDictionary(g => g.Key, g => (IReadOnlyCollection<int>)g.Select(e => e.ClassificationId).Distinct().ToList());
        var outCodes = perimeter.Where(c => classes.TryGetValue(c, out var cl) && LabellingRequirements.IsOutOfScope(cl)).Order().ToList();
        var names = await db.OrphaDiseases.AsNoTracking().Where(o => outCodes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.NameFr ?? o.NameEn, ct);
        return LabellingRequirements.StructuralChecks(d.NetworkId ?? "", d.FiliereAcronym ?? "", sites, perimeter.Count,
            outCodes.Select(c => (c, names.GetValueOrDefault(c) ?? "")).ToList());
    }

    /// <summary>A failed blocking structural rule stops the submission.</summary>
    public override async Task<IReadOnlyList<FieldError>> SubmissionProblemsAsync(Dossier d, CancellationToken ct)
    {
        var failed = (await StructuralChecksAsync(d, ct)).Where(c => c.Blocking && !c.Passed).ToList();
        return failed.Select(c => new FieldError("structure", $"{c.Message} ({c.Rule})")).ToList();
    }

    /// <summary>The recipients of a labelling application's decision: each site's head, the establishments' directions, the ARS, the filière.</summary>
    public override async Task<IReadOnlyList<DecisionRecipient>> RecipientsAsync(Dossier d, CancellationToken ct)
    {
        var result = new List<DecisionRecipient>();
        var sites = await db.Set<DossierSite>().AsNoTracking().Where(s => s.DossierId == d.Id).Select(s => s.CentreId).ToListAsync(ct);
        var centres = await db.Centres.AsNoTracking().Where(c => sites.Contains(c.Id)).ToListAsync(ct);
        foreach (var c in centres.OrderBy(c => c.Id, StringComparer.Ordinal))
            result.Add(new("site_head", UserRole.CentreHead, c.Id, await Lookups.CurrentHolderAsync(MandateRole.CentreHead, c.Id, null, ct), $"Responsable — {c.Name}"));
        var finess = centres.Select(c => c.EstablishmentFiness).Distinct(StringComparer.Ordinal).ToList();
        foreach (var ej in (await db.Establishments.AsNoTracking().Where(e => finess.Contains(e.Finess)).Select(e => e.LegalEntityFiness ?? e.Finess).ToListAsync(ct)).Distinct(StringComparer.Ordinal))
            result.Add(new("establishment_directors", UserRole.Establishment, ej, null, $"Direction de l'établissement {ej}"));
        foreach (var region in (await db.Establishments.AsNoTracking().Where(e => finess.Contains(e.Finess)).Select(e => e.Departement!.RegionCode).ToListAsync(ct)).Distinct(StringComparer.Ordinal))
            result.Add(new("regional_agency", UserRole.RegionalAgency, region, null, $"ARS (région {region})"));
        if (d.FiliereAcronym is not null)
            result.Add(new("filiere_coordinator", UserRole.FiliereCoordinator, d.FiliereAcronym,
                await Lookups.CurrentHolderAsync(MandateRole.FiliereCoordinator, null, d.FiliereAcronym, ct), $"Coordonnateur de la filière {d.FiliereAcronym}"));
        return result;
    }
}
