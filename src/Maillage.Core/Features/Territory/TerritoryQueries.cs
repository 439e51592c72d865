using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Core.Infrastructure.Nomenclature;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Orpha;
using Maillage.Domain.Registry;
using Maillage.Domain.Territory;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Territory;

public enum MapLevel
{
    Region,
    Departement,
}

public enum MapMeasure
{
    /// <summary>Number of centres (of the chosen kind and filière) located in the area.</summary>
    Count,
    /// <summary>The same per million inhabitants of the area.</summary>
    PerMillion,
    /// <summary>Active patients (file active) of the centres located in the area, for a year of measured activity.</summary>
    ActivePatients,
    /// <summary>
    /// Active patients living in the area (département of residence on the patient's latest act of the year), summed over
    /// the matching centres that treat them wherever those are; abroad and unknown residences are on no area.
    /// </summary>
    ActivePatientsByResidence,
}

/// <summary>A labelled centre with where it is and which filières it counts for.</summary>
public sealed record TerritoryCentre(
    string Id, string Name, CentreKind Kind, SiteRole? Role, string? NetworkId,
    IReadOnlyList<string> Filieres, IReadOnlyList<string> Networks,
    string EstablishmentFiness, string EstablishmentName, string? Commune, string? PostalCode,
    string DepartementCode, string RegionCode);

public sealed record TerritoryNetwork(string Id, string Name, string? Acronym, string Filiere, IReadOnlyList<int> Perimeter);

public sealed record TerritoryArea(string Code, string Name, string? RegionCode, bool Overseas, long Population);

/// <summary>The registry as the territory views read it: centres and networks labelled on one date, with geography.</summary>
public sealed record TerritorySnapshot(
    DateOnly AsOf,
    IReadOnlyList<TerritoryArea> Regions,
    IReadOnlyList<TerritoryArea> Departements,
    IReadOnlyDictionary<string, string> Filieres,
    IReadOnlyList<TerritoryNetwork> Networks,
    IReadOnlyList<TerritoryCentre> Centres);

public sealed record MapAreaValue(string Code, string Name, string? RegionCode, long Population, int Centres, int? ActivePatients, double? Value);

public sealed record TerritoryMap(
    MapLevel Level, MapMeasure Measure, CentreKind? Kind, string? Filiere, string AsOf, int? Year,
    IReadOnlyList<int> ActivityYears, double? NationalValue, IReadOnlyList<MapAreaValue> Areas);

public sealed record CoverageReport(string AsOf, CoverageMatrix Matrix, IReadOnlyDictionary<string, string> FiliereNames);

public sealed record RedundancyReport(
    string AsOf, string? Filiere, IReadOnlyList<NetworkOverlap> Networks, IReadOnlyList<SiteRedundancy> Sites,
    IReadOnlyDictionary<string, string> NetworkNames, IReadOnlyDictionary<string, string> NetworkFilieres,
    IReadOnlyDictionary<int, string> OrphaNames)
{
    /// <summary>The number of overlapping network pairs in all (<see cref="Networks"/> is one page of them when paged).</summary>
    public int NetworkCount { get; init; } = Networks?.Count ?? 0;

    /// <summary>The page of <see cref="Networks"/> (1 when not paged).</summary>
    public int PageNumber { get; init; } = 1;

    /// <summary>The overlaps per page (all of them when not paged).</summary>
    public int PageSize { get; init; } = Networks?.Count ?? 0;

    public int PageCount => Registry.Page.Count(NetworkCount, PageSize);

    /// <summary>The most overlaps a page may hold (<c>page_size</c> above is clamped).</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The overlaps per page by default (the page, the API).</summary>
    public const int DefaultPageSize = 50;

    /// <summary>
    /// One page of the overlaps (the sites' redundancies, fewer, stay whole): <paramref name="page"/> from 1, past the last
    /// page the last one; <paramref name="pageSize"/> within 1–<see cref="MaxPageSize"/>.
    /// </summary>
    public RedundancyReport Paged(int page, int pageSize)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var number = Math.Clamp(page, 1, Registry.Page.Count(Networks.Count, size));
        return this with
        {
            Networks = Networks.Skip((number - 1) * size).Take(size).ToList(), NetworkCount = Networks.Count, PageNumber = number, PageSize = size,
        };
    }
}

