using System.Globalization;
using Maillage.Domain.PublicDirectory;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.PublicDirectory;

/// <summary>A disease proposed for a query (suggestions and the list of matches).</summary>
public sealed record DiseaseSuggestion(int OrphaCode, string Name, string MatchedText, string MatchedLabel, bool IsActive, int? RedirectTo);

/// <summary>
/// Why a network treats the disease: labelled for the disease itself (<see cref="CoverageKind.Disease"/>), for a group
/// above it (<see cref="CoverageKind.Group"/>, <see cref="Levels"/> up) or, when a group is searched, for a disease
/// inside it (<see cref="CoverageKind.Member"/>); <see cref="Explanation"/> says it in the page's language.
/// </summary>
public sealed record NetworkCoverage(string NetworkId, string NetworkName, string? Acronym, string Filiere, int LabelledCode,
    string LabelledName, bool ThroughGroup, int Levels, string Explanation, CoverageKind Kind, AgeValence AgeValence, string AgeLabel);

/// <summary>
/// A centre in a directory answer: where, how to contact it (the unit's telephone, mailbox and web page, public
/// professional contact, never a person's), which ages its networks take care of, and how it matches the disease
/// (<see cref="Coverage"/>: the best kind among its networks; null when no disease was searched).
/// </summary>
public sealed record CentreHit(string Id, CentreKind Kind, SiteRole? Role, ResourceCentreKind? ResourceKind, string Name,
    IReadOnlyList<string> Networks, IReadOnlyList<string> Filieres, string EstablishmentFiness, string EstablishmentName, string? Commune, string? PostalCode,
    string DepartementCode, string DepartementName, string RegionCode, string RegionName, Proximity? Proximity, double? DistanceKm,
    CoverageKind? Coverage = null, string? Phone = null, string? Email = null, string? Website = null,
    AgeValence? AgeValence = null, string? AgeLabel = null, double? Latitude = null, double? Longitude = null);

public sealed record PlaceInfo(string Kind, string Label, string DepartementCode, string RegionCode, string RegionName, string? CommuneCode,
    string? PostalCode, double? Latitude, double? Longitude, string? PointSource);

public sealed record DiseaseInfo(int OrphaCode, string Name, string NameEn, string? NameFr, IReadOnlyList<string> Synonyms, bool IsActive, int? RequestedCode, string? Note);

/// <summary>The answer of a directory search: the diseases matched, the disease chosen, who treats it, where, nearest first.</summary>
public sealed record DirectoryResult(
    string? Query, string? PlaceQuery, IReadOnlyList<DiseaseSuggestion> Diseases, DiseaseInfo? Disease, PlaceInfo? Place, string? PlaceError,
    IReadOnlyList<NetworkCoverage> Networks, IReadOnlyList<CentreHit> Centres, int TotalCentres, bool FictitiousDemoData, string Attribution);

/// <summary>The public directory's two languages (the nomenclature has French and English names).</summary>
public enum DirectoryLanguage
{
    French,
    English,
}

/// <summary>The directory's searches over a <see cref="DirectoryCatalog"/>; pure reads, no database access.</summary>
public static class DirectorySearch
{
    public const string OrphanetAttribution = "Orphanet, INSERM — CC BY 4.0";

