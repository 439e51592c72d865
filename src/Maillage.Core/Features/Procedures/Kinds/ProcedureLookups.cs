using Maillage.Core.Data;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>
/// The registry facts every procedure asks for (read only): the legal entity or region of an establishment, the
/// establishments and associations taking part, a centre's filière, who holds a mandate today. Shared by the dossier
/// service and the procedure kinds (one scoped instance per request, from DI).
/// </summary>
public sealed class ProcedureLookups(MaillageDbContext db, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public async Task<string?> LegalEntityOfAsync(string finess, CancellationToken ct) =>
        await db.Establishments.AsNoTracking().Where(e => e.Finess == finess).Select(e => e.LegalEntityFiness ?? e.Finess).FirstOrDefaultAsync(ct);

    public async Task<string?> RegionOfAsync(string finess, CancellationToken ct) =>
        await db.Establishments.AsNoTracking().Where(e => e.Finess == finess).Select(e => e.Departement!.RegionCode).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<Participant>> ParticipantsAsync(IReadOnlyList<string> finess, CancellationToken ct)
    {
        var names = await db.Establishments.AsNoTracking().Where(e => finess.Contains(e.Finess)).ToDictionaryAsync(e => e.Finess, e => e.Name, ct);
        return Participants(finess, names);
    }

    /// <summary><see cref="ParticipantsAsync"/> for names already read (<see cref="EstablishmentsAsync"/>).</summary>
    public static IReadOnlyList<Participant> Participants(IReadOnlyList<string> finess, IReadOnlyDictionary<string, string> names) =>
        finess.Distinct().Select(f => new Participant(f, names.TryGetValue(f, out var n) ? $"{n} ({f})" : f)).ToList();

    /// <summary>
    /// The names and legal entities of many establishments, in one query for those <paramref name="facts"/> has not read yet
    /// (for the dossiers' lists, issue 14); the unknown ones are absent from its dictionaries.
    /// </summary>
    public async Task<EstablishmentFacts> EstablishmentsAsync(IEnumerable<string?> finess, EstablishmentFacts facts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var ids = finess.OfType<string>().Where(f => !facts.Read.Contains(f)).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) return facts;
        var rows = await db.Establishments.AsNoTracking().Where(e => ids.Contains(e.Finess))
            .Select(e => new { e.Finess, e.Name, LegalEntity = e.LegalEntityFiness ?? e.Finess }).ToListAsync(ct);
        foreach (var e in rows) facts.Add(e.Finess, e.Name, e.LegalEntity);
        facts.Read.UnionWith(ids);
        return facts;
    }

    /// <summary>
    /// <see cref="AssociationsOfAsync"/> for many centres at once: the conventions in force today with any of the centres or
    /// networks, and their associations in the database's order of ids (the order the one-centre query gives).
    /// </summary>
    public async Task<AssociationConventionsInForce> AssociationConventionsAsync(IEnumerable<string> centreIds, IEnumerable<string> networkIds, CancellationToken ct)
    {
        var centres = centreIds.Distinct(StringComparer.Ordinal).ToList();
        var networks = networkIds.Distinct(StringComparer.Ordinal).ToList();
        if (centres.Count == 0 && networks.Count == 0) return new([], []);
        // One query: each convention with its association (an association that does not exist names nobody, as in the
        // one-centre query), ordered by the association's id in the database's collation.
        var rows = await db.AssociationConventions.AsNoTracking().Where(Conventions.InForceOn(Today))
            .Where(c => (c.TargetKind == ConventionTarget.Centre && centres.Contains(c.TargetId)) || (c.TargetKind == ConventionTarget.Network && networks.Contains(c.TargetId)))
            .Join(db.Associations, c => c.AssociationId, a => a.Id, (c, a) => new { c.TargetKind, c.TargetId, a.Id, a.Name })
            .OrderBy(x => x.Id).ToListAsync(ct);
        return new(rows.Select(r => new AssociationConventionRow(r.TargetKind, r.TargetId, r.Id)).ToList(),
            rows.DistinctBy(r => r.Id, StringComparer.Ordinal).Select(r => new Participant(r.Id, r.Name)).ToList());
    }

    /// <summary>The associations whose convention with the centre or one of the networks is in force today (<see cref="Conventions.InForceOn"/>).</summary>
    public async Task<IReadOnlyList<Participant>> AssociationsOfAsync(string centreId, IReadOnlyList<string> networkIds, CancellationToken ct)
    {
        var ids = await db.AssociationConventions.AsNoTracking().Where(Conventions.InForceOn(Today))
            .Where(c => (c.TargetKind == ConventionTarget.Centre && c.TargetId == centreId) || (c.TargetKind == ConventionTarget.Network && networkIds.Contains(c.TargetId)))
            .Select(c => c.AssociationId).Distinct().ToListAsync(ct);
        return await db.Associations.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id)
            .Select(a => new Participant(a.Id, a.Name)).ToListAsync(ct);
    }

    public async Task<string?> FiliereOfCentreAsync(string centreId, CancellationToken ct) =>
        await db.CentreAttachments.AsNoTracking().Where(a => a.CentreId == centreId)
            .Join(db.Networks, a => a.NetworkId, n => n.Id, (a, n) => n.FiliereAcronym).OrderBy(x => x).FirstOrDefaultAsync(ct);

    public async Task<string?> CurrentHolderAsync(MandateRole role, string? centreId, string? filiere, CancellationToken ct)
    {
        var today = Today;
        return await db.Mandates.AsNoTracking()
            .Where(m => m.Role == role && m.From <= today && (m.To == null || m.To >= today)
                && (centreId == null || m.CentreId == centreId) && (filiere == null || m.FiliereAcronym == filiere))
            .OrderByDescending(m => m.From).Select(m => m.PersonId).FirstOrDefaultAsync(ct);
    }
}

