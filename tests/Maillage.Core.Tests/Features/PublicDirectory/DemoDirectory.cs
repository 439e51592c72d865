using System.Globalization;
using Maillage.Core.Demo;
using Maillage.Core.Features.PublicDirectory;
using Maillage.Core.Infrastructure.ReferenceData;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain.Orpha;
using Maillage.Domain.PublicDirectory;
using Maillage.Domain.Registry;

namespace Maillage.Core.Tests.Features.PublicDirectory;

/// <summary>
/// The directory's catalog built in memory from the generated demo network and the shipped 2023 nomenclature
/// (no database): what the public directory reads on a demo install, as of <see cref="AsOf"/>.
/// </summary>
internal static class DemoDirectory
{
    public static readonly DateOnly AsOf = new(2025, 6, 1);

    public static readonly Lazy<DemoInputs> Inputs = new(() => DemoInputs.FromDataDirectory(DataPaths.DataDirectory));
    public static readonly Lazy<RegistryData> Data = new(() => DemoNetworkGenerator.Generate(Inputs.Value));
    public static readonly Lazy<OrphaGraph> Graph = new(ReadGraph);
    public static readonly Lazy<DirectoryCatalog> Catalog = new(Build);

    private static OrphaGraph ReadGraph()
    {
        var edges = new List<(int, int, int)>();
        foreach (var r in CsvDocument.Read(Path.Combine(DataPaths.Orphanet, "orpha_classification_edges_fr_2023.csv"), ',').Records())
        {
            var name = r["classification"]["ORPHAclassification_".Length..];
            var number = int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            edges.Add((int.Parse(r["parent"], CultureInfo.InvariantCulture), int.Parse(r["child"], CultureInfo.InvariantCulture), number));
        }
        return OrphaGraph.FromClassifications(edges);
    }

    public static IReadOnlyList<DiseaseEntry> Diseases() =>
    [
        .. CsvDocument.Read(Path.Combine(DataPaths.Orphanet, "orphanomenclature_2023_fr_en.csv"), ',').Records()
            .Select(r => new DiseaseEntry(int.Parse(r["orpha_code"], CultureInfo.InvariantCulture), r["name_en"], r["label_fr"],
                r["synonyms_en"].Split(" | ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                r["status"] == "Active", null)),
    ];

    private static DirectoryCatalog Build()
    {
        var d = Data.Value;
        var labelled = d.Labels.Where(l => l.CoversDate(AsOf)).Select(l => l.SubjectId).ToHashSet(StringComparer.Ordinal);
        var regions = d.Regions.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
        var deps = d.Departements.ToDictionary(x => x.Code, StringComparer.Ordinal);
        var establishments = d.Establishments.ToDictionary(e => e.Finess, e =>
        {
            var dep = deps[e.DepartementCode];
            return new DirEstablishment(e.Finess, e.Name, e.Commune, e.PostalCode, e.DepartementCode, dep.Name, dep.RegionCode,
                regions[dep.RegionCode], e.Latitude is { } lat && e.Longitude is { } lon ? new GeoPoint(lat, lon) : null);
        }, StringComparer.Ordinal);
        var networks = d.Networks.Where(n => labelled.Contains(n.Id)).ToDictionary(n => n.Id, n => new DirNetwork(n.Id, n.Name, n.Acronym,
            n.FiliereAcronym, n.AgeValence, [.. n.Perimeter.Select(p => p.OrphaCode).Distinct().Order()], []), StringComparer.Ordinal);
        var centres = d.Centres.Where(c => labelled.Contains(c.Id) && (c.ClosedOn is null || c.ClosedOn > AsOf)).Select(c =>
        {
            var attached = c.Attachments.Select(a => a.NetworkId).Where(networks.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
            var own = c.NetworkId is not null && networks.ContainsKey(c.NetworkId) ? c.NetworkId : null;
            var filieres = (own is not null ? [networks[own].FiliereAcronym] : attached.Select(a => networks[a].FiliereAcronym)).Distinct(StringComparer.Ordinal).ToList();
            return new DirCentre(c.Id, c.Kind, c.Role, c.ResourceKind, c.Name, own, attached, filieres, c.EstablishmentFiness, c.Phone, c.Email, c.Website, null);
        }).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var communes = DirectoryCatalog.ReadCommunes(Path.Combine(DataPaths.DataDirectory, "geo", "communes.csv"));
        return new DirectoryCatalog
        {
            AsOf = AsOf,
            IsDemo = true,
            OrphanetVersion = "2023",
            Diseases = new DiseaseIndex(Diseases()),
            Graph = Graph.Value,
            Places = new PlaceResolver(d.Departements.Select(x => new DepartementInfo(x.Code, x.Name, x.RegionCode)), communes),
            Establishments = establishments,
            Filieres = d.Filieres.ToDictionary(f => f.Acronym, f => new DirFiliere(f.Acronym, f.Name, f.Website, f.HostFiness), StringComparer.Ordinal),
            Networks = networks,
            Centres = centres,
            Platforms = new Dictionary<string, DirPlatform>(StringComparer.Ordinal),
            RegionNames = regions,
            AssociationsByTarget = new Dictionary<string, IReadOnlyList<DirAssociation>>(StringComparer.Ordinal),
            NetworksByCode = networks.Values.SelectMany(n => n.Perimeter.Select(code => (code, n.Id))).GroupBy(x => x.code)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(x => x.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]),
            CentresByNetwork = centres.Values.SelectMany(c => c.Networks.Select(n => (n, c.Id))).GroupBy(x => x.n, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(x => x.Id).Order(StringComparer.Ordinal)], StringComparer.Ordinal),
            LatestActivity = new Dictionary<string, DirActivity>(StringComparer.Ordinal),
            Located = [.. establishments.Values.Where(e => e.Point is not null).Select(e => new LocatedSite(e.DepartementCode, e.Commune, e.PostalCode, e.Point!.Value))],
        };
    }
}
