namespace Maillage.Domain.Orpha;

/// <summary>
/// The Orphanet classifications as one directed graph (parent → child, all classifications merged), for walking up from
/// a disease to the groups above it, or down from a group to its member diseases. A code may have several parents (a
/// disease sits in several classifications); the walks visit each code once, so they end even on a malformed cycle.
/// </summary>
public sealed class OrphaGraph
{
    private static readonly int[] None = [];
    private readonly Dictionary<int, int[]> _parents;
    private readonly Dictionary<int, int[]> _children;

    public OrphaGraph(IEnumerable<(int Parent, int Child)> edges, IEnumerable<int>? heads = null)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var list = edges.Where(e => e.Parent != e.Child).Distinct().ToList();
        var allChildren = list.Select(e => e.Child).ToHashSet();
        _heads = heads is null ? [.. list.Select(e => e.Parent).Where(p => !allChildren.Contains(p))] : [.. heads];
        _parents = list.GroupBy(e => e.Child).ToDictionary(g => g.Key, g => g.Select(e => e.Parent).OrderBy(x => x).ToArray());
        _children = list.GroupBy(e => e.Parent).ToDictionary(g => g.Key, g => g.Select(e => e.Child).OrderBy(x => x).ToArray());
        EdgeCount = list.Count;
    }

    public int EdgeCount { get; }

    private readonly HashSet<int> _heads;

    /// <summary>
    /// Builds the graph from edges that name their classification, and records each classification's head (its root:
    /// a parent never a child within that classification, e.g. "rare renal disease"), even when another classification
    /// puts a parent above it.
    /// </summary>
    public static OrphaGraph FromClassifications(IEnumerable<(int Parent, int Child, int Classification)> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var list = edges.ToList();
        var heads = list.GroupBy(e => e.Classification)
            .SelectMany(g =>
            {
                var children = g.Select(e => e.Child).ToHashSet();
                return g.Select(e => e.Parent).Where(p => !children.Contains(p));
            });
        return new OrphaGraph(list.Select(e => (e.Parent, e.Child)), heads);
    }

    /// <summary>Whether <paramref name="code"/> heads one of the classifications (its root group).</summary>
    public bool IsHead(int code) => _heads.Contains(code);

    public IReadOnlyList<int> Parents(int code) => _parents.TryGetValue(code, out var p) ? p : None;

    public IReadOnlyList<int> Children(int code) => _children.TryGetValue(code, out var c) ? c : None;

    /// <summary>Every group above <paramref name="code"/> (not the code itself), nearest first (breadth-first).</summary>
    public IReadOnlyList<int> Ancestors(int code) => Walk(code, _parents);

    /// <summary>Every code below <paramref name="code"/> (not the code itself), nearest first (breadth-first).</summary>
    public IReadOnlyList<int> Descendants(int code) => Walk(code, _children);

    /// <summary>The code itself and every group above it: the codes whose label covers <paramref name="code"/>.</summary>
    public IReadOnlyList<int> SelfAndAncestors(int code) => [code, .. Ancestors(code)];

    /// <summary>Whether a label on <paramref name="labelled"/> covers <paramref name="disease"/> (same code, or a group above it).</summary>
    public bool Covers(int labelled, int disease) => labelled == disease || Ancestors(disease).Contains(labelled);

    /// <summary>The number of edges from <paramref name="code"/> up to <paramref name="ancestor"/> on the shortest path, or null.</summary>
    public int? DistanceUp(int code, int ancestor)
    {
        if (code == ancestor) return 0;
        var seen = new HashSet<int> { code };
        var frontier = new List<int> { code };
        for (var depth = 1; frontier.Count > 0; depth++)
        {
            var next = new List<int>();
            foreach (var c in frontier)
                foreach (var p in Parents(c))
                {
                    if (p == ancestor) return depth;
                    if (seen.Add(p)) next.Add(p);
                }
            frontier = next;
        }
        return null;
    }

    private static int[] Walk(int start, Dictionary<int, int[]> next)
    {
        var seen = new HashSet<int> { start };
        var order = new List<int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var c = queue.Dequeue();
            if (!next.TryGetValue(c, out var nexts)) continue;
            foreach (var n in nexts)
                if (seen.Add(n))
                {
                    order.Add(n);
                    queue.Enqueue(n);
                }
        }
        return [.. order];
    }
}
