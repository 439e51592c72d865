using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.ReferenceData;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain.Orpha;
using Maillage.Domain.PublicDirectory;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.PublicDirectory;

public sealed record DirEstablishment(string Finess, string Name, string? Commune, string? PostalCode, string DepartementCode,
    string DepartementName, string RegionCode, string RegionName, GeoPoint? Point);

public sealed record DirFiliere(string Acronym, string Name, string? Website, string? HostFiness);

public sealed record DirNetwork(string Id, string Name, string? Acronym, string FiliereAcronym, AgeValence AgeValence,
    IReadOnlyList<int> Perimeter, IReadOnlyList<string> Erns);

/// <summary>A labelled, open centre as the public directory shows it (no personal data beyond the head's name and title).</summary>
public sealed record DirCentre(string Id, CentreKind Kind, SiteRole? Role, ResourceCentreKind? ResourceKind, string Name,
    string? NetworkId, IReadOnlyList<string> AttachedNetworks, IReadOnlyList<string> Filieres, string EstablishmentFiness,
    string? Phone, string? Email, string? Website, string? Head)
{
    /// <summary>The networks whose perimeter this centre treats: its own (a site) or those it is attached to.</summary>
    public IEnumerable<string> Networks => NetworkId is not null ? [NetworkId] : AttachedNetworks;
}

public sealed record DirPlatform(string Id, PlatformKind Kind, string Name, string HostFiness, string? RegionCode,
    IReadOnlyList<string> Centres, IReadOnlyList<string> Establishments, string? Head);

public sealed record DirAssociation(string Id, string Name, string? Acronym, string? Website);

/// <summary>An activity figure of one centre and year, for public display through <see cref="SmallCells"/> only.</summary>
public sealed record DirActivity(int Year, int ActivePatients);

/// <summary>
/// Everything the public directory reads, loaded once from the database into memory (the registry is a few thousand
/// rows, the nomenclature about 11,000): the disease index, the classification, the open labelled structures as of one
/// day, places. Immutable; <see cref="DirectoryCache"/> rebuilds it when the data change.
/// </summary>
public sealed class DirectoryCatalog
{
    public required DateOnly AsOf { get; init; }
    public required bool IsDemo { get; init; }
    public required string? OrphanetVersion { get; init; }
    public required DiseaseIndex Diseases { get; init; }
    public required OrphaGraph Graph { get; init; }
    public required PlaceResolver Places { get; init; }
    public required IReadOnlyDictionary<string, DirEstablishment> Establishments { get; init; }
    public required IReadOnlyDictionary<string, DirFiliere> Filieres { get; init; }
    public required IReadOnlyDictionary<string, DirNetwork> Networks { get; init; }
    public required IReadOnlyDictionary<string, DirCentre> Centres { get; init; }
    public required IReadOnlyDictionary<string, DirPlatform> Platforms { get; init; }
    public required IReadOnlyDictionary<string, string> RegionNames { get; init; }
    /// <summary>Associations with a convention in force, by "network:ID", "centre:ID" or "filiere:ACRONYM".</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<DirAssociation>> AssociationsByTarget { get; init; }
    /// <summary>Networks labelled for each ORPHA code of a perimeter.</summary>
    public required IReadOnlyDictionary<int, IReadOnlyList<string>> NetworksByCode { get; init; }
    /// <summary>Centres of each network: its sites and the CCMR/CRC attached to it.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> CentresByNetwork { get; init; }
    public required IReadOnlyDictionary<string, DirActivity> LatestActivity { get; init; }
    public required IReadOnlyList<LocatedSite> Located { get; init; }

    public static string AssociationKey(ConventionTarget kind, string id) => kind switch
    {
        ConventionTarget.Network => "network:" + id,
        ConventionTarget.Centre => "centre:" + id,
        _ => "filiere:" + id,
    };

    public IReadOnlyList<DirAssociation> AssociationsOf(ConventionTarget kind, string id) =>
        AssociationsByTarget.TryGetValue(AssociationKey(kind, id), out var l) ? l : [];

    public string DiseaseName(int code) => Diseases.Get(code)?.Name ?? "ORPHA:" + code.ToString(CultureInfo.InvariantCulture);

    public DirEstablishment? EstablishmentOf(DirCentre c) => Establishments.GetValueOrDefault(c.EstablishmentFiness);