/// <summary>A convention in force: its target and its association.</summary>
public sealed record AssociationConventionRow(ConventionTarget TargetKind, string TargetId, string AssociationId);

/// <summary>The conventions in force with some centres and networks, and their associations ordered by id as the database orders them.</summary>
public sealed record AssociationConventionsInForce(IReadOnlyList<AssociationConventionRow> Conventions, IReadOnlyList<Participant> OrderedAssociations)
{
    /// <summary><see cref="ProcedureLookups.AssociationsOfAsync"/>'s answer for one centre and its networks.</summary>
    public IReadOnlyList<Participant> Of(string centreId, IReadOnlyCollection<string> networkIds) =>
        Where(c => (c.TargetKind == ConventionTarget.Centre && c.TargetId == centreId) || (c.TargetKind == ConventionTarget.Network && networkIds.Contains(c.TargetId)));

    /// <summary>The associations of the conventions matching <paramref name="match"/>, in the database's order of ids.</summary>
    public IReadOnlyList<Participant> Where(Func<AssociationConventionRow, bool> match)
    {
        var ids = Conventions.Where(match).Select(c => c.AssociationId).ToHashSet(StringComparer.Ordinal);
        return ids.Count == 0 ? [] : OrderedAssociations.Where(a => ids.Contains(a.Id)).ToList();
    }
}

/// <summary>
/// The names and legal entities of the establishments read while one list is computed (never kept beyond it): an
/// establishment read once is not read again by the next procedure kind.
/// </summary>
public sealed class EstablishmentFacts
{
    public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> LegalEntities { get; } = new(StringComparer.Ordinal);

    /// <summary>The FINESS looked up (found or not).</summary>
    public HashSet<string> Read { get; } = new(StringComparer.Ordinal);

    /// <summary>An establishment found in the registry.</summary>
    public void Add(string finess, string name, string legalEntity)
    {
        Names[finess] = name;
        LegalEntities[finess] = legalEntity;
        Read.Add(finess);
    }
}
