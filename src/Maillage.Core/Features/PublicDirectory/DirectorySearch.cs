using System.Globalization;
using Maillage.Domain.PublicDirectory;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.PublicDirectory;

/// <summary>A disease proposed for a query (suggestions and the list of matches).</summary>
public sealed record DiseaseSuggestion(int OrphaCode, string Name, string MatchedText, string MatchedLabel, bool IsActive, int? RedirectTo);

/// <summary>Why a network treats the disease: labelled for the disease itself, or for a group above it.</summary>
public sealed record NetworkCoverage(string NetworkId, string NetworkName, string? Acronym, string Filiere, int LabelledCode,
    string LabelledName, bool ThroughGroup, int Levels, string Explanation);

public sealed record CentreHit(string Id, CentreKind Kind, SiteRole? Role, ResourceCentreKind? ResourceKind, string Name,
    IReadOnlyList<string> Networks, IReadOnlyList<string> Filieres, string EstablishmentFiness, string EstablishmentName, string? Commune, string? PostalCode,
    string DepartementCode, string DepartementName, string RegionCode, string RegionName, Proximity? Proximity, double? DistanceKm);

public sealed record PlaceInfo(string Kind, string Label, string DepartementCode, string RegionCode, string RegionName, string? CommuneCode,
    string? PostalCode, double? Latitude, double? Longitude, string? PointSource);

public sealed record DiseaseInfo(int OrphaCode, string Name, string NameEn, string? NameFr, IReadOnlyList<string> Synonyms, bool IsActive, int? RequestedCode, string? Note);

/// <summary>The answer of a directory search: the diseases matched, the disease chosen, who treats it, where, nearest first.</summary>
public sealed record DirectoryResult(
    string? Query, string? PlaceQuery, IReadOnlyList<DiseaseSuggestion> Diseases, DiseaseInfo? Disease, PlaceInfo? Place, string? PlaceError,
    IReadOnlyList<NetworkCoverage> Networks, IReadOnlyList<CentreHit> Centres, int TotalCentres, bool FictitiousDemoData, string Attribution);

/// <summary>The directory's searches over a <see cref="DirectoryCatalog"/>; pure reads, no database access.</summary>
public static class DirectorySearch
{
    public const string OrphanetAttribution = "Orphanet, INSERM — CC BY 4.0";