    /// <summary>Loads the catalog from the database as of <paramref name="asOf"/>.</summary>
    public static async Task<DirectoryCatalog> LoadAsync(MaillageDbContext db, OrphaGraph graph, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var d = asOf;
        var labels = await db.Labels.AsNoTracking()
            .Where(l => l.Decision != LabelDecision.NotRetained && l.ValidFrom <= d && (l.ValidTo == null || l.ValidTo >= d))
            .Select(l => new { l.NetworkId, l.CentreId, l.PlatformId }).ToListAsync(ct);
        var labelledNetworks = labels.Where(l => l.NetworkId != null).Select(l => l.NetworkId!).ToHashSet(StringComparer.Ordinal);
        var labelledCentres = labels.Where(l => l.CentreId != null).Select(l => l.CentreId!).ToHashSet(StringComparer.Ordinal);
        var labelledPlatforms = labels.Where(l => l.PlatformId != null).Select(l => l.PlatformId!).ToHashSet(StringComparer.Ordinal);

        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, StringComparer.Ordinal, ct);
        var deps = await db.Departements.AsNoTracking().ToListAsync(ct);
        var depByCode = deps.ToDictionary(x => x.Code, StringComparer.Ordinal);
        var establishments = (await db.Establishments.AsNoTracking().ToListAsync(ct))
            .Select(e =>
            {
                var dep = depByCode.GetValueOrDefault(e.DepartementCode);
                var region = dep?.RegionCode ?? "";
                return new DirEstablishment(e.Finess, e.Name, e.Commune, e.PostalCode, e.DepartementCode, dep?.Name ?? e.DepartementCode,
                    region, regions.GetValueOrDefault(region) ?? region,
                    e.Latitude is { } lat && e.Longitude is { } lon ? new GeoPoint(lat, lon) : null);
            })
            .ToDictionary(e => e.Finess, StringComparer.Ordinal);

        var filieres = (await db.Filieres.AsNoTracking().ToListAsync(ct))
            .ToDictionary(f => f.Acronym, f => new DirFiliere(f.Acronym, f.Name, f.Website, f.HostFiness), StringComparer.Ordinal);

        var networkRows = await db.Networks.AsNoTracking().Include(n => n.Perimeter).Include(n => n.Erns).ToListAsync(ct);
        var networks = networkRows.Where(n => labelledNetworks.Contains(n.Id))
            .ToDictionary(n => n.Id, n => new DirNetwork(n.Id, n.Name, n.Acronym, n.FiliereAcronym, n.AgeValence,
                n.Perimeter.Select(p => p.OrphaCode).Distinct().Order().ToList(),
                n.Erns.Select(x => x.ErnAcronym).Order(StringComparer.Ordinal).ToList()), StringComparer.Ordinal);

