using System.Text;

namespace Maillage.Domain.Activity;

/// <summary>A centre of the registry as the extract validation sees it.</summary>
/// <param name="Id">Registry id (<c>centre_id</c>).</param>
/// <param name="EstablishmentFiness">FINESS of the centre's establishment (ET): <c>site_finess</c> must equal it.</param>
/// <param name="ClosedOn">When set, acts on or after this date are rejected.</param>
/// <param name="DepartementCode">Département of the site, for the residence attraction.</param>
/// <param name="RegionCode">Region of the site.</param>
public sealed record ActivityCentre(string Id, string EstablishmentFiness, DateOnly? ClosedOn, string? DepartementCode, string? RegionCode);

/// <summary>
/// What an extract is checked against, held in memory for the duration of an import: the registry's centres
/// (all kinds), the region of each département and the usable ORPHAcodes. Immutable and thread-safe.
/// </summary>
public sealed class ActivityReferential
{
    private readonly Dictionary<string, int> _centreIndex;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _centreLookup;
    /// <summary>64-bit hash of the id's UTF-8 bytes → index (bytes compared on a hit); null if two ids' hashes collide.</summary>
    private readonly Dictionary<ulong, int>? _centreByHash;
    private readonly byte[][] _centreIdBytes;
    private readonly byte[][] _finess;
    private readonly bool[] _finessValid;
    private readonly int[] _closedOnDay;
    private readonly byte[] _siteDepartementRank;
    private readonly int[] _siteRegion;
    private readonly int[] _regionOfRank;
    private readonly Dictionary<int, bool> _orpha;

    /// <param name="centres">The registry's centres.</param>
    /// <param name="departementRegions">Département code → region code.</param>
    /// <param name="orphaCodes">Every ORPHAcode of the loaded nomenclature → whether it is usable (active, or inactive
    /// with a redirection ending on an active code).</param>
    public ActivityReferential(IEnumerable<ActivityCentre> centres, IReadOnlyDictionary<string, string> departementRegions,
        IReadOnlyDictionary<int, bool> orphaCodes)
    {
        ArgumentNullException.ThrowIfNull(centres);
        ArgumentNullException.ThrowIfNull(departementRegions);
        Centres = [.. centres];
        _centreIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Centres.Count; i++) _centreIndex[Centres[i].Id] = i;
        _centreLookup = _centreIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        _centreIdBytes = Centres.Select(c => Encoding.UTF8.GetBytes(c.Id)).ToArray();
        _centreByHash = [];
        for (var i = 0; i < Centres.Count && _centreByHash is not null; i++)
            if (!_centreByHash.TryAdd(ActivityKeys.StayKey(0, _centreIdBytes[i]), i)) _centreByHash = null;

        var regions = departementRegions.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        int RegionIndex(string? code) => code is null ? -1 : regions.IndexOf(code);
        _regionOfRank = new int[ResidenceCodes.Codes.Count + 1];
        Array.Fill(_regionOfRank, -1);
        foreach (var (dep, region) in departementRegions)
            if (ResidenceCodes.TryRank(dep, out var rank) && rank != 0) _regionOfRank[rank] = RegionIndex(region);

        _finess = Centres.Select(c => Encoding.ASCII.GetBytes(c.EstablishmentFiness)).ToArray();
        _finessValid = _finess.Select(f => ActivityExtract.IsValidFiness(f)).ToArray();
        _closedOnDay = Centres.Select(c => c.ClosedOn?.DayNumber ?? int.MaxValue).ToArray();
        _siteDepartementRank = Centres.Select(c => ResidenceCodes.TryRank(c.DepartementCode, out var r) ? r : (byte)0).ToArray();
        _siteRegion = Centres.Select(c => RegionIndex(c.RegionCode ?? (c.DepartementCode is { } d ? departementRegions.GetValueOrDefault(d) : null))).ToArray();
        _orpha = new Dictionary<int, bool>(orphaCodes);
    }

    public IReadOnlyList<ActivityCentre> Centres { get; }

    /// <summary>Index of the centre in <see cref="Centres"/>, or -1.</summary>
    public int FindCentre(ReadOnlySpan<byte> id)
    {
        if (id.IsEmpty || id.Length > 128) return -1;
        if (_centreByHash is not null)
            return _centreByHash.TryGetValue(ActivityKeys.StayKey(0, id), out var i) && id.SequenceEqual(_centreIdBytes[i]) ? i : -1;
        Span<char> chars = stackalloc char[128];
        var n = Encoding.UTF8.GetChars(id, chars);
        return _centreLookup.TryGetValue(chars[..n], out var index) ? index : -1;
    }

    public ReadOnlySpan<byte> CentreFiness(int centre) => _finess[centre];

    /// <summary>Whether the centre's establishment FINESS has a valid key (a <c>site_finess</c> equal to it then has one too).</summary>
    public bool CentreFinessValid(int centre) => _finessValid[centre];

    /// <summary>Day number (<see cref="DateOnly.DayNumber"/>) from which the centre is closed; int.MaxValue when open.</summary>
    public int CentreClosedFromDay(int centre) => _closedOnDay[centre];

    /// <summary>Null for an unknown code, else whether it is usable.</summary>
    public bool? OrphaUsable(int code) => _orpha.TryGetValue(code, out var usable) ? usable : null;

    /// <summary>How a residence rank (<see cref="ResidenceCodes"/>) relates to the centre's site.</summary>
    public ResidenceClass Classify(int centre, byte residenceRank)
    {
        if (residenceRank == 0) return ResidenceClass.Unknown;
        if (residenceRank == ResidenceCodes.AbroadRank) return ResidenceClass.Abroad;
        if (residenceRank == _siteDepartementRank[centre]) return ResidenceClass.SameDepartement;
        var region = _siteRegion[centre];
        return region >= 0 && _regionOfRank[residenceRank] == region ? ResidenceClass.SameRegion : ResidenceClass.OtherRegion;
    }
}
