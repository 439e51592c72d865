using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Registry;

public sealed record HomeView(RegistryStats Stats, DateOnly AsOf, Dictionary<string, string> FiliereNames, Dictionary<string, string> RegionNames);

public sealed record CentreFilterOptions(IReadOnlyList<Filiere> Filieres, IReadOnlyList<Region> Regions, IReadOnlyList<Departement> Departements, IReadOnlyList<LabellingPeriod> Periods);

public sealed record NetworkListItem(string Id, string Name, string? Acronym, string Filiere, string? Coordinating, int Sites);

public sealed record NetworkIndexView(IReadOnlyList<NetworkListItem> Networks, Dictionary<string, string> FiliereNames);

public sealed record NetworkPage(Network Network, IReadOnlyList<CentreRow> Sites, IReadOnlyList<CentreRow> CompetenceCentres, IReadOnlyList<CentreRow> ResourceCentres,
    Dictionary<int, string> OrphaNames, Dictionary<string, string> ErnNames, IReadOnlyList<(string Id, string Name)> Associations,
    IReadOnlyList<Label> Labels, IReadOnlyList<HistoryRow> History, bool CanEdit);

public sealed record FiliereIndexView(IReadOnlyList<Filiere> Filieres, RegistryStats Stats);

public sealed record FiliereNetworkItem(string Id, string Name, string? Acronym, int Sites, int CompetenceCentres);

public sealed record FilierePage(Filiere Filiere, StructureCounts Counts, DateOnly AsOf, DateOnly Today, IReadOnlyList<FiliereNetworkItem> Networks,
    Dictionary<string, string> ErnNames, IReadOnlyList<Mandate> Coordinators, IReadOnlyList<(string Id, string Name)> Associations,
    IReadOnlyList<Label> Labels, IReadOnlyList<HistoryRow> History, bool CanEdit);

public sealed record EstablishmentPage(Establishment Establishment, IReadOnlyList<CentreRow> Centres, IReadOnlyList<Establishment> Sites,
    IReadOnlyList<Platform> Platforms, IReadOnlyList<Filiere> Filieres, IReadOnlyList<HistoryRow> History, bool CanEdit);

public sealed record AssociationListItem(string Id, string Name, string? Acronym, string? Website, int Conventions);

/// <summary>An association with the names of its conventions' targets (networks, centres, filières; keyed by target id).</summary>
public sealed record AssociationPage(Association Association, Dictionary<string, string> NetworkNames, Dictionary<string, string> CentreNames,
    Dictionary<string, string> FiliereNames, string? DepartementName, IReadOnlyList<HistoryRow> History, bool CanEdit);

/// <summary>A person as the caller may see him or her, with mandates and the names of their structures; the history is null
/// when the caller may not read it (identifying data).</summary>
public sealed record PersonPage(PersonView Person, IReadOnlyList<Mandate> Mandates, Dictionary<string, string> CentreNames,
    Dictionary<string, string> PlatformNames, IReadOnlyList<HistoryRow>? History, bool CanEdit, DateOnly Today);

public sealed record PlatformIndexView(IReadOnlyList<Platform> Platforms, Dictionary<string, string> RegionNames);

public sealed record PlatformPage(Platform Platform, string? RegionName, IReadOnlyList<Establishment> Establishments, IReadOnlyList<(string Id, string Name)> Centres,
    IReadOnlyList<Mandate> Heads, IReadOnlyList<Label> Labels, IReadOnlyList<HistoryRow> History);

/// <summary>A centre's page. <see cref="Activity"/> (measured activity, <see cref="DataClass.HealthActivity"/>) is null
/// unless the caller may read the centre's health activity and its small cells.</summary>
public sealed record CentrePage(Centre Centre, IReadOnlyList<(string Id, string Name, string Filiere)> AttachedNetworks, IReadOnlyList<Mandate> Heads,
    Mandate? CurrentHead, string? PredecessorName, IReadOnlyList<(string Id, string Name)> Successors, IReadOnlyList<(string Id, string Name)> Platforms,
    IReadOnlyList<Label> Labels, IReadOnlyList<HistoryRow> History, bool CanEdit, IReadOnlyList<ActivityIndicators>? Activity);

