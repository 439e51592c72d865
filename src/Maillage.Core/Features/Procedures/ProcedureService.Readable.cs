using Maillage.Core.Features.Procedures.Kinds;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures;

/// <summary>
/// The dossiers' lists (« Ce qui m'attend », Mon espace, the API): <see cref="CanReadAsync"/>'s rule evaluated for a whole
/// list in a few queries instead of a dozen per dossier (issue 14). Same rule, same order of its parts, fail closed: the
/// ministry reads everything; the committee's members the referred dossiers; any other signed-in caller a dossier whose
/// scope it covers (its centre, filière, establishments — loaded once for the list), to whose jury it is assigned (one
/// query), or for which it provides an item — the only part that still needs the dossier's requirements, computed for
/// the dossiers the first parts did not open and only for the roles that may provide something.
/// </summary>
public sealed partial class ProcedureService
{
    /// <summary>What a list's read computed once and its tasks use again: the requirements and the legal entities looked up.</summary>
    private sealed class ListContext(ProcedureService service, CancellationToken ct)
    {
        public CancellationToken Ct => ct;

        /// <summary>The establishments' names and legal entities read by the list (its scopes, the kinds' requirements).</summary>
        public EstablishmentFacts Establishments { get; } = new();

        public Dictionary<string, DossierRequirementsView> Requirements { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string?> LegalEntities { get; } = new(StringComparer.Ordinal);

        public async Task<DossierRequirementsView> RequirementsAsync(Dossier d)
        {
            if (!Requirements.TryGetValue(d.Id, out var r)) Requirements[d.Id] = r = await service.RequirementsAsync(d, ct);
            return r;
        }

        /// <summary>The list's computation is followed by the caller's tasks (the drafts' requirements are computed with the rest).</summary>
        public bool ForTasks { get; init; }

        public async Task<string?> LegalEntityOfAsync(string finess)
        {
            if (finess is null) return await service.LegalEntityOfAsync(finess!, ct);
            if (!LegalEntities.TryGetValue(finess, out var le)) LegalEntities[finess] = le = await service.LegalEntityOfAsync(finess, ct);
            return le;
        }

        /// <summary>
        /// Computes the requirements of <paramref name="dossiers"/> not computed yet, a few queries per procedure kind
        /// (<see cref="IProcedureKind.RequirementsAsync(IReadOnlyList{Dossier}, EstablishmentFacts, CancellationToken)"/>, the same answer
        /// as one dossier at a time), and looks up at once the legal entities of the establishments their items name.
        /// </summary>
        public async Task PrefetchAsync(IEnumerable<Dossier> dossiers)
        {
            foreach (var group in dossiers.Where(d => !Requirements.ContainsKey(d.Id)).DistinctBy(d => d.Id, StringComparer.Ordinal).GroupBy(d => d.Kind))
                foreach (var (id, view) in await service.RequirementsOfKindAsync(group.Key, group.ToList(), Establishments, ct))
                    Requirements[id] = view;
            var finess = Requirements.Values.SelectMany(r => r.Items).Where(i => i.Party == Party.EstablishmentDirection).Select(i => i.TargetId)
                .OfType<string>().Where(f => !LegalEntities.ContainsKey(f)).Distinct(StringComparer.Ordinal).ToList();
            if (finess.Count == 0) return;
            await service.EstablishmentsAsync(finess, Establishments, ct);
            foreach (var f in finess) LegalEntities[f] = Establishments.LegalEntities.GetValueOrDefault(f);
        }
    }

    private Task<IReadOnlyDictionary<string, DossierRequirementsView>> RequirementsOfKindAsync(ProcedureKind kind, IReadOnlyList<Dossier> dossiers,
        EstablishmentFacts facts, CancellationToken ct) => kinds[kind].RequirementsAsync(dossiers, facts, ct);

    private Task<EstablishmentFacts> EstablishmentsAsync(IEnumerable<string?> finess, EstablishmentFacts facts, CancellationToken ct) =>
        lookups.EstablishmentsAsync(finess, facts, ct);

    /// <summary>
    /// <see cref="RequirementsAsync(Dossier, CancellationToken)"/> for many dossiers in a few queries per procedure kind (the
    /// dossiers' lists): the same answer for each, by dossier id.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DossierRequirementsView>> RequirementsAsync(IReadOnlyList<Dossier> dossiers, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dossiers);
        var context = new ListContext(this, ct);
        await context.PrefetchAsync(dossiers);
        return context.Requirements;
    }

    /// <summary>The dossiers of <paramref name="all"/> the caller may read (<see cref="CanReadAsync"/> for each, in bulk).</summary>
    private async Task<List<Dossier>> ReadableAsync(Caller caller, List<Dossier> all, ListContext context, CancellationToken ct)
    {
        if (!caller.IsAuthenticated || all.Count == 0) return [];
        if (caller.Role == UserRole.NationalAdmin) return all;
        if (caller.Role == UserRole.FollowUpCommittee) return await Committee.CommitteeService.ReferredAsync(db, all, ct);
        var scopes = await DossierScopesAsync(all, context, ct);
        var assigned = all.Any(d => d.CallId is not null) ? await calls.AssignedDossiersAsync(caller, ct) : [];
        bool OpenedByScope(Dossier d) => AccessPolicy.Allows(caller, scopes[d.Id]) || (d.CallId is not null && assigned.Contains(d.Id));
        // The roles a party names need the requirements of every dossier their scope did not open, and the tasks those of the
        // drafts: computed in bulk, at once.
        if (IsPartyRole(caller)) await context.PrefetchAsync(all.Where(d => !OpenedByScope(d) || (context.ForTasks && d.State == DossierState.Draft)));
        var readable = new List<Dossier>();
        foreach (var d in all)
        {
            if (OpenedByScope(d)) readable.Add(d);
            else if (MayProvideSomething(caller) && await ProvidesAnyAsync(caller, d, context, ct)) readable.Add(d);
        }
        return readable;
    }

