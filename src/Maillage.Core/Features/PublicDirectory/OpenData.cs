using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.PublicDirectory;

/// <summary>One row of the open-data directory (docs/formats/open-data.md): a labelled, open centre.</summary>
public sealed record OpenDataCentre(
    string Id, string Kind, string? Role, string? ResourceKind, string Name, string? NetworkId, string? NetworkName,
    IReadOnlyList<string> AttachedNetworks, IReadOnlyList<string> Filieres, string EstablishmentFiness, string EstablishmentName,
    string? Commune, string? PostalCode, string DepartementCode, string RegionCode, double? Latitude, double? Longitude,
    string? Phone, string? Email, string? Website, string? Head, IReadOnlyList<int> OrphaCodes);

public sealed record OpenDataNetwork(string Id, string Name, string? Acronym, string Filiere, string AgeValence, IReadOnlyList<int> OrphaCodes, IReadOnlyList<string> Erns);

public sealed record OpenDataFiliere(string Acronym, string Name, string? Website);

public sealed record OpenDataPlatform(string Id, string Kind, string Name, string HostFiness, string? RegionCode, IReadOnlyList<string> Centres);

public sealed record OpenDataDocument(
    string SchemaVersion, string AsOf, string Licence, string LicenceUrl, string OrphanetAttribution, string? OrphanetVersion, bool FictitiousDemoData,
    IReadOnlyList<OpenDataFiliere> Filieres, IReadOnlyList<OpenDataNetwork> Networks, IReadOnlyList<OpenDataCentre> Centres, IReadOnlyList<OpenDataPlatform> Platforms);

/// <summary>
/// The directory as open data: CSV (one row per centre) and JSON (filières, networks, centres, platforms), and the
/// yearly list sent to Orphanet (one row per centre and ORPHA code). Same content from the API, the download page and
/// <c>maillage opendata export</c>; deterministic (sorted by identifier, no timestamp beyond the day).
/// </summary>
public static class OpenData
{
    public const string SchemaVersion = "1";
    public const string Licence = "Licence Ouverte / Open Licence 2.0 (Etalab)";
    public const string LicenceUrl = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";

    public static readonly string[] CsvHeader =
    [
        "id", "kind", "role", "resource_kind", "name", "network_id", "network_name", "attached_networks", "filieres",
        "establishment_finess", "establishment_name", "commune", "postal_code", "departement_code", "region_code",
        "latitude", "longitude", "phone", "email", "website", "head", "orpha_codes", "fictitious_demo_data",
    ];

    public static readonly string[] OrphanetHeader =
    [
        "centre_id", "centre_kind", "centre_name", "network_id", "network_name", "establishment_finess", "establishment_name",
        "commune", "orpha_code", "orpha_name", "labelled_for",
    ];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string KindCode(CentreKind k) => k switch
    {
        CentreKind.ReferenceSite => "reference_site",
        CentreKind.CompetenceCentre => "competence_centre",
        CentreKind.ResourceCentre => "resource_centre",
    };

    public static string? RoleCode(SiteRole? r) => r switch
    {
        SiteRole.Coordinating => "coordinating",
        SiteRole.Constitutive => "constitutive",
        null => null,
    };

    public static string? ResourceKindCode(ResourceCentreKind? k) => k switch
    {
        ResourceCentreKind.Mhc => "mhc",
        ResourceCentreKind.Crcm => "crcm",
        ResourceCentreKind.Sla => "sla",
        null => null,
    };

