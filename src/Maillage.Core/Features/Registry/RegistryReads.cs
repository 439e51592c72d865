using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Registry;

public sealed record EstablishmentFilter(string? Q, string? Region, string? Departement, EstablishmentCategory? Category, EstablishmentLevel? Level, string? LegalEntity);

public sealed record NetworkFilter(string? Filiere, ThresholdField? Field, int? Orpha, string? Q, DateOnly? AsOf, string? Period);

public sealed record OrphaEntry(OrphaDisease Disease, IReadOnlyList<int> Parents, IReadOnlyList<int> Children);

/// <summary>A centre as the API shows it: the centre, its current head's public name and its filières.</summary>
public sealed record CentreDetail(Centre Centre, string? HeadName, IReadOnlyList<string> Filieres);

/// <summary>
/// The registry's reads for the API (lists with their filters, reference tables, people): every method takes the caller
/// and returns only what the caller may read (docs/security.md, "Who reads what (data classes)"). The registry's
/// structures, reference tables and heads' public names are <see cref="DataClass.Public"/>; people's identifying data and
/// contact go through <see cref="PersonalData"/>.
/// </summary>
public sealed class RegistryReads(MaillageDbContext db, RegistryQueries queries, PersonalData personal)
{
    public Task<bool> IsDemoAsync(CancellationToken ct = default) => queries.IsDemoAsync(ct);

    public DateOnly Today => queries.Today;

    public Task<RegistryStats> StatsAsync(Caller caller, DateOnly? asOf, CancellationToken ct = default) => queries.StatsAsync(asOf, ct);

    public Task<IReadOnlyList<HistoryRow>?> HistoryAsync(Caller caller, string entity, string id, CancellationToken ct = default) =>
        queries.HistoryAsync(caller, entity, id, ct);

    // Reference tables (public).