    /// <summary>
    /// Whether <see cref="CanProvideAsync"/> may be true for the caller's role at all: an agency (and the committee) provides
    /// nothing — its own rule gives it no party, and no procedure makes it an author.
    /// </summary>
    private static bool MayProvideSomething(Caller caller) => caller.Role is not (UserRole.RegionalAgency or UserRole.FollowUpCommittee);

    /// <summary><see cref="IsAuthorAsync(Caller, Dossier, CancellationToken)"/> with the list's legal entities.</summary>
    private Task<bool> IsAuthorAsync(Caller caller, Dossier d, ListContext context) =>
        kinds.Of(d).IsAuthorAsync(caller, d, context.LegalEntityOfAsync, context.Ct);

    /// <summary>The four roles a party of a dossier names (centre head, filière coordinator, establishment direction, association).</summary>
    private static bool IsPartyRole(Caller caller) =>
        caller.Role is UserRole.CentreHead or UserRole.FiliereCoordinator or UserRole.Establishment or UserRole.Association;

    private async Task<bool> ProvidesAnyAsync(Caller caller, Dossier d, ListContext context, CancellationToken ct)
    {
        // Outside the four roles a party names (centre head, filière coordinator, establishment direction, association),
        // the rule's only way to provide is as the dossier's author (the applicant's items): asked first, it spares the
        // requirements of every dossier the caller did not write (a jury expert's list).
        if (!IsPartyRole(caller) && !await IsAuthorAsync(caller, d, context))
            return false;
        bool? isAuthor = null;
        foreach (var item in (await context.RequirementsAsync(d)).Items)
            if (await CanProvideAsync(caller, d, item, context.LegalEntityOfAsync, async () => isAuthor ??= await IsAuthorAsync(caller, d, context)))
                return true;
        return false;
    }

    /// <summary>
    /// <see cref="DossierScopeAsync"/> for every dossier of the list, in three queries: the centres (with their networks'
    /// filières), the networks, the establishments (legal entity and region) of the dossiers and of their centres.
    /// </summary>
    private async Task<Dictionary<string, ObjectScope>> DossierScopesAsync(List<Dossier> all, ListContext context, CancellationToken ct)
    {
        var centreIds = all.Select(d => d.CentreId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var centres = centreIds.Count == 0 ? [] : await db.Centres.AsNoTracking().Where(c => centreIds.Contains(c.Id))
            .Select(c => new { c.Id, c.EstablishmentFiness, c.NetworkId, Attached = c.Attachments.Select(a => a.NetworkId).ToList() }).ToListAsync(ct);
        var networkIds = centres.SelectMany(c => c.Attached.Append(c.NetworkId)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var filiereOf = networkIds.Count == 0 ? [] : await db.Networks.AsNoTracking().Where(n => networkIds.Contains(n.Id))
            .ToDictionaryAsync(n => n.Id, n => n.FiliereAcronym, StringComparer.Ordinal, ct);
        var finess = all.SelectMany(d => new[] { d.SeatFiness, d.OtherFiness }).Concat(centres.Select(c => c.EstablishmentFiness))
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var establishments = await db.Establishments.AsNoTracking().Where(e => finess.Contains(e.Finess))
            .Select(e => new { e.Finess, e.Name, LegalEntity = e.LegalEntityFiness ?? e.Finess, Region = e.Departement == null ? null : e.Departement.RegionCode })
            .ToDictionaryAsync(e => e.Finess, StringComparer.Ordinal, ct);
        foreach (var f in finess) context.LegalEntities[f] = establishments.TryGetValue(f, out var known) ? known.LegalEntity : null;
        // Read again by the requirements' participants: only those found (an establishment this join could miss is looked up there).
        foreach (var e in establishments.Values) context.Establishments.Add(e.Finess, e.Name, e.LegalEntity);
        void AddEstablishment(ObjectScope s, string f)
        {
            if (!establishments.TryGetValue(f, out var e)) return;
            s.LegalEntities.Add(e.LegalEntity);
            if (e.Region is not null) s.Regions.Add(e.Region);
        }
        var centreById = centres.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var scopes = new Dictionary<string, ObjectScope>(all.Count, StringComparer.Ordinal);
        foreach (var d in all)
        {
            var s = new ObjectScope();
            if (d.CentreId is not null && centreById.TryGetValue(d.CentreId, out var c))
            {
                s.Centres.Add(c.Id);
                AddEstablishment(s, c.EstablishmentFiness);
                foreach (var n in c.Attached.Append(c.NetworkId))
                    if (n is not null && filiereOf.TryGetValue(n, out var f)) s.Filieres.Add(f);
            }
            if (d.FiliereAcronym is not null) s.Filieres.Add(d.FiliereAcronym);
            AddEstablishment(s, d.SeatFiness);
            if (d.OtherFiness is not null) AddEstablishment(s, d.OtherFiness);
            scopes[d.Id] = s;
        }
        return scopes;
    }
}
