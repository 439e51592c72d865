using System.Globalization;

namespace Maillage.Domain.PublicDirectory;

public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>Great-circle distance in kilometres (haversine, mean Earth radius).</summary>
    public double DistanceKm(GeoPoint other)
    {
        static double Rad(double deg) => deg * Math.PI / 180.0;
        var dLat = Rad(other.Latitude - Latitude);
        var dLon = Rad(other.Longitude - Longitude);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(Rad(Latitude)) * Math.Cos(Rad(other.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}

public sealed record CommuneInfo(string Code, string Name, string DepartementCode, string RegionCode, IReadOnlyList<string> PostalCodes, long Population);

public sealed record DepartementInfo(string Code, string Name, string RegionCode);

public enum PlaceKind
{
    Departement,
    Commune,
    PostalCode,
}

/// <summary>
/// Where the user is: a département, a commune or a postcode, with the point distances are measured from.
/// <see cref="PointSource"/> says what that point is (communes carry no coordinates in the shipped data).
/// </summary>
public sealed record Place(PlaceKind Kind, string Label, string DepartementCode, string RegionCode, string? CommuneCode, string? PostalCode,
    string? CommuneName, GeoPoint? Point = null, string? PointSource = null);

/// <summary>How near a structure is to a <see cref="Place"/>: same département (0), same region (1), elsewhere (2).</summary>
public enum Proximity
{
    SameDepartement = 0,
    SameRegion = 1,
    Elsewhere = 2,
}

/// <summary>Finds a place from what the user typed: a postcode, a département code or name, a commune name.</summary>
public sealed class PlaceResolver
{
    private readonly Dictionary<string, DepartementInfo> _departements;
    private readonly Dictionary<string, DepartementInfo> _departementsByName;
    private readonly Dictionary<string, List<CommuneInfo>> _byPostalCode;
    private readonly Dictionary<string, List<CommuneInfo>> _byName;

    public PlaceResolver(IEnumerable<DepartementInfo> departements, IEnumerable<CommuneInfo> communes)
    {
        ArgumentNullException.ThrowIfNull(departements);
        ArgumentNullException.ThrowIfNull(communes);
        _departements = departements.ToDictionary(d => d.Code, StringComparer.OrdinalIgnoreCase);
        _departementsByName = _departements.Values.GroupBy(d => TextNormalizer.Normalize(d.Name), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _byPostalCode = new(StringComparer.Ordinal);
        _byName = new(StringComparer.Ordinal);
        foreach (var c in communes)
        {
            foreach (var pc in c.PostalCodes)
            {
                if (!_byPostalCode.TryGetValue(pc, out var l)) _byPostalCode[pc] = l = [];
                l.Add(c);
            }
            var n = TextNormalizer.Normalize(c.Name);
            if (!_byName.TryGetValue(n, out var list)) _byName[n] = list = [];
            list.Add(c);
        }
        foreach (var l in _byPostalCode.Values.Concat(_byName.Values)) l.Sort((a, b) => b.Population.CompareTo(a.Population));
    }

    public DepartementInfo? Departement(string code) => _departements.GetValueOrDefault(code);

    /// <summary>
    /// The place meant by <paramref name="text"/>, or null. A 5-digit postcode gives the most populous commune it
    /// serves; "75", "2A", "974" a département; a name a département or the most populous commune of that name
    /// ("Saint-Denis 974" or "Saint-Denis (974)" picks the one in that département).
    /// </summary>
    public Place? Resolve(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (t.Length == 5 && t.All(char.IsAsciiDigit))
        {
            if (!_byPostalCode.TryGetValue(t, out var communes)) return null;
            var c = communes[0];
            return new Place(PlaceKind.PostalCode, $"{t} {c.Name}", c.DepartementCode, c.RegionCode, c.Code, t, c.Name);
        }
        if (_departements.TryGetValue(t, out var dep) || _departements.TryGetValue("0" + t, out dep))
            return DepartementPlace(dep);

        var tokens = TextNormalizer.Tokens(t);
        if (tokens.Length == 0) return null;
        // A trailing département code narrows a commune name: "Saint-Denis 974".
        string? wantedDep = null;
        if (tokens.Length > 1 && _departements.ContainsKey(tokens[^1]))
        {
            wantedDep = _departements[tokens[^1]].Code;
            tokens = tokens[..^1];
        }
        var name = string.Join(' ', tokens);
        if (wantedDep is null && _departementsByName.TryGetValue(name, out var byName)) return DepartementPlace(byName);
        if (_byName.TryGetValue(name, out var named))
        {
            var c = named.FirstOrDefault(x => wantedDep is null || x.DepartementCode == wantedDep);
            if (c is not null) return CommunePlace(c);
        }
        // One typo in a département or commune name.
        var allowed = TextNormalizer.AllowedTypos(name.Length);
        if (allowed == 0) return null;
        var dept = _departementsByName.Where(d => TextNormalizer.BoundedDistance(name, d.Key, allowed) <= allowed).Select(d => d.Value).FirstOrDefault();
        if (dept is not null && wantedDep is null) return DepartementPlace(dept);
        var near = _byName.Where(n => TextNormalizer.BoundedDistance(name, n.Key, allowed) <= allowed)
            .SelectMany(n => n.Value).Where(x => wantedDep is null || x.DepartementCode == wantedDep)
            .OrderByDescending(x => x.Population).FirstOrDefault();
        return near is null ? null : CommunePlace(near);
    }

    private static Place DepartementPlace(DepartementInfo d) =>
        new(PlaceKind.Departement, $"{d.Name} ({d.Code})", d.Code, d.RegionCode, null, null, null);

    private static Place CommunePlace(CommuneInfo c) =>
        new(PlaceKind.Commune, $"{c.Name} ({c.DepartementCode})", c.DepartementCode, c.RegionCode, c.Code, c.PostalCodes.FirstOrDefault(), c.Name);

    public static Proximity ProximityOf(Place place, string departementCode, string regionCode)
    {
        ArgumentNullException.ThrowIfNull(place);
        return string.Equals(place.DepartementCode, departementCode, StringComparison.OrdinalIgnoreCase) ? Proximity.SameDepartement
            : string.Equals(place.RegionCode, regionCode, StringComparison.Ordinal) ? Proximity.SameRegion
            : Proximity.Elsewhere;
    }

    /// <summary>
    /// Nearest first: same département, same region, then the rest; within each, by distance when both points are
    /// known (unknown distances after known ones), then by <paramref name="tieBreak"/>.
    /// </summary>
    public static List<(T Item, Proximity Proximity, double? DistanceKm)> Rank<T>(IEnumerable<T> items, Place place,
        Func<T, (string Departement, string Region, GeoPoint? Point)> where, Func<T, string> tieBreak)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(where);
        ArgumentNullException.ThrowIfNull(tieBreak);
        return items.Select(i =>
            {
                var (dep, region, point) = where(i);
                double? km = place.Point is { } from && point is { } to ? Math.Round(from.DistanceKm(to), 1) : null;
                return (Item: i, Proximity: ProximityOf(place, dep, region), DistanceKm: km);
            })
            .OrderBy(x => x.Proximity).ThenBy(x => x.DistanceKm is null ? 1 : 0).ThenBy(x => x.DistanceKm ?? 0)
            .ThenBy(x => tieBreak(x.Item), StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The reference point of a place, from the located establishments: those of the commune (or postcode) first, then
    /// those of the département; their mean. Returns the point and a French sentence saying what it is, or nulls.
    /// </summary>
    public static (GeoPoint? Point, string? Source) ReferencePoint(Place place, IEnumerable<LocatedSite> located)
    {
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(located);
        var list = located.ToList();
        if (place.CommuneName is not null)
        {
            var norm = TextNormalizer.Normalize(place.CommuneName);
            var inCommune = list.Where(s => s.DepartementCode == place.DepartementCode
                && ((s.PostalCode is not null && s.PostalCode == place.PostalCode) || TextNormalizer.Normalize(s.Commune) == norm)).ToList();
            if (inCommune.Count > 0)
                return (Mean(inCommune), $"position des établissements géolocalisés de {place.CommuneName}");
        }
        var inDep = list.Where(s => s.DepartementCode == place.DepartementCode).ToList();
        if (inDep.Count > 0)
            return (Mean(inDep), string.Create(CultureInfo.InvariantCulture, $"position moyenne des établissements géolocalisés du département {place.DepartementCode} (la commune n'a pas de coordonnées dans les données)"));
        return (null, null);
    }

    private static GeoPoint Mean(List<LocatedSite> s) =>
        new(Math.Round(s.Average(x => x.Point.Latitude), 4), Math.Round(s.Average(x => x.Point.Longitude), 4));
}

/// <summary>An establishment with coordinates, for <see cref="PlaceResolver.ReferencePoint"/>.</summary>
public sealed record LocatedSite(string DepartementCode, string? Commune, string? PostalCode, GeoPoint Point);
