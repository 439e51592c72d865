using System.Globalization;
using Maillage.Core.Features.Territory;
using Maillage.Domain.Territory;
using Maillage.Web.Pages.Shared;

namespace Maillage.Web.Exports;

/// <summary>
/// The territory views as export tables (the page and /api/v1 give the same files). Numbers are written with a
/// decimal point (invariant culture), two decimals for rates per million.
/// </summary>
public static class TerritoryTables
{
    public static string Rate(double? v) => v is null ? "" : v.Value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string N(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static string MeasureLabel(MapMeasure m) => m switch
    {
        MapMeasure.Count => "Nombre de centres",
        MapMeasure.PerMillion => "Centres par million d'habitants",
        MapMeasure.ActivePatientsByResidence => "Patients actifs résidant dans la zone (département de résidence au dernier acte de l'année)",
        MapMeasure.ActivePatients => "File active (patients actifs) des centres situés dans la zone",
    };

    public static string GapLabel(GapKind k) => k switch
    {
        GapKind.NoReferenceNorCompetence => "Ni site de référence ni centre de compétence",
        GapKind.OverseasCoveredFromMainland => "Outre-mer couvert seulement depuis la métropole",
        GapKind.Concentrated => "Sites de référence concentrés (plus de la moitié dans la région)",
    };

    public static ExportTable Map(TerritoryMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var region = map.Level == MapLevel.Departement;
        List<string> headers = [region ? "Département (code)" : "Région (code)", region ? "Département" : "Région"];
        if (region) headers.Add("Région (code)");
        headers.AddRange(["Population", "Centres", "File active", MeasureLabel(map.Measure)]);
        return new ExportTable("Carte", headers, map.Areas.Select(a =>
        {
            List<string?> row = [a.Code, a.Name];
            if (region) row.Add(a.RegionCode);
            row.AddRange([N(a.Population), N(a.Centres), a.ActivePatients is { } p ? N(p) : "", map.Measure == MapMeasure.PerMillion ? Rate(a.Value) : a.Value is { } v ? N((int)v) : ""]);
            return (IReadOnlyList<string?>)row;
        }).ToList());
    }

    public static ExportTable Coverage(CoverageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var m = report.Matrix;
        var regions = m.Regions.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
        var gaps = m.Gaps.ToLookup(g => (g.Filiere, g.RegionCode));
        return new ExportTable("Couverture",
            ["Filière", "Région (code)", "Région", "Population", "Sites de référence", "CCMR", "CRC", "Total", "Total par million", "Sites de référence par million", "Lacunes"],
            m.Cells.Select(c => (IReadOnlyList<string?>)
            [
                c.Filiere, c.RegionCode, regions[c.RegionCode], N(c.Population), N(c.ReferenceSites), N(c.CompetenceCentres), N(c.ResourceCentres),
                N(c.Total), Rate(c.TotalPerMillion), Rate(c.ReferenceSitesPerMillion),
                string.Join(" ; ", gaps[(c.Filiere, c.RegionCode)].Select(g => GapLabel(g.Kind))),
            ]).ToList());
    }

    public static ExportTable Gaps(CoverageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var regions = report.Matrix.Regions.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
        return new ExportTable("Lacunes", ["Lacune (code)", "Lacune", "Filière", "Région (code)", "Région", "Sites dans la région", "Total"],
            report.Matrix.Gaps.Select(g => (IReadOnlyList<string?>)
            [
                System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(g.Kind.ToString()), GapLabel(g.Kind), g.Filiere, g.RegionCode,
                regions[g.RegionCode], N(g.Count), N(g.Total),
            ]).ToList());
    }

    public static ExportTable Redundancies(RedundancyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        string Code(int c) => $"ORPHA:{N(c)} {report.OrphaNames.GetValueOrDefault(c)}".TrimEnd();
        var rows = new List<IReadOnlyList<string?>>();
        foreach (var o in report.Networks)
            rows.Add(["réseaux", report.NetworkFilieres[o.NetworkA], "", o.NetworkA, report.NetworkNames[o.NetworkA], report.NetworkFilieres[o.NetworkB],
                o.NetworkB, report.NetworkNames[o.NetworkB], N(o.SharedCount),
                string.Join(" | ", o.Codes.Select(c => Code(c.Code) + Via(c))), "", ""]);
        foreach (var r in report.Sites)
            rows.Add(["sites", r.Filiere, r.RegionCode, r.Overlap.NetworkA, report.NetworkNames[r.Overlap.NetworkA], r.Filiere, r.Overlap.NetworkB,
                report.NetworkNames[r.Overlap.NetworkB], N(r.Overlap.SharedCount), string.Join(" | ", r.Overlap.Codes.Select(c => Code(c.Code) + Via(c))),
                string.Join(" ", r.SitesOfA), string.Join(" ", r.SitesOfB)]);
        return new ExportTable("Redondances",
            ["Type", "Filière A", "Région", "Réseau A", "Nom A", "Filière B", "Réseau B", "Nom B", "Codes partagés", "Codes partagés les plus hauts", "Sites A", "Sites B"], rows);

        string Via(SharedCode c) => c.LabelledByA == c.Code && c.LabelledByB == c.Code ? ""
            : $" (A : ORPHA:{N(c.LabelledByA)}, B : ORPHA:{N(c.LabelledByB)})";
    }

    public static ExportTable Attraction(AttractionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        IReadOnlyList<string?> Row(string id, string name, string kind, string dep, string region, int active, AttractionCounts r) =>
        [
            id, name, kind, dep, region, N(active), N(r.SameDepartement), N(r.SameRegion), N(r.OtherRegion), N(r.Abroad), N(r.Unknown),
            Rate(r.RegionalShare * 100), Rate(r.NationalShare * 100), Rate(r.InternationalShare * 100),
        ];
        var rows = report.Centres.Select(c => Row(c.CentreId, c.CentreName, Labels.Kind(c.Kind), c.DepartementCode, c.RegionCode, c.ActivePatients, c.Residence)).ToList();
        rows.Add(Row("", "Total", "", "", "", report.Centres.Sum(c => c.ActivePatients), report.Total));
        return new ExportTable("Attractivité",
            ["Centre (identifiant)", "Centre", "Type", "Département", "Région", "File active", "Même département", "Reste de la région",
             "Autre région", "Étranger", "Inconnu", "Attraction régionale (%)", "Attraction nationale (%)", "Attraction internationale (%)"], rows);
    }
}
