using Maillage.Domain.Orpha;

namespace Maillage.Domain.Territory;

/// <summary>A network and its labelled perimeter (ORPHA codes as labelled: diseases or groups).</summary>
public sealed record PerimeterNetwork(string Id, string Filiere, IReadOnlyCollection<int> Codes);

/// <summary>
/// A highest code covered by both networks of a pair, with the labelled code of each network that covers it (the code
/// itself, or the group above it the network is labelled for).
/// </summary>
public sealed record SharedCode(int Code, int LabelledByA, int LabelledByB);

/// <summary>
/// Two networks whose perimeters overlap. <see cref="Codes"/> are the highest shared codes (a shared code whose parents
/// are not shared); <see cref="SharedCount"/> counts every shared code, the member diseases of shared groups included.
/// </summary>
public sealed record NetworkOverlap(string NetworkA, string NetworkB, IReadOnlyList<SharedCode> Codes, int SharedCount)
{
    public bool SameFiliere { get; init; }
}

/// <summary>A reference site placed in a region (for the regional redundancy rule).</summary>
public sealed record RegionalSite(string SiteId, string NetworkId, string Filiere, string RegionCode);

/// <summary>
/// Reference sites of one filière in one region, from two networks whose perimeters overlap: the thematic and
/// geographic redundancy the follow-up committee looks for.
/// </summary>
public sealed record SiteRedundancy(string Filiere, string RegionCode, NetworkOverlap Overlap,
    IReadOnlyList<string> SitesOfA, IReadOnlyList<string> SitesOfB);

/// <summary>
/// Overlaps of ORPHA perimeters, through the Orphanet classification: a network labelled for a group covers the group
/// and every code below it (its member diseases, and their subtypes). Two networks overlap when some code is covered by
/// both — the same code labelled twice, a disease labelled by one under a group labelled by the other, or two groups
/// that share member diseases (a disease sits in several classifications).
/// </summary>
public static class PerimeterOverlaps
{
    /// <summary>The labelled codes and every code below them.</summary>
    public static HashSet<int> Covered(OrphaGraph graph, IEnumerable<int> labelled)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(labelled);
        var set = new HashSet<int>();
        foreach (var code in labelled)
        {
            if (!set.Add(code)) continue;
            foreach (var d in graph.Descendants(code)) set.Add(d);
        }
        return set;
    }

    /// <summary>Every overlapping pair, ordered by network ids (A &lt; B, ordinal).</summary>
    public static IReadOnlyList<NetworkOverlap> Between(OrphaGraph graph, IReadOnlyList<PerimeterNetwork> networks)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(networks);
        var ordered = networks.OrderBy(n => n.Id, StringComparer.Ordinal).ToList();
        var covered = ordered.Select(n => Covered(graph, n.Codes)).ToList();
        // code -> indexes of the networks covering it
        var byCode = new Dictionary<int, List<int>>();
        for (var i = 0; i < ordered.Count; i++)
            foreach (var code in covered[i])
            {
                if (!byCode.TryGetValue(code, out var list)) byCode[code] = list = [];
                list.Add(i);
            }
        var shared = new Dictionary<(int A, int B), HashSet<int>>();
        foreach (var (code, list) in byCode)
        {
            if (list.Count < 2) continue;
            for (var x = 0; x < list.Count; x++)
                for (var y = x + 1; y < list.Count; y++)
                {
                    var key = (list[x], list[y]);
                    if (!shared.TryGetValue(key, out var set)) shared[key] = set = [];
                    set.Add(code);
                }
        }
        var result = new List<NetworkOverlap>(shared.Count);
        foreach (var ((a, b), codes) in shared.OrderBy(p => p.Key.A).ThenBy(p => p.Key.B))
        {
            var na = ordered[a];
            var nb = ordered[b];
            var top = codes.Where(c => !graph.Parents(c).Any(codes.Contains)).Order()
                .Select(c => new SharedCode(c, LabelledCover(graph, na.Codes, c), LabelledCover(graph, nb.Codes, c)))
                .ToList();
            result.Add(new NetworkOverlap(na.Id, nb.Id, top, codes.Count) { SameFiliere = na.Filiere == nb.Filiere });
        }
        return result;
    }

    /// <summary>The labelled code covering <paramref name="code"/>: itself if labelled, else the nearest labelled group above it.</summary>
    private static int LabelledCover(OrphaGraph graph, IReadOnlyCollection<int> labelled, int code)
    {
        foreach (var c in graph.SelfAndAncestors(code))
            if (labelled.Contains(c)) return c;
        throw new InvalidOperationException($"ORPHA:{code} is not covered by the given perimeter.");
    }

    /// <summary>
    /// Reference sites of the same filière in the same region from two different networks whose perimeters overlap.
    /// Sites of one network share its perimeter by construction (the network is labelled as a whole, its sites
    /// together): the rule looks across networks.
    /// </summary>
    public static IReadOnlyList<SiteRedundancy> InRegions(IReadOnlyList<NetworkOverlap> overlaps, IEnumerable<RegionalSite> sites)
    {
        ArgumentNullException.ThrowIfNull(overlaps);
        ArgumentNullException.ThrowIfNull(sites);
        var byNetworkRegion = sites.GroupBy(s => (s.NetworkId, s.RegionCode))
            .ToDictionary(g => g.Key, g => g.ToList());
        var result = new List<SiteRedundancy>();
        foreach (var o in overlaps)
        {
            if (!o.SameFiliere) continue;
            foreach (var ((_, region), sitesOfA) in byNetworkRegion.Where(p => p.Key.NetworkId == o.NetworkA).OrderBy(p => p.Key.RegionCode, StringComparer.Ordinal))
            {
                if (!byNetworkRegion.TryGetValue((o.NetworkB, region), out var sitesOfB)) continue;
                result.Add(new SiteRedundancy(sitesOfA[0].Filiere, region, o,
                    sitesOfA.Select(s => s.SiteId).Order(StringComparer.Ordinal).ToList(),
                    sitesOfB.Select(s => s.SiteId).Order(StringComparer.Ordinal).ToList()));
            }
        }
        return result.OrderBy(r => r.Filiere, StringComparer.Ordinal).ThenBy(r => r.RegionCode, StringComparer.Ordinal)
            .ThenBy(r => r.Overlap.NetworkA, StringComparer.Ordinal).ThenBy(r => r.Overlap.NetworkB, StringComparer.Ordinal).ToList();
    }
}