    public static IReadOnlyList<DiseaseSuggestion> Suggest(DirectoryCatalog catalog, string? q, int limit = 8)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. catalog.Diseases.Search(q, limit).Select(ToSuggestion)];
    }

    private static DiseaseSuggestion ToSuggestion(DiseaseMatch m) => new(m.Code, m.Name, m.MatchedText, m.MatchedLabel switch
    {
        MatchedLabel.Code => "orphacode",
        MatchedLabel.FrenchName => "nom_fr",
        MatchedLabel.EnglishName => "nom_en",
        _ => "synonyme",
    }, m.IsActive, m.RedirectTo);

    /// <summary>
    /// A search: <paramref name="q"/> (disease: code, name or synonym), <paramref name="orpha"/> (a chosen code, wins over
    /// q), <paramref name="place"/> (département, commune or postcode). With a disease: the networks labelled for it or a
    /// group above it and their centres; with only a place: every centre, nearest first.
    /// </summary>
    public static DirectoryResult Search(DirectoryCatalog catalog, string? q, int? orpha, string? place, int limit = 50)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        limit = Math.Clamp(limit, 1, 5000);
        var matches = orpha is null ? catalog.Diseases.Search(q, 20) : [];
        int? code = orpha;
        if (code is null && matches.Count > 0 && (matches[0].Exact || matches.Count == 1 || matches[0].MatchedLabel == MatchedLabel.Code))
            code = matches[0].Code;

        Place? where = null;
        string? placeError = null;
        if (!string.IsNullOrWhiteSpace(place))
        {
            where = catalog.Places.Resolve(place);
            if (where is null) placeError = $"Lieu « {place.Trim()} » introuvable : saisissez un code postal, un numéro ou un nom de département, ou un nom de commune.";
            else
            {
                var (point, source) = PlaceResolver.ReferencePoint(where, catalog.Located);
                where = where with { Point = point, PointSource = source };
            }
        }
        var placeInfo = where is null ? null : new PlaceInfo(where.Kind switch
            {
                PlaceKind.Departement => "departement",
                PlaceKind.Commune => "commune",
                _ => "postal_code",
            }, where.Label, where.DepartementCode, where.RegionCode, catalog.RegionNames.GetValueOrDefault(where.RegionCode) ?? where.RegionCode,
            where.CommuneCode, where.PostalCode, where.Point?.Latitude, where.Point?.Longitude, where.PointSource);

        DiseaseInfo? disease = null;
        List<NetworkCoverage> coverage = [];
        IEnumerable<DirCentre> centres = [];
        if (code is not null)
        {
            var requested = code.Value;
            var entry = catalog.Diseases.Get(requested);
            string? note = null;
            if (entry is not null && !entry.IsActive && entry.RedirectTo is { } target && catalog.Diseases.Get(target) is { } moved)
            {
                note = $"ORPHA:{requested} n'est plus actif dans la nomenclature : il est remplacé par ORPHA:{target}.";
                entry = moved;
            }
            if (entry is not null)
            {
                disease = new DiseaseInfo(entry.Code, entry.Name, entry.NameEn, entry.NameFr, entry.Synonyms, entry.IsActive,
                    entry.Code == requested ? null : requested, note);
                coverage = Coverage(catalog, entry.Code);
                var byNetwork = coverage.Select(c => c.NetworkId).ToHashSet(StringComparer.Ordinal);
                centres = byNetwork.SelectMany(n => catalog.CentresByNetwork.GetValueOrDefault(n) ?? []).Distinct(StringComparer.Ordinal)
                    .Select(id => catalog.Centres[id]);
            }
        }
        else if (where is not null && string.IsNullOrWhiteSpace(q))
        {
            centres = catalog.Centres.Values;
        }

        var hits = Rank(catalog, centres, where);
        return new DirectoryResult(q, place, [.. matches.Select(ToSuggestion)], disease, placeInfo, placeError, coverage,
            [.. hits.Take(limit)], hits.Count, catalog.IsDemo, OrphanetAttribution);
    }

    /// <summary>Networks labelled for <paramref name="code"/> or a group above it, the nearest label first.</summary>
    public static List<NetworkCoverage> Coverage(DirectoryCatalog catalog, int code)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var result = new Dictionary<string, NetworkCoverage>(StringComparer.Ordinal);
        foreach (var labelled in catalog.Graph.SelfAndAncestors(code))
        {
            if (!catalog.NetworksByCode.TryGetValue(labelled, out var networks)) continue;
            foreach (var id in networks)
            {
                if (result.ContainsKey(id)) continue;
                var n = catalog.Networks[id];
                var group = labelled != code;
                var levels = group ? catalog.Graph.DistanceUp(code, labelled) ?? 0 : 0;
                var groupName = catalog.DiseaseName(labelled);
                var explanation = group
                    ? $"Labellisé pour le groupe « {groupName} » (ORPHA:{labelled.ToString(CultureInfo.InvariantCulture)}), qui contient cette maladie."
                    : $"Labellisé pour cette maladie (ORPHA:{code.ToString(CultureInfo.InvariantCulture)}).";
                result[id] = new NetworkCoverage(n.Id, n.Name, n.Acronym, n.FiliereAcronym, labelled, groupName, group, levels, explanation);
            }
        }
        return [.. result.Values.OrderBy(c => c.Levels).ThenBy(c => c.NetworkName, StringComparer.Ordinal)];
    }

    /// <summary>Centres nearest first when a place is given; otherwise coordinating sites, constitutive sites, CCMR, CRC, by region.</summary>
    public static List<CentreHit> Rank(DirectoryCatalog catalog, IEnumerable<DirCentre> centres, Place? where)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var list = centres.Where(c => catalog.Establishments.ContainsKey(c.EstablishmentFiness)).ToList();
        CentreHit Hit(DirCentre c, Proximity? p, double? km)
        {
            var e = catalog.EstablishmentOf(c)!;
            return new CentreHit(c.Id, c.Kind, c.Role, c.ResourceKind, c.Name, [.. c.Networks], c.Filieres, e.Finess, e.Name, e.Commune, e.PostalCode,
                e.DepartementCode, e.DepartementName, e.RegionCode, e.RegionName, p, km);
        }
        if (where is null)
            return [.. list.OrderBy(KindOrder).ThenBy(c => catalog.EstablishmentOf(c)!.RegionName, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal)
                .Select(c => Hit(c, null, null))];
        return [.. PlaceResolver.Rank(list, where, c =>
            {
                var e = catalog.EstablishmentOf(c)!;
                return (e.DepartementCode, e.RegionCode, e.Point);
            }, c => KindOrder(c).ToString(CultureInfo.InvariantCulture) + c.Id)
            .Select(r => Hit(r.Item, r.Proximity, r.DistanceKm))];
    }

    private static int KindOrder(DirCentre c) => c.Kind switch
    {
        CentreKind.ReferenceSite => c.Role == SiteRole.Coordinating ? 0 : 1,
        CentreKind.CompetenceCentre => 2,
        _ => 3,
    };
}