        var heads = await db.Mandates.AsNoTracking()
            .Where(m => m.From <= d && (m.To == null || m.To >= d) && (m.Role == MandateRole.CentreHead || m.Role == MandateRole.PlatformHead))
            .Select(m => new { m.CentreId, m.PlatformId, m.Person!.Title, m.Person.FirstName, m.Person.LastName, m.From })
            .ToListAsync(ct);
        static string Professional(string? title, string first, string last) => string.IsNullOrEmpty(title) ? $"{first} {last}" : $"{title} {first} {last}";
        var centreHeads = heads.Where(h => h.CentreId != null).GroupBy(h => h.CentreId!)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(h => h.From).Select(h => Professional(h.Title, h.FirstName, h.LastName)).First(), StringComparer.Ordinal);
        var platformHeads = heads.Where(h => h.PlatformId != null).GroupBy(h => h.PlatformId!)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(h => h.From).Select(h => Professional(h.Title, h.FirstName, h.LastName)).First(), StringComparer.Ordinal);

        var centreRows = await db.Centres.AsNoTracking().Include(c => c.Attachments)
            .Where(c => c.ClosedOn == null || c.ClosedOn > d).ToListAsync(ct);
        var centres = centreRows.Where(c => labelledCentres.Contains(c.Id))
            .Select(c =>
            {
                var attached = c.Attachments.Select(a => a.NetworkId).Where(networks.ContainsKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var fil = (c.NetworkId is not null && networks.TryGetValue(c.NetworkId, out var own) ? [own.FiliereAcronym]
                    : attached.Select(a => networks[a].FiliereAcronym)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                return new DirCentre(c.Id, c.Kind, c.Role, c.ResourceKind, c.Name,
                    c.NetworkId is not null && networks.ContainsKey(c.NetworkId) ? c.NetworkId : null, attached, fil,
                    c.EstablishmentFiness, c.Phone, c.Email, c.Website, centreHeads.GetValueOrDefault(c.Id));
            })
            .Where(c => establishments.ContainsKey(c.EstablishmentFiness))
            .ToDictionary(c => c.Id, StringComparer.Ordinal);

        var platformRows = await db.Platforms.AsNoTracking().Include(p => p.Centres).Include(p => p.Establishments).ToListAsync(ct);
        var platforms = platformRows.Where(p => labelledPlatforms.Contains(p.Id))
            .ToDictionary(p => p.Id, p => new DirPlatform(p.Id, p.Kind, p.Name, p.HostFiness, p.RegionCode,
                p.Centres.Select(c => c.CentreId).Where(centres.ContainsKey).Order(StringComparer.Ordinal).ToList(),
                p.Establishments.Select(e => e.Finess).Order(StringComparer.Ordinal).ToList(), platformHeads.GetValueOrDefault(p.Id)), StringComparer.Ordinal);

        var associations = await db.Associations.AsNoTracking().Include(a => a.Conventions).ToListAsync(ct);
        var byTarget = associations
            .SelectMany(a => a.Conventions.Where(c => c.SignedOn <= d && (c.EndsOn == null || c.EndsOn >= d))
                .Select(c => (Key: AssociationKey(c.TargetKind, c.TargetId), Assoc: new DirAssociation(a.Id, a.Name, a.Acronym, a.Website))))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<DirAssociation>)g.Select(x => x.Assoc).DistinctBy(x => x.Id).OrderBy(x => x.Name, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

        var byCode = networks.Values.SelectMany(n => n.Perimeter.Select(code => (code, n.Id))).GroupBy(x => x.code)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(x => x.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
        var byNetwork = centres.Values.SelectMany(c => c.Networks.Select(n => (n, c.Id))).GroupBy(x => x.n, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(x => x.Id).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

        var activity = await db.ActivityIndicators.AsNoTracking().Select(a => new { a.CentreId, a.Year, a.ActivePatients }).ToListAsync(ct);
        var latest = activity.GroupBy(a => a.CentreId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.Year).Select(a => new DirActivity(a.Year, a.ActivePatients)).First(), StringComparer.Ordinal);

        var diseases = await db.OrphaDiseases.AsNoTracking()
            .Select(o => new { o.Code, o.NameEn, o.NameFr, o.Synonyms, o.Status, o.RedirectTo }).ToListAsync(ct);
        var index = new DiseaseIndex(diseases.Select(o => new DiseaseEntry(o.Code, o.NameEn, o.NameFr,
            (o.Synonyms ?? "").Split(" | ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            o.Status.Equals("Active", StringComparison.OrdinalIgnoreCase), o.RedirectTo)));

        var places = new PlaceResolver(deps.Select(x => new DepartementInfo(x.Code, x.Name, x.RegionCode)), Communes.Value);
        var version = await db.DataSetInfos.AsNoTracking().Where(x => x.Key == DataSetInfo.OrphanetVersionKey).Select(x => x.Value).FirstOrDefaultAsync(ct);
        var isDemo = await db.DataSetInfos.AnyAsync(x => x.Key == DataSetInfo.DemoKey && x.Value == "true", ct);

        return new DirectoryCatalog
        {
            AsOf = d,
            IsDemo = isDemo,
            OrphanetVersion = version,
            Diseases = index,
            Graph = graph,
            Places = places,
            Establishments = establishments,
            Filieres = filieres,
            Networks = networks,
            Centres = centres,
            Platforms = platforms,
            RegionNames = regions,
            AssociationsByTarget = byTarget,
            NetworksByCode = byCode,
            CentresByNetwork = byNetwork,
            LatestActivity = latest,
            Located = establishments.Values.Where(e => e.Point is not null)
                .Select(e => new LocatedSite(e.DepartementCode, e.Commune, e.PostalCode, e.Point!.Value)).ToList(),
        };
    }

    /// <summary>The shipped communes (data/geo/communes.csv: INSEE code, name, département, region, postcodes, population).</summary>
    private static readonly Lazy<IReadOnlyList<CommuneInfo>> Communes = new(() => ReadCommunes(Path.Combine(DataPaths.DataDirectory, "geo", "communes.csv")));

    public static IReadOnlyList<CommuneInfo> ReadCommunes(string path)
    {
        var list = new List<CommuneInfo>();
        if (!File.Exists(path)) return list;
        var t = CsvDocument.Read(path, ';');
        int code = t.Column("code"), name = t.Column("name"), dep = t.Column("departement_code"), region = t.Column("region_code"),
            postal = t.Column("postal_codes"), population = t.Column("population");
        foreach (var r in t.Rows)
        {
            if (r.Cells.Count < 6) continue;
            list.Add(new CommuneInfo(r[code], r[name], r[dep], r[region], r[postal].Split(' ', StringSplitOptions.RemoveEmptyEntries),
                long.TryParse(r[population], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pop) ? pop : 0));
        }
        return list;
    }
}