    public static IReadOnlyList<DiseaseSuggestion> Suggest(DirectoryCatalog catalog, string? q, int limit = 8, DirectoryLanguage lang = DirectoryLanguage.French)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. catalog.Diseases.Search(q, limit).Select(m => ToSuggestion(catalog, m, lang))];
    }

    private static DiseaseSuggestion ToSuggestion(DirectoryCatalog catalog, DiseaseMatch m, DirectoryLanguage lang) => new(m.Code,
        lang == DirectoryLanguage.English ? catalog.Diseases.Get(m.Code)?.NameEn ?? m.Name : m.Name, m.MatchedText, m.MatchedLabel switch
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
    public static DirectoryResult Search(DirectoryCatalog catalog, string? q, int? orpha, string? place, int limit = 50,
        DirectoryLanguage lang = DirectoryLanguage.French)
    {
        var en = lang == DirectoryLanguage.English;
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
            if (where is null) placeError = en
                ? $"Place \u201c{place.Trim()}\u201d not found: enter a postcode, a département number or name, or a commune name."
                : $"Lieu « {place.Trim()} » introuvable : saisissez un code postal, un numéro ou un nom de département, ou un nom de commune.";
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
        Dictionary<string, CoverageKind>? tiers = null;
        IEnumerable<DirCentre> centres = [];
        if (code is not null)
        {
            var requested = code.Value;
            var entry = catalog.Diseases.Get(requested);
            string? note = null;
            if (entry is not null && !entry.IsActive && entry.RedirectTo is { } target && catalog.Diseases.Get(target) is { } moved)
            {
                note = en ? $"ORPHA:{requested} is no longer active in the nomenclature: it was replaced by ORPHA:{target}."
                    : $"ORPHA:{requested} n'est plus actif dans la nomenclature : il est remplacé par ORPHA:{target}.";
                entry = moved;
            }
            if (entry is not null)
            {
                disease = new DiseaseInfo(entry.Code, en ? entry.NameEn : entry.Name, entry.NameEn, entry.NameFr, entry.Synonyms, entry.IsActive,
                    entry.Code == requested ? null : requested, note);
                coverage = Coverage(catalog, entry.Code, lang);
                tiers = coverage.GroupBy(c => c.NetworkId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(c => c.Kind), StringComparer.Ordinal);
                centres = tiers.Keys.SelectMany(n => catalog.CentresByNetwork.GetValueOrDefault(n) ?? []).Distinct(StringComparer.Ordinal)
                    .Select(id => catalog.Centres[id]);
            }
        }
        else if (where is not null && string.IsNullOrWhiteSpace(q))
        {
            centres = catalog.Centres.Values;
        }

        var hits = Rank(catalog, centres, where, tiers, lang);
        return new DirectoryResult(q, place, [.. matches.Select(m => ToSuggestion(catalog, m, lang))], disease, placeInfo, placeError, coverage,
            [.. hits.Take(limit)], hits.Count, catalog.IsDemo, OrphanetAttribution);
    }

    /// <summary>
    /// The networks whose label covers <paramref name="code"/> by <see cref="CoverageRule"/>: labelled for the disease
    /// itself first, then for a group above it (nearest first, bounded ascent, never through a broad group), then — when
    /// a group is searched — for a disease inside it; each network once, at its best reach; by name within a rank.
    /// </summary>
    public static List<NetworkCoverage> Coverage(DirectoryCatalog catalog, int code, DirectoryLanguage lang = DirectoryLanguage.French)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var en = lang == DirectoryLanguage.English;
        var result = new Dictionary<string, NetworkCoverage>(StringComparer.Ordinal);
        foreach (var reach in CoverageRule.For(catalog.Graph).Reach(code))
        {
            if (!catalog.NetworksByCode.TryGetValue(reach.Code, out var networks)) continue;
            foreach (var id in networks)
            {
                if (result.ContainsKey(id)) continue;
                var n = catalog.Networks[id];
                var name = en ? catalog.Diseases.Get(reach.Code)?.NameEn ?? catalog.DiseaseName(reach.Code) : catalog.DiseaseName(reach.Code);
                var orpha = "ORPHA:" + reach.Code.ToString(CultureInfo.InvariantCulture);
                var explanation = (reach.Kind, en) switch
                {
                    (CoverageKind.Disease, false) => $"Labellisé pour cette maladie ({orpha}).",
                    (CoverageKind.Disease, true) => $"Designated for this disease ({orpha}).",
                    (CoverageKind.Group, false) => $"Labellisé pour le groupe « {name} » ({orpha}), qui contient cette maladie.",
                    (CoverageKind.Group, true) => $"Designated for the group \u201c{name}\u201d ({orpha}), which contains this disease.",
                    (CoverageKind.Member, false) => $"Labellisé pour « {name} » ({orpha}), qui fait partie de ce groupe.",
                    (CoverageKind.Member, true) => $"Designated for \u201c{name}\u201d ({orpha}), which belongs to this group.",
                };
                result[id] = new NetworkCoverage(n.Id, n.Name, n.Acronym, n.FiliereAcronym, reach.Code, name, reach.Kind == CoverageKind.Group,
                    reach.Levels, explanation, reach.Kind, n.AgeValence, AgeLabel(n.AgeValence, lang));
            }
        }
        return [.. result.Values.OrderBy(c => c.Kind).ThenBy(c => c.Levels).ThenBy(c => c.NetworkName, StringComparer.Ordinal)];
    }

    /// <summary>"Enfants et adultes", "Adultes", "Enfants" (or in English).</summary>
    public static string AgeLabel(AgeValence valence, DirectoryLanguage lang = DirectoryLanguage.French) => (valence, lang == DirectoryLanguage.English) switch
    {
        (AgeValence.Paediatric, false) => "Enfants",
        (AgeValence.Paediatric, true) => "Children",
        (AgeValence.Adult, false) => "Adultes",
        (AgeValence.Adult, true) => "Adults",
        (AgeValence.Both, false) => "Enfants et adultes",
        (AgeValence.Both, true) => "Children and adults",
    };

    /// <summary>The ages a centre's networks take care of: one valence, or both when they differ.</summary>
    public static AgeValence? AgeOf(DirectoryCatalog catalog, DirCentre c)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(c);
        var valences = c.Networks.Where(catalog.Networks.ContainsKey).Select(n => catalog.Networks[n].AgeValence).Distinct().ToList();
        return valences.Count switch
        {
            0 => null,
            1 => valences[0],
            _ => AgeValence.Both,
        };
    }

    /// <summary>
    /// Centres of the networks labelled for the disease itself first, then those reached through a group, then through
    /// a disease of the searched group (<paramref name="tiers"/>: each network's best kind; null: one rank); within a rank,
    /// nearest first when a place is given, otherwise coordinating sites, constitutive sites, CCMR, CRC, by region.
    /// </summary>
    public static List<CentreHit> Rank(DirectoryCatalog catalog, IEnumerable<DirCentre> centres, Place? where,
        IReadOnlyDictionary<string, CoverageKind>? tiers = null, DirectoryLanguage lang = DirectoryLanguage.French)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var list = centres.Where(c => catalog.Establishments.ContainsKey(c.EstablishmentFiness)).ToList();
        CoverageKind? Tier(DirCentre c) => tiers is null ? null
            : c.Networks.Where(tiers.ContainsKey).Select(n => tiers[n]).DefaultIfEmpty(CoverageKind.Member).Min();
        CentreHit Hit(DirCentre c, Proximity? p, double? km)
        {
            var e = catalog.EstablishmentOf(c)!;
            var age = AgeOf(catalog, c);
            return new CentreHit(c.Id, c.Kind, c.Role, c.ResourceKind, c.Name, [.. c.Networks], c.Filieres, e.Finess, e.Name, e.Commune, e.PostalCode,
                e.DepartementCode, e.DepartementName, e.RegionCode, e.RegionName, p, km, Tier(c), c.Phone, c.Email, c.Website,
                age, age is { } a ? AgeLabel(a, lang) : null, e.Point?.Latitude, e.Point?.Longitude);
        }
        if (where is null)
            return [.. list.OrderBy(c => Tier(c) ?? CoverageKind.Disease).ThenBy(KindOrder)
                .ThenBy(c => catalog.EstablishmentOf(c)!.RegionName, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal)
                .Select(c => Hit(c, null, null))];
        return [.. list.GroupBy(c => Tier(c) ?? CoverageKind.Disease).OrderBy(g => g.Key)
            .SelectMany(g => PlaceResolver.Rank(g.ToList(), where, c =>
            {
                var e = catalog.EstablishmentOf(c)!;
                return (e.DepartementCode, e.RegionCode, e.Point);
            }, c => KindOrder(c).ToString(CultureInfo.InvariantCulture) + c.Id))
            .Select(r => Hit(r.Item, r.Proximity, r.DistanceKm))];
    }

    private static int KindOrder(DirCentre c) => c.Kind switch
    {
        CentreKind.ReferenceSite => c.Role == SiteRole.Coordinating ? 0 : 1,
        CentreKind.CompetenceCentre => 2,
        _ => 3,
    };
}