/// <summary>
/// The read models of the registry's pages (home, lists and detail pages): one method per page, each taking the caller and
/// returning only what the caller may read (docs/security.md, "Who reads what (data classes)"). Mandates are returned with
/// their <see cref="Mandate.Person"/> stripped to the public part (name and title).
/// </summary>
public sealed class RegistryPages(MaillageDbContext db, RegistryQueries queries, RegistryReads reads, AccessPolicy access)
{
    public DateOnly Today => queries.Today;

    public Task<bool> IsDemoAsync(CancellationToken ct = default) => queries.IsDemoAsync(ct);

    public async Task<HomeView> HomeAsync(Caller caller, DateOnly? asOf, CancellationToken ct = default)
    {
        var stats = await queries.StatsAsync(asOf, ct);
        var date = DateOnly.TryParseExact(stats.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var a) ? a : queries.Today;
        var filieres = await db.Filieres.AsNoTracking().ToDictionaryAsync(f => f.Acronym, f => f.Name, StringComparer.Ordinal, ct);
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, StringComparer.Ordinal, ct);
        return new HomeView(stats, date, filieres, regions);
    }

    public Task<Page<CentreRow>> CentresAsync(Caller caller, CentreFilter filter, int page, int size, CancellationToken ct = default) =>
        reads.CentresAsync(caller, filter, page, size, ct);

    public async Task<CentreFilterOptions> CentreFilterOptionsAsync(Caller caller, CancellationToken ct = default) => new(
        await db.Filieres.AsNoTracking().OrderBy(f => f.Acronym).ToListAsync(ct),
        await db.Regions.AsNoTracking().ToListAsync(ct),
        await db.Departements.AsNoTracking().OrderBy(d => d.Code).ToListAsync(ct),
        await db.LabellingPeriods.AsNoTracking().Where(p => p.Scope == PeriodScope.Centres).OrderByDescending(p => p.Start).ToListAsync(ct));

    public async Task<NetworkIndexView> NetworksAsync(Caller caller, CancellationToken ct = default)
    {
        var networks = await db.Networks.AsNoTracking()
            .Select(n => new
            {
                n.Id, n.Name, n.Acronym, n.FiliereAcronym,
                Coordinating = n.Sites.Where(s => s.Role == SiteRole.Coordinating && s.ClosedOn == null).Select(s => s.Establishment!.Commune).FirstOrDefault(),
                Sites = n.Sites.Count(s => s.ClosedOn == null),
            })
            .ToListAsync(ct);
        var items = networks.Select(n => new NetworkListItem(n.Id, n.Name, n.Acronym, n.FiliereAcronym, n.Coordinating, n.Sites)).ToList();
        return new NetworkIndexView(items, await db.Filieres.AsNoTracking().ToDictionaryAsync(f => f.Acronym, f => f.Name, StringComparer.Ordinal, ct));
    }

    public async Task<NetworkPage?> NetworkAsync(Caller caller, string id, CancellationToken ct = default)
    {
        var n = await queries.NetworkAsync(id, ct);
        if (n is null) return null;
        var sites = (await queries.CentresAsync(new CentreFilter { Network = id, Kind = CentreKind.ReferenceSite }, 1, 1000, ct)).Items
            .OrderBy(c => c.Role).ThenBy(c => c.EstablishmentName, StringComparer.Ordinal).ToList();
        var ccmr = (await queries.CentresAsync(new CentreFilter { Network = id, Kind = CentreKind.CompetenceCentre }, 1, 10_000, ct)).Items;
        var crc = (await queries.CentresAsync(new CentreFilter { Network = id, Kind = CentreKind.ResourceCentre }, 1, 10_000, ct)).Items;
        var orphaNames = await queries.OrphaNamesAsync(n.Perimeter.Select(p => p.OrphaCode).ToList(), ct);
        var ernIds = n.Erns.Select(e => e.ErnAcronym).ToList();
        var ernNames = await db.Erns.AsNoTracking().Where(e => ernIds.Contains(e.Acronym)).ToDictionaryAsync(e => e.Acronym, e => e.Name, StringComparer.Ordinal, ct);
        var associations = await ConventionPartnersAsync(ConventionTarget.Network, id, ct);
        return new NetworkPage(n, sites, ccmr, crc, orphaNames, ernNames, associations,
            await queries.LabelsOfAsync(networkId: id, ct: ct), await PublicHistoryAsync(caller, "network", id, ct),
            await access.CanWriteAsync(caller, "network", id, ct));
    }

    public async Task<FiliereIndexView> FilieresAsync(Caller caller, CancellationToken ct = default) =>
        new(await db.Filieres.AsNoTracking().Include(f => f.Host).OrderBy(f => f.Acronym).ToListAsync(ct), await queries.StatsAsync(ct: ct));

    public async Task<FilierePage?> FiliereAsync(Caller caller, string acronym, CancellationToken ct = default)
    {
        var f = await queries.FiliereAsync(acronym, ct);
        if (f is null) return null;
        var stats = await queries.StatsAsync(ct: ct);
        var counts = stats.ByFiliere.GetValueOrDefault(acronym) ?? new StructureCounts();
        var asOf = DateOnly.TryParseExact(stats.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : queries.Today;
        var networks = (await db.Networks.AsNoTracking().Where(n => n.FiliereAcronym == acronym)
                .Select(n => new
                {
                    n.Id, n.Name, n.Acronym,
                    Sites = n.Sites.Count(s => s.ClosedOn == null),
                    Ccmr = db.CentreAttachments.Count(a => a.NetworkId == n.Id && db.Centres.Any(c => c.Id == a.CentreId && c.ClosedOn == null)),
                }).ToListAsync(ct))
            .Select(n => new FiliereNetworkItem(n.Id, n.Name, n.Acronym, n.Sites, n.Ccmr)).ToList();
        var ernIds = f.Erns.Select(e => e.ErnAcronym).ToList();
        var ernNames = await db.Erns.AsNoTracking().Where(e => ernIds.Contains(e.Acronym)).ToDictionaryAsync(e => e.Acronym, e => e.Name, StringComparer.Ordinal, ct);
        var coordinators = Public((await queries.MandatesAsync(filiere: acronym, ct: ct)).Where(m => m.Role == MandateRole.FiliereCoordinator));
        return new FilierePage(f, counts, asOf, queries.Today, networks, ernNames, coordinators, await ConventionPartnersAsync(ConventionTarget.Filiere, acronym, ct),
            await queries.LabelsOfAsync(filiere: acronym, ct: ct), await PublicHistoryAsync(caller, "filiere", acronym, ct),
            await access.CanWriteAsync(caller, "filiere", acronym, ct));
    }

    public async Task<EstablishmentPage?> EstablishmentAsync(Caller caller, string finess, CancellationToken ct = default)
    {
        var e = await queries.EstablishmentAsync(finess, ct);
        if (e is null) return null;
        return new EstablishmentPage(e,
            (await queries.CentresAsync(new CentreFilter { Establishment = finess }, 1, 10_000, ct)).Items,
            await db.Establishments.AsNoTracking().Where(x => x.LegalEntityFiness == finess).OrderBy(x => x.Name).ToListAsync(ct),
            await db.Platforms.AsNoTracking().Where(p => p.HostFiness == finess).OrderBy(p => p.Name).ToListAsync(ct),
            await db.Filieres.AsNoTracking().Where(f => f.HostFiness == finess).OrderBy(f => f.Acronym).ToListAsync(ct),
            await PublicHistoryAsync(caller, "establishment", finess, ct),
            await access.CanWriteAsync(caller, "establishment", finess, ct));
    }

    public async Task<IReadOnlyList<AssociationListItem>> AssociationsAsync(Caller caller, CancellationToken ct = default) =>
        (await db.Associations.AsNoTracking()
            .Select(a => new { a.Id, a.Name, a.Acronym, a.Website, Count = a.Conventions.Count }).ToListAsync(ct))
        .Select(a => new AssociationListItem(a.Id, a.Name, a.Acronym, a.Website, a.Count)).ToList();

    public async Task<AssociationPage?> AssociationAsync(Caller caller, string id, CancellationToken ct = default)
    {
        var a = await queries.AssociationAsync(id, ct);
        if (a is null) return null;
        var ids = a.Conventions.Select(c => c.TargetId).ToList();
        var networks = await db.Networks.AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Name, StringComparer.Ordinal, ct);
        var centres = await db.Centres.AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Name, StringComparer.Ordinal, ct);
        var filieres = await db.Filieres.AsNoTracking().Where(n => ids.Contains(n.Acronym)).ToDictionaryAsync(n => n.Acronym, n => n.Name, StringComparer.Ordinal, ct);
        var departement = a.DepartementCode is null ? null
            : await db.Departements.AsNoTracking().Where(d => d.Code == a.DepartementCode).Select(d => d.Name).FirstOrDefaultAsync(ct);
        return new AssociationPage(a, networks, centres, filieres, departement, await PublicHistoryAsync(caller, "association", id, ct),
            await access.CanWriteAsync(caller, "association", id, ct));
    }

    public async Task<PersonPage?> PersonAsync(Caller caller, string id, CancellationToken ct = default)
    {
        var person = await reads.PersonAsync(caller, id, ct);
        if (person is null) return null;
        var mandates = Public(await queries.MandatesAsync(personId: id, ct: ct));
        var centreIds = mandates.Where(m => m.CentreId != null).Select(m => m.CentreId!).ToList();
        var platformIds = mandates.Where(m => m.PlatformId != null).Select(m => m.PlatformId!).ToList();
        var centres = await db.Centres.AsNoTracking().Where(c => centreIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, StringComparer.Ordinal, ct);
        var platforms = await db.Platforms.AsNoTracking().Where(x => platformIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, StringComparer.Ordinal, ct);
        var history = await queries.HistoryAsync(caller, "person", id, ct);
        return new PersonPage(person, mandates, centres, platforms, history, await access.CanWriteAsync(caller, "person", id, ct), queries.Today);
    }

    public async Task<PlatformIndexView> PlatformsAsync(Caller caller, CancellationToken ct = default) => new(
        await db.Platforms.AsNoTracking().Include(p => p.Host).Include(p => p.Centres).OrderBy(p => p.Kind).ThenBy(p => p.Name).ToListAsync(ct),
        await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, StringComparer.Ordinal, ct));

    public async Task<PlatformPage?> PlatformAsync(Caller caller, string id, CancellationToken ct = default)
    {
        var p = await queries.PlatformAsync(id, ct);
        if (p is null) return null;
        var regionName = p.RegionCode is null ? null
            : await db.Regions.AsNoTracking().Where(r => r.Code == p.RegionCode).Select(r => r.Name).FirstOrDefaultAsync(ct);
        var finess = p.Establishments.Select(e => e.Finess).ToList();
        var establishments = await db.Establishments.AsNoTracking().Where(e => finess.Contains(e.Finess)).OrderBy(e => e.Name).ToListAsync(ct);
        var centreIds = p.Centres.Select(c => c.CentreId).ToList();
        var centres = (await db.Centres.AsNoTracking().Where(c => centreIds.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Name)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var heads = Public((await queries.MandatesAsync(platformId: id, ct: ct)).Where(m => m.Role == MandateRole.PlatformHead));
        return new PlatformPage(p, regionName, establishments, centres, heads, await queries.LabelsOfAsync(platformId: id, ct: ct),
            await PublicHistoryAsync(caller, "platform", id, ct));
    }

    public async Task<CentrePage?> CentreAsync(Caller caller, string id, CancellationToken ct = default)
    {
        var c = await queries.CentreAsync(id, ct);
        if (c is null) return null;
        var networkIds = c.Attachments.Select(a => a.NetworkId).ToList();
        var attached = (await db.Networks.AsNoTracking().Where(n => networkIds.Contains(n.Id))
                .Select(n => new { n.Id, n.Name, n.FiliereAcronym }).ToListAsync(ct))
            .Select(n => (n.Id, n.Name, n.FiliereAcronym)).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        var heads = Public((await queries.MandatesAsync(centreId: id, ct: ct)).Where(m => m.Role == MandateRole.CentreHead));
        var predecessor = c.PredecessorId is null ? null
            : await db.Centres.AsNoTracking().Where(x => x.Id == c.PredecessorId).Select(x => x.Name).FirstOrDefaultAsync(ct);
        var successors = (await db.Centres.AsNoTracking().Where(x => x.PredecessorId == id).Select(x => new { x.Id, x.Name }).ToListAsync(ct))
            .Select(x => (x.Id, x.Name)).ToList();
        var platforms = (await db.PlatformCentres.AsNoTracking().Where(pc => pc.CentreId == id)
                .Join(db.Platforms, pc => pc.PlatformId, p => p.Id, (pc, p) => new { p.Id, p.Name }).ToListAsync(ct))
            .Select(p => (p.Id, p.Name)).ToList();
        // Measured activity is health activity; its counts below the threshold are small cells. The page shows the figures
        // as they are (no masking of single cells), so it shows them only to callers who may read both on this centre.
        IReadOnlyList<ActivityIndicators>? activity = null;
        if (DataAccess.MayReadAny(caller, DataClass.HealthActivity))
        {
            var scope = caller.Role == UserRole.NationalAdmin ? null : await access.ScopeOfAsync("centre", id, ct);
            if (DataAccess.CanRead(caller, DataClass.HealthActivity, scope) && DataAccess.CanRead(caller, DataClass.SmallCells, scope))
                activity = (await db.ActivityIndicators.AsNoTracking().Where(x => x.CentreId == id).ToListAsync(ct))
                    .Select(x => x.ToIndicators()).OrderByDescending(x => x.Year).ToList();
        }
        return new CentrePage(c, attached, heads, heads.FirstOrDefault(m => m.CoversDate(queries.Today)), predecessor, successors, platforms,
            await queries.LabelsOfAsync(centreId: id, ct: ct), await PublicHistoryAsync(caller, "centre", id, ct),
            await access.CanWriteAsync(caller, "centre", id, ct), activity);
    }

    private async Task<IReadOnlyList<(string Id, string Name)>> ConventionPartnersAsync(ConventionTarget kind, string id, CancellationToken ct) =>
        (await db.AssociationConventions.AsNoTracking()
            .Where(c => c.TargetKind == kind && c.TargetId == id)
            .Join(db.Associations, c => c.AssociationId, a => a.Id, (c, a) => new { a.Id, a.Name })
            .Distinct().ToListAsync(ct))
        .Select(a => (a.Id, a.Name)).ToList();

    /// <summary>The history of an object whose history is public (not a person's).</summary>
    private async Task<IReadOnlyList<HistoryRow>> PublicHistoryAsync(Caller caller, string entity, string id, CancellationToken ct) =>
        await queries.HistoryAsync(caller, entity, id, ct) ?? [];

    /// <summary>Mandates whose holder keeps only the public part (id, title, names): pages never carry a person's personal data by accident.</summary>
    private static List<Mandate> Public(IEnumerable<Mandate> mandates) => mandates.Select(m =>
    {
        if (m.Person is { } p) m.Person = new Person { Id = p.Id, Title = p.Title, FirstName = p.FirstName, LastName = p.LastName, Rpps = null, BirthDate = null, Email = null };
        return m;
    }).ToList();
}