public sealed record AttractionRow(
    string CentreId, string CentreName, CentreKind Kind, string DepartementCode, string RegionCode, int ActivePatients, AttractionCounts Residence);

/// <summary>Active patients of an attraction report's centres by region of residence (INSEE code), and the date of the
/// latest import these figures come from.</summary>
public sealed record AttractionResidence(IReadOnlyDictionary<string, int> ByRegion, DateTimeOffset? ImportedAt);

public sealed record AttractionReport(
    string Scope, string? Id, string? Name, int? Year, IReadOnlyList<int> Years, IReadOnlyList<AttractionRow> Centres, AttractionCounts Total);

/// <summary>
/// Read models of the territory: maps, coverage matrix and gaps, perimeter redundancies, attraction. Nothing writes.
/// Structures counted are those covered by a label on the date asked (today by default), like the home page figures.
/// </summary>
public sealed class TerritoryQueries(MaillageDbContext db, OrphaGraphCache graphs, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public async Task<TerritorySnapshot> SnapshotAsync(DateOnly? asOf = null, CancellationToken ct = default)
    {
        var d = asOf ?? Today;
        var labels = await db.Labels.AsNoTracking()
            .Where(l => l.Decision != LabelDecision.NotRetained && l.ValidFrom <= d && (l.ValidTo == null || l.ValidTo >= d))
            .Select(l => new { l.CentreId, l.NetworkId }).ToListAsync(ct);
        var centreIds = labels.Where(l => l.CentreId != null).Select(l => l.CentreId!).ToHashSet(StringComparer.Ordinal);
        var networkIds = labels.Where(l => l.NetworkId != null).Select(l => l.NetworkId!).ToHashSet(StringComparer.Ordinal);

        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct);
        var overseas = regions.ToDictionary(r => r.Code, r => r.Overseas, StringComparer.Ordinal);
        var deps = await db.Departements.AsNoTracking().OrderBy(x => x.Code).ToListAsync(ct);
        var depRegion = deps.ToDictionary(x => x.Code, x => x.RegionCode, StringComparer.Ordinal);
        var filieres = await db.Filieres.AsNoTracking().OrderBy(f => f.Acronym).ToDictionaryAsync(f => f.Acronym, f => f.Name, StringComparer.Ordinal, ct);
        var allNetworks = await db.Networks.AsNoTracking().Include(n => n.Perimeter).ToListAsync(ct);
        var networkFiliere = allNetworks.ToDictionary(n => n.Id, n => n.FiliereAcronym, StringComparer.Ordinal);
        // The labelled centres only, as columns (the registry has thousands of centres; issue 14).
        var ids = centreIds.ToList();
        var centres = await db.Centres.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new
            {
                c.Id, c.Name, c.Kind, c.Role, c.NetworkId, Attached = c.Attachments.Select(a => a.NetworkId).ToList(),
                Establishment = new { c.Establishment!.Finess, c.Establishment.Name, c.Establishment.Commune, c.Establishment.PostalCode, c.Establishment.DepartementCode },
            }).ToListAsync(ct);

        var list = new List<TerritoryCentre>();
        foreach (var c in centres.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var e = c.Establishment;
            var nets = c.Kind == CentreKind.ReferenceSite
                ? (c.NetworkId is null ? [] : [c.NetworkId])
                : c.Attached.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var fils = nets.Select(n => networkFiliere.GetValueOrDefault(n)).Where(f => f is not null).Select(f => f!)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            list.Add(new TerritoryCentre(c.Id, c.Name, c.Kind, c.Role, c.NetworkId, fils, nets, e.Finess, e.Name, e.Commune, e.PostalCode,
                e.DepartementCode, depRegion.GetValueOrDefault(e.DepartementCode, "")));
        }
        return new TerritorySnapshot(d,
            regions.Select(r => new TerritoryArea(r.Code, r.Name, null, r.Overseas, r.Population)).ToList(),
            deps.Select(x => new TerritoryArea(x.Code, x.Name, x.RegionCode, overseas.GetValueOrDefault(x.RegionCode), x.Population)).ToList(),
            filieres,
            allNetworks.Where(n => networkIds.Contains(n.Id)).OrderBy(n => n.Id, StringComparer.Ordinal)
                .Select(n => new TerritoryNetwork(n.Id, n.Name, n.Acronym, n.FiliereAcronym, n.Perimeter.Select(p => p.OrphaCode).Order().ToList())).ToList(),
            list);
    }

    private static bool Matches(TerritoryCentre c, CentreKind? kind, string? filiere) =>
        (kind is null || c.Kind == kind) && (filiere is null || c.Filieres.Contains(filiere, StringComparer.Ordinal));

    /// <summary>Years of stored activity indicators, most recent first.</summary>
    public Task<List<int>> ActivityYearsAsync(CancellationToken ct = default) =>
        db.ActivityIndicators.AsNoTracking().Select(x => x.Year).Distinct().OrderByDescending(y => y).ToListAsync(ct);

    /// <summary>The filières (acronym → name), for the pages' filters (public).</summary>
    public Task<Dictionary<string, string>> FilieresAsync(CancellationToken ct = default) =>
        db.Filieres.AsNoTracking().OrderBy(f => f.Acronym).ToDictionaryAsync(f => f.Acronym, f => f.Name, StringComparer.Ordinal, ct);

    /// <summary>The networks (id, name, filière) sorted by name, for the pages' filters (public).</summary>
    public async Task<List<(string Id, string Name, string Filiere)>> NetworksAsync(CancellationToken ct = default) =>
        (await db.Networks.AsNoTracking().OrderBy(n => n.Name).Select(n => new { n.Id, n.Name, n.FiliereAcronym }).ToListAsync(ct))
            .Select(n => (n.Id, n.Name, n.FiliereAcronym)).ToList();

    /// <summary>Region code → name (public).</summary>
    public Task<Dictionary<string, string>> RegionNamesAsync(CancellationToken ct = default) =>
        db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, StringComparer.Ordinal, ct);

    public const string RefusedActivity = "Les mesures d'activité sont réservées aux utilisateurs connectés (cookie ou jeton d'API Bearer).";

    /// <summary>
    /// Values of a map by region or by département. <see cref="MapMeasure.ActivePatients"/> sums the file active of
    /// the centres located in each area (the extracts give each patient's residence only as a class relative to the
    /// centre — same département, same region, other region, abroad — not the département itself). Activity measures
    /// are for signed-in callers (refused otherwise) and minimised (docs/security.md, "Health activity"): an area's sum is
    /// exact when the caller may read the activity of every centre it adds up (<see cref="CentreScopes"/>), otherwise a
    /// public aggregate, withheld (null) below <see cref="Maillage.Domain.PublicDirectory.SmallCells.Threshold"/>.
    /// </summary>
    public async Task<TerritoryMap> MapAsync(Caller caller, MapLevel level, MapMeasure measure, CentreKind? kind, string? filiere, DateOnly? asOf, int? year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var activity = measure is MapMeasure.ActivePatients or MapMeasure.ActivePatientsByResidence;
        if (activity && !caller.IsAuthenticated) throw new AccessRefusedException(caller, RefusedActivity);
        var scopes = activity ? await CentreScopes.LoadAsync(db, caller, ct) : null;
        var s = await SnapshotAsync(asOf, ct);
        var centres = s.Centres.Where(c => Matches(c, kind, filiere)).ToList();
        var years = await ActivityYearsAsync(ct);
        int? y = null;
        Dictionary<string, int> active = new(StringComparer.Ordinal);
        Dictionary<string, int> resident = new(StringComparer.Ordinal);
        // The centres each residence area's sum adds up (to tell whether the caller may read them all).
        Dictionary<string, HashSet<string>> residentFrom = new(StringComparer.Ordinal);
        // Both activity measures read the year asked for, or the latest imported.
        if (measure is MapMeasure.ActivePatients or MapMeasure.ActivePatientsByResidence)
            y = year is not null && years.Contains(year.Value) ? year : years.Count > 0 ? years[0] : null;
        if (measure == MapMeasure.ActivePatientsByResidence)
        {
            if (y is not null)
            {
                var yy = y.Value;
                var ids = centres.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
                var rows = await db.Set<Features.Activity.ActivityResidenceRecord>().AsNoTracking().Where(x => x.Year == yy)
                    .Select(x => new { x.CentreId, x.Residence, x.ActivePatients }).ToListAsync(ct);
                var regionOf = s.Departements.ToDictionary(d => d.Code, d => d.RegionCode ?? "", StringComparer.Ordinal);
                foreach (var r in rows.Where(r => ids.Contains(r.CentreId)))
                {
                    var area = level == MapLevel.Region ? regionOf.GetValueOrDefault(r.Residence) : regionOf.ContainsKey(r.Residence) ? r.Residence : null;
                    if (string.IsNullOrEmpty(area)) continue;
                    resident[area] = resident.GetValueOrDefault(area) + r.ActivePatients;
                    if (!residentFrom.TryGetValue(area, out var from)) residentFrom[area] = from = new HashSet<string>(StringComparer.Ordinal);
                    from.Add(r.CentreId);
                }
            }
        }
        if (measure == MapMeasure.ActivePatients)
        {
            if (y is not null)
            {
                var yy = y.Value;
                active = await db.ActivityIndicators.AsNoTracking().Where(x => x.Year == yy)
                    .ToDictionaryAsync(x => x.CentreId, x => x.ActivePatients, StringComparer.Ordinal, ct);
            }
        }
        var areas = level == MapLevel.Region ? s.Regions : s.Departements;
        string AreaOf(TerritoryCentre c) => level == MapLevel.Region ? c.RegionCode : c.DepartementCode;
        var byArea = centres.GroupBy(AreaOf).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var values = new List<MapAreaValue>(areas.Count);
        foreach (var a in areas)
        {
            var here = byArea.GetValueOrDefault(a.Code) ?? [];
            int? patients = y is null ? null : measure switch
            {
                MapMeasure.ActivePatients => Visible(here.Where(c => active.ContainsKey(c.Id)).Select(c => c.Id), here.Sum(c => active.GetValueOrDefault(c.Id))),
                MapMeasure.ActivePatientsByResidence => Visible(residentFrom.GetValueOrDefault(a.Code) ?? [], resident.GetValueOrDefault(a.Code)),
                _ => null,
            };
            double? value = measure switch
            {
                MapMeasure.Count => here.Count,
                MapMeasure.PerMillion => CoverageRules.PerMillion(here.Count, a.Population),
                _ => patients,
            };
            values.Add(new MapAreaValue(a.Code, a.Name, a.RegionCode, a.Population, here.Count, patients, value));
        }
        var population = s.Regions.Sum(r => r.Population);
        double? national = measure switch
        {
            MapMeasure.Count => centres.Count,
            MapMeasure.PerMillion => CoverageRules.PerMillion(centres.Count, population),
            MapMeasure.ActivePatientsByResidence => y is null ? null : Visible(residentFrom.Values.SelectMany(x => x), resident.Values.Sum()),
            _ => y is null ? null : Visible(centres.Where(c => active.ContainsKey(c.Id)).Select(c => c.Id), centres.Sum(c => active.GetValueOrDefault(c.Id))),
        };
        return new TerritoryMap(level, measure, kind, filiere, Iso(s.AsOf), y, years, national, values);

        int? Visible(IEnumerable<string> centreIds, int sum) => (int?)scopes!.Aggregate(centreIds, sum);
    }

    public async Task<CoverageReport> CoverageAsync(DateOnly? asOf, CancellationToken ct = default)
    {
        var s = await SnapshotAsync(asOf, ct);
        var units = s.Centres.SelectMany(c => c.Filieres.Select(f => new CoverageUnit(c.Id, c.Kind, f, c.RegionCode)));
        var matrix = CoverageRules.Analyse(s.Filieres.Keys.ToList(),
            s.Regions.Select(r => new CoverageRegion(r.Code, r.Name, r.Overseas, r.Population)).ToList(), units);
        return new CoverageReport(Iso(s.AsOf), matrix, s.Filieres);
    }

    /// <summary>The last overlaps computed, per ORPHA graph (a graph is replaced, never changed, when the nomenclature is).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<OrphaGraph, Tuple<string, IReadOnlyList<NetworkOverlap>>> LastOverlaps = new();

    /// <summary>
    /// <see cref="PerimeterOverlaps.Between"/>, computed again only when its input changed: the overlaps of every pair of
    /// networks through the whole ORPHA classification are the redundancy page's cost (each network's perimeter expanded to
    /// every code below it), and they change only with a perimeter, a label or the nomenclature (issue 14). The key is the
    /// input itself (each network's id, filière and codes), so the answer is the function's for that input.
    /// </summary>
    private static IReadOnlyList<NetworkOverlap> Overlaps(OrphaGraph graph, List<PerimeterNetwork> networks)
    {
        var key = string.Join('\n', networks.OrderBy(n => n.Id, StringComparer.Ordinal)
            .Select(n => FormattableString.Invariant($"{n.Id}|{n.Filiere}|{string.Join(',', n.Codes.Order())}")));
        if (LastOverlaps.TryGetValue(graph, out var last) && last.Item1 == key) return last.Item2;
        IReadOnlyList<NetworkOverlap> overlaps = PerimeterOverlaps.Between(graph, networks).ToArray().AsReadOnly();
        LastOverlaps.AddOrUpdate(graph, Tuple.Create(key, overlaps));
        return overlaps;
    }

    /// <summary><see cref="RedundanciesAsync(DateOnly?, string?, CancellationToken)"/> with one page of the overlaps (<see cref="RedundancyReport.Paged"/>).</summary>
    public async Task<RedundancyReport> RedundanciesAsync(DateOnly? asOf, string? filiere, int page, int pageSize, CancellationToken ct = default) =>
        (await RedundanciesAsync(asOf, filiere, ct)).Paged(page, pageSize);

    public async Task<RedundancyReport> RedundanciesAsync(DateOnly? asOf, string? filiere, CancellationToken ct = default)
    {
        var s = await SnapshotAsync(asOf, ct);
        var graph = await graphs.GetAsync(db, ct);
        var overlaps = Overlaps(graph, s.Networks.Select(n => new PerimeterNetwork(n.Id, n.Filiere, n.Perimeter)).ToList());
        var sites = s.Centres.Where(c => c.Kind == CentreKind.ReferenceSite && c.NetworkId is not null && c.Filieres.Count > 0)
            .Select(c => new RegionalSite(c.Id, c.NetworkId!, c.Filieres[0], c.RegionCode));
        var redundant = PerimeterOverlaps.InRegions(overlaps, sites);
        var networkFiliere = s.Networks.ToDictionary(n => n.Id, n => n.Filiere, StringComparer.Ordinal);
        if (filiere is not null)
        {
            overlaps = overlaps.Where(o => networkFiliere[o.NetworkA] == filiere || networkFiliere[o.NetworkB] == filiere).ToList();
            redundant = redundant.Where(r => r.Filiere == filiere).ToList();
        }
        var codes = overlaps.SelectMany(o => o.Codes.SelectMany(c => new[] { c.Code, c.LabelledByA, c.LabelledByB })).Distinct().ToList();
        var names = await db.OrphaDiseases.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.NameFr ?? o.NameEn, ct);
        return new RedundancyReport(Iso(s.AsOf), filiere, overlaps, redundant,
            s.Networks.ToDictionary(n => n.Id, n => n.Name, StringComparer.Ordinal), networkFiliere, names);
    }

    /// <summary>
    /// Where the active patients of a centre, a network (its reference sites) or a filière (its sites and the CCMR/CRC
    /// attached to its networks) live, relative to each centre; <paramref name="scope"/> "all" for every centre.
    /// Returns null when the centre, network or filière does not exist. This is each centre's residence breakdown
    /// (<see cref="DataClass.HealthActivity"/>): only the centres the caller may read are listed and totalled
    /// (<see cref="CentreScopes"/>); a caller who may read none (anonymous, association, expert) is refused.
    /// </summary>
    public async Task<AttractionReport?> AttractionAsync(Caller caller, string scope, string? id, int? year, CancellationToken ct = default)
    {
        var scopes = await CentreScopes.LoadAsync(db, caller, ct);
        if (scopes.None) throw new AccessRefusedException(caller, caller.IsAuthenticated ? ActivityReads.RefusedIndicators : RefusedActivity);
        var years = await ActivityYearsAsync(ct);
        int? y = year is not null ? (years.Contains(year.Value) ? year : null) : years.Count > 0 ? years[0] : null;
        IQueryable<Centre> q = db.Centres.AsNoTracking();
        string? name;
        switch (scope)
        {
            case "centre":
                name = await db.Centres.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(ct);
                if (name is null) return null;
                q = q.Where(c => c.Id == id);
                break;
            case "network":
                name = await db.Networks.AsNoTracking().Where(n => n.Id == id).Select(n => n.Name).FirstOrDefaultAsync(ct);
                if (name is null) return null;
                q = q.Where(c => c.NetworkId == id);
                break;
            case "filiere":
                name = await db.Filieres.AsNoTracking().Where(f => f.Acronym == id).Select(f => f.Name).FirstOrDefaultAsync(ct);
                if (name is null) return null;
                q = q.Where(c => (c.Network != null && c.Network.FiliereAcronym == id)
                    || c.Attachments.Any(a => db.Networks.Any(n => n.Id == a.NetworkId && n.FiliereAcronym == id)));
                break;
            case "all":
                name = null;
                id = null;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scope), scope, "centre, network, filiere or all");
        }
        var rows = new List<AttractionRow>();
        if (y is not null)
        {
            var yy = y.Value;
            var data = await q.Join(db.ActivityIndicators.Where(x => x.Year == yy), c => c.Id, x => x.CentreId, (c, x) => new
                {
                    c.Id, c.Name, c.Kind, c.Establishment!.DepartementCode, c.Establishment.Departement!.RegionCode, x.ActivePatients,
                    x.ResidentSameDepartement, x.ResidentSameRegion, x.ResidentOtherRegion, x.ResidentAbroad, x.ResidentUnknown,
                })
                .ToListAsync(ct);
            rows = data.Where(r => scopes.CanRead(r.Id)).OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => new AttractionRow(r.Id, r.Name, r.Kind, r.DepartementCode, r.RegionCode, r.ActivePatients,
                new AttractionCounts(r.ResidentSameDepartement, r.ResidentSameRegion, r.ResidentOtherRegion, r.ResidentAbroad, r.ResidentUnknown))).ToList();
        }
        var total = rows.Aggregate(AttractionCounts.Zero, (a, r) => a + r.Residence);
        return new AttractionReport(scope, id, name, y, years, rows, total);
    }

    /// <summary>
    /// Where the patients of an attraction report's centres live, by region of residence (the extracts' département of
    /// residence on each patient's latest act of the year; abroad and unknown are on no region), and when the figures were
    /// imported — the map of the attraction page (issue 13, §3: per-region values for the chosen centre). Same minimisation
    /// as <see cref="AttractionAsync"/>: only the centres the caller may read count; a caller who may read none is refused.
    /// </summary>
    public async Task<AttractionResidence> AttractionResidenceAsync(Caller caller, AttractionReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var scopes = await CentreScopes.LoadAsync(db, caller, ct);
        if (scopes.None) throw new AccessRefusedException(caller, caller.IsAuthenticated ? ActivityReads.RefusedIndicators : RefusedActivity);
        if (report.Year is not { } year) return new AttractionResidence(new Dictionary<string, int>(StringComparer.Ordinal), null);
        var ids = report.Centres.Select(c => c.CentreId).Where(scopes.CanRead).Distinct(StringComparer.Ordinal).ToList();
        var regionOf = await db.Departements.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.RegionCode, StringComparer.Ordinal, ct);
        var byRegion = new Dictionary<string, int>(StringComparer.Ordinal);
        var imports = new HashSet<long>();
        foreach (var chunk in ids.Chunk(500))
        {
            var part = chunk.ToList();
            var rows = await db.Set<Features.Activity.ActivityResidenceRecord>().AsNoTracking()
                .Where(x => x.Year == year && part.Contains(x.CentreId)).Select(x => new { x.Residence, x.ActivePatients, x.ImportId }).ToListAsync(ct);
            foreach (var r in rows)
            {
                imports.Add(r.ImportId);
                if (!regionOf.TryGetValue(r.Residence, out var region)) continue;
                byRegion[region] = byRegion.GetValueOrDefault(region) + r.ActivePatients;
            }
            imports.UnionWith(await db.ActivityIndicators.AsNoTracking().Where(x => x.Year == year && part.Contains(x.CentreId)).Select(x => x.ImportId).Distinct().ToListAsync(ct));
        }
        var importIds = imports.ToList();
        var importedAt = importIds.Count == 0 ? (DateTimeOffset?)null
            : (await db.Set<Features.Activity.ActivityImportRecord>().AsNoTracking().Where(i => importIds.Contains(i.Id)).Select(i => i.ImportedAt).ToListAsync(ct))
                .DefaultIfEmpty().Max();
        return new AttractionResidence(byRegion, importedAt == default(DateTimeOffset) ? null : importedAt);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