    public async Task<IReadOnlyList<Region>> RegionsAsync(Caller caller, CancellationToken ct = default) =>
        await db.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct);

    public Task<Region?> RegionAsync(Caller caller, string code, CancellationToken ct = default) =>
        db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct);

    public async Task<IReadOnlyList<Departement>> DepartementsAsync(Caller caller, string? region, CancellationToken ct = default) =>
        await db.Departements.AsNoTracking().Where(d => region == null || d.RegionCode == region).OrderBy(d => d.Code).ToListAsync(ct);

    public Task<Departement?> DepartementAsync(Caller caller, string code, CancellationToken ct = default) =>
        db.Departements.AsNoTracking().FirstOrDefaultAsync(d => d.Code == code, ct);

    public async Task<IReadOnlyList<Ern>> ErnsAsync(Caller caller, CancellationToken ct = default) =>
        await db.Erns.AsNoTracking().OrderBy(e => e.Acronym).ToListAsync(ct);

    public Task<Ern?> ErnAsync(Caller caller, string acronym, CancellationToken ct = default) =>
        db.Erns.AsNoTracking().FirstOrDefaultAsync(e => e.Acronym == acronym, ct);

    public async Task<OrphaEntry?> OrphaAsync(Caller caller, int code, CancellationToken ct = default)
    {
        var o = await db.OrphaDiseases.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        if (o is null) return null;
        var parents = await db.OrphaEdges.AsNoTracking().Where(e => e.ChildCode == code).Select(e => e.ParentCode).Distinct().OrderBy(x => x).ToListAsync(ct);
        var children = await db.OrphaEdges.AsNoTracking().Where(e => e.ParentCode == code).Select(e => e.ChildCode).Distinct().OrderBy(x => x).ToListAsync(ct);
        return new OrphaEntry(o, parents, children);
    }

    // Structures (public).

    public async Task<Page<Establishment>> EstablishmentsAsync(Caller caller, EstablishmentFilter f, int page, int size, CancellationToken ct = default)
    {
        var query = db.Establishments.AsNoTracking().Include(e => e.Departement).AsQueryable();
        if (f.Region is not null) query = query.Where(e => e.Departement!.RegionCode == f.Region);
        if (f.Departement is not null) query = query.Where(e => e.DepartementCode == f.Departement);
        if (f.Category is not null) query = query.Where(e => e.Category == f.Category);
        if (f.Level is not null) query = query.Where(e => e.Level == f.Level);
        if (f.LegalEntity is not null) query = query.Where(e => e.LegalEntityFiness == f.LegalEntity || e.Finess == f.LegalEntity);
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var text = f.Q.Trim();
            query = query.Where(e => e.Finess.Contains(text) || EF.Functions.Like(e.Name, "%" + text + "%") || (e.Commune != null && EF.Functions.Like(e.Commune, "%" + text + "%")));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(e => e.Finess).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Page<Establishment>(items, total, page, size);
    }

    public Task<Establishment?> EstablishmentAsync(Caller caller, string finess, CancellationToken ct = default) => queries.EstablishmentAsync(finess, ct);

    public async Task<IReadOnlyList<Filiere>> FilieresAsync(Caller caller, CancellationToken ct = default) =>
        await db.Filieres.AsNoTracking().Include(f => f.Erns).OrderBy(f => f.Acronym).ToListAsync(ct);

    public Task<Filiere?> FiliereAsync(Caller caller, string acronym, CancellationToken ct = default) => queries.FiliereAsync(acronym, ct);

    /// <summary>A page of networks, filtered, sorted by id and paged in the database.</summary>
    public async Task<Page<Network>> NetworksAsync(Caller caller, NetworkFilter f, int page, int size, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(f);
        var query = db.Networks.AsNoTracking().AsQueryable();
        if (f.Filiere is not null) query = query.Where(n => n.FiliereAcronym == f.Filiere);
        if (f.Field is not null) query = query.Where(n => n.Field == f.Field);
        if (f.Orpha is not null) query = query.Where(n => n.Perimeter.Any(d => d.OrphaCode == f.Orpha));
        if (f.Period is not null) query = query.Where(n => db.Labels.Any(l => l.NetworkId == n.Id && l.PeriodId == f.Period && l.Decision != LabelDecision.NotRetained));
        if (!string.IsNullOrWhiteSpace(f.Q)) query = query.Where(n => EF.Functions.Like(n.Name, "%" + f.Q.Trim() + "%") || n.Id.Contains(f.Q.Trim()));
        if (f.AsOf is { } d)
        {
            var labelled = LabelledOn(d);
            query = query.Where(n => labelled.Any(l => l.NetworkId == n.Id));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(n => n.Id).Skip((page - 1) * size).Take(size)
            .Include(n => n.Perimeter).Include(n => n.Erns).AsSplitQuery().ToListAsync(ct);
        return new Page<Network>(items, total, page, size);
    }

    public Task<Network?> NetworkAsync(Caller caller, string id, CancellationToken ct = default) => queries.NetworkAsync(id, ct);

    public Task<Page<CentreRow>> CentresAsync(Caller caller, CentreFilter filter, int page, int size, CancellationToken ct = default) =>
        queries.CentresAsync(filter, page, size, ct);

    public Task<CentreDetail?> CentreAsync(Caller caller, string id, CancellationToken ct = default) => queries.CentreDetailAsync(id, ct);

    /// <summary>A page of platforms, filtered, sorted by id and paged in the database.</summary>
    public async Task<Page<Platform>> PlatformsAsync(Caller caller, PlatformKind? kind, string? region, DateOnly? asOf, int page, int size, CancellationToken ct = default)
    {
        var query = db.Platforms.AsNoTracking().Where(p => (kind == null || p.Kind == kind) && (region == null || p.RegionCode == region));
        if (asOf is { } d)
        {
            var labelled = LabelledOn(d);
            query = query.Where(p => labelled.Any(l => l.PlatformId == p.Id));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(p => p.Id).Skip((page - 1) * size).Take(size)
            .Include(p => p.Establishments).Include(p => p.Centres).AsSplitQuery().ToListAsync(ct);
        return new Page<Platform>(items, total, page, size);
    }

    public Task<Platform?> PlatformAsync(Caller caller, string id, CancellationToken ct = default) => queries.PlatformAsync(id, ct);

    public async Task<Page<Association>> AssociationsAsync(Caller caller, string? q, string? network, int page, int size, CancellationToken ct = default)
    {
        var query = db.Associations.AsNoTracking().Include(a => a.Conventions).AsQueryable();
        if (!string.IsNullOrWhiteSpace(q)) query = query.Where(a => EF.Functions.Like(a.Name, "%" + q.Trim() + "%") || (a.Acronym != null && EF.Functions.Like(a.Acronym, "%" + q.Trim() + "%")));
        if (network is not null) query = query.Where(a => a.Conventions.Any(c => c.TargetKind == ConventionTarget.Network && c.TargetId == network));
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(a => a.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Page<Association>(items, total, page, size);
    }

    public Task<Association?> AssociationAsync(Caller caller, string id, CancellationToken ct = default) => queries.AssociationAsync(id, ct);

    public Task<List<Label>> LabelsOfAsync(Caller caller, string? networkId = null, string? centreId = null, string? platformId = null, string? filiere = null, CancellationToken ct = default) =>
        queries.LabelsOfAsync(networkId, centreId, platformId, filiere, ct);

    /// <summary>Mandates with the holder's public name (the <see cref="Mandate.Person"/> navigation is not loaded: personal data stays out).</summary>
    public async Task<IReadOnlyList<(Mandate Mandate, string PersonName)>> MandatesAsync(Caller caller, string? centreId = null, string? personId = null, CancellationToken ct = default) =>
        (await queries.MandatesAsync(centreId: centreId, personId: personId, ct: ct)).Select(m => (m, m.Person?.DisplayName ?? m.PersonId)).ToList();

    // People: name and title are public; identifying data and contact only where the caller may read them.

    /// <summary>People by name, or by RPPS among the people whose identifying data the caller may read.</summary>
    public async Task<Page<PersonView>> PeopleAsync(Caller caller, string? q, int page, int size, CancellationToken ct = default)
    {
        var query = db.People.AsNoTracking().AsQueryable();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            var byRpps = new List<string>();
            if (DataAccess.MayReadAny(caller, DataClass.IdentifyingPersonal))
            {
                var rppsMatches = await db.People.AsNoTracking().Where(x => x.Rpps == text).Select(x => x.Id).ToListAsync(ct);
                if (rppsMatches.Count > 0)
                {
                    var rights = await personal.RightsOfAsync(caller, rppsMatches, ct);
                    byRpps.AddRange(rppsMatches.Where(id => rights(id).Identifying));
                }
            }
            query = query.Where(x => EF.Functions.Like(x.LastName, "%" + text + "%") || EF.Functions.Like(x.FirstName, "%" + text + "%") || byRpps.Contains(x.Id));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(x => x.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        var rightsOf = await personal.RightsOfAsync(caller, items.Select(p => p.Id).ToList(), ct);
        return new Page<PersonView>(items.Select(p => PersonView.Of(p, rightsOf(p.Id))).ToList(), total, page, size);
    }

    public async Task<PersonView?> PersonAsync(Caller caller, string id, CancellationToken ct = default)
    {
        var p = await queries.PersonAsync(id, ct);
        return p is null ? null : PersonView.Of(p, await personal.RightsAsync(caller, id, ct));
    }

    /// <summary>The labels in force on <paramref name="d"/> (a retained decision whose validity covers the day), as a query.</summary>
    private IQueryable<Label> LabelledOn(DateOnly d) =>
        db.Labels.Where(l => l.Decision != LabelDecision.NotRetained && l.ValidFrom <= d && (l.ValidTo == null || l.ValidTo >= d));
}