    /// <summary>The ORPHA codes a centre is labelled for: its network's perimeter, or the perimeters of the networks it is attached to.</summary>
    public static IReadOnlyList<int> CodesOf(DirectoryCatalog catalog, DirCentre c)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(c);
        return [.. c.Networks.SelectMany(n => catalog.Networks.TryGetValue(n, out var net) ? net.Perimeter : []).Distinct().Order()];
    }

    public static OpenDataDocument Document(DirectoryCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var centres = catalog.Centres.Values.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c =>
        {
            var e = catalog.EstablishmentOf(c)!;
            var net = c.NetworkId is not null ? catalog.Networks.GetValueOrDefault(c.NetworkId) : null;
            return new OpenDataCentre(c.Id, KindCode(c.Kind), RoleCode(c.Role), ResourceKindCode(c.ResourceKind), c.Name, c.NetworkId, net?.Name,
                c.AttachedNetworks, c.Filieres, e.Finess, e.Name, e.Commune, e.PostalCode, e.DepartementCode, e.RegionCode,
                e.Point?.Latitude, e.Point?.Longitude, c.Phone, c.Email, c.Website, c.Head, CodesOf(catalog, c));
        }).ToList();
        return new OpenDataDocument(SchemaVersion, catalog.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Licence, LicenceUrl,
            DirectorySearch.OrphanetAttribution, catalog.OrphanetVersion, catalog.IsDemo,
            [.. catalog.Filieres.Values.OrderBy(f => f.Acronym, StringComparer.Ordinal).Select(f => new OpenDataFiliere(f.Acronym, f.Name, f.Website))],
            [.. catalog.Networks.Values.OrderBy(n => n.Id, StringComparer.Ordinal).Select(n => new OpenDataNetwork(n.Id, n.Name, n.Acronym, n.FiliereAcronym,
                n.AgeValence switch { AgeValence.Paediatric => "paediatric", AgeValence.Adult => "adult", _ => "both" }, n.Perimeter, n.Erns))],
            centres,
            [.. catalog.Platforms.Values.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => new OpenDataPlatform(p.Id,
                p.Kind == PlatformKind.Expertise ? "expertise" : "overseas", p.Name, p.HostFiness, p.RegionCode, p.Centres))]);
    }

    public static byte[] JsonBytes(DirectoryCatalog catalog) => JsonSerializer.SerializeToUtf8Bytes(Document(catalog), Json);

    public static byte[] CsvBytes(DirectoryCatalog catalog)
    {
        var doc = Document(catalog);
        var inv = CultureInfo.InvariantCulture;
        var demo = doc.FictitiousDemoData ? "true" : "false";
        return CsvTable.ToBytes(CsvHeader, doc.Centres.Select(c => (IReadOnlyList<string?>)
        [
            c.Id, c.Kind, c.Role, c.ResourceKind, c.Name, c.NetworkId, c.NetworkName, string.Join(' ', c.AttachedNetworks), string.Join(' ', c.Filieres),
            c.EstablishmentFiness, c.EstablishmentName, c.Commune, c.PostalCode, c.DepartementCode, c.RegionCode,
            c.Latitude?.ToString("0.######", inv), c.Longitude?.ToString("0.######", inv), c.Phone, c.Email, c.Website, c.Head,
            string.Join(' ', c.OrphaCodes.Select(x => x.ToString(inv))), demo,
        ]));
    }

    /// <summary>
    /// The yearly list sent to Orphanet: every labelled centre with each ORPHA code it is labelled for (through its
    /// network's perimeter, or the networks a CCMR/CRC is attached to), one row per (centre, code, network).
    /// </summary>
    public static byte[] OrphanetListBytes(DirectoryCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var inv = CultureInfo.InvariantCulture;
        var rows = new List<IReadOnlyList<string?>>();
        foreach (var c in catalog.Centres.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var e = catalog.EstablishmentOf(c)!;
            foreach (var netId in c.Networks)
            {
                if (!catalog.Networks.TryGetValue(netId, out var n)) continue;
                foreach (var code in n.Perimeter)
                    rows.Add([c.Id, KindCode(c.Kind), c.Name, n.Id, n.Name, e.Finess, e.Name, e.Commune, code.ToString(inv), catalog.DiseaseName(code),
                        c.NetworkId == n.Id ? "network_perimeter" : "attached_network_perimeter"]);
            }
        }
        return CsvTable.ToBytes(OrphanetHeader, rows);
    }
}
