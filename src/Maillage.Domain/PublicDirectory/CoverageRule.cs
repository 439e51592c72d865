using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Maillage.Domain.Orpha;

namespace Maillage.Domain.PublicDirectory;

/// <summary>How a network's label reaches the disease searched for (the order of the directory's answers).</summary>
public enum CoverageKind
{
    /// <summary>The network is labelled for the disease itself.</summary>
    Disease = 0,
    /// <summary>The network is labelled for a group that contains the disease (within <see cref="CoverageRule.MaxAscent"/> levels).</summary>
    Group = 1,
    /// <summary>The searched code is a group; the network is labelled for a disease or subgroup inside it (within <see cref="CoverageRule.MaxDescent"/> levels).</summary>
    Member = 2,
}

/// <summary>A code whose label covers the searched disease, how, and how many classification levels away.</summary>
public readonly record struct CoverageReach(int Code, CoverageKind Kind, int Levels);

/// <summary>
/// Which labels answer a directory search, and in what order. The Orphanet classifications are merged into one graph
/// where a disease sits in many branches (sickle cell anaemia is under "haemoglobinopathy", but also under "rare
/// disease with moyamoya angiopathy", "rare renal disease", "avascular necrosis"…): following every edge up to the top
/// answers a search with far-away networks. The rule:
/// <list type="number">
/// <item>a network labelled for the disease itself comes first;</item>
/// <item>then the networks labelled for a group above it, nearest first, walking up at most <see cref="MaxAscent"/>
/// levels and never through a <em>broad</em> group: a classification's head (a code with no parent, e.g. "rare
/// neurological disease") or a group with more than <see cref="BroadGroupDescendants"/> codes below it (e.g. "rare
/// intellectual disability", 1,300 codes). A broad group is neither offered nor climbed through;</item>
/// <item>when the searched code is itself a group that is not broad: the networks labelled for a disease or subgroup
/// inside it, at most <see cref="MaxDescent"/> levels down.</item>
/// </list>
/// The graph is immutable, so the breadth counts are memoised per graph.
/// </summary>
public sealed class CoverageRule
{
    /// <summary>Levels walked up from the disease: its parent groups (1) and their parents (2).</summary>
    public const int MaxAscent = 2;

    /// <summary>Levels walked down from a searched group.</summary>
    public const int MaxDescent = 2;

    /// <summary>A group with more codes than this below it is broad: a label on it does not reach the diseases by ascent.</summary>
    public const int BroadGroupDescendants = 500;

    private static readonly ConditionalWeakTable<OrphaGraph, CoverageRule> Rules = [];
    private readonly OrphaGraph _graph;
    private readonly ConcurrentDictionary<int, bool> _broad = new();

    private CoverageRule(OrphaGraph graph) => _graph = graph;

    /// <summary>The rule over <paramref name="graph"/> (one per graph, shared).</summary>
    public static CoverageRule For(OrphaGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return Rules.GetValue(graph, g => new CoverageRule(g));
    }

    /// <summary>A classification's head (no parent) or a group with more than <see cref="BroadGroupDescendants"/> codes below it.</summary>
    public bool IsBroad(int code) => _broad.GetOrAdd(code, c => _graph.IsHead(c)
        || CountBelow(c, BroadGroupDescendants + 1) > BroadGroupDescendants);

    /// <summary>
    /// The codes whose label covers <paramref name="code"/> by the rule: the code itself, the groups above it, the codes
    /// below it; each once, in the order of the answer (kind, then levels, then code).
    /// </summary>
    public IReadOnlyList<CoverageReach> Reach(int code)
    {
        var result = new List<CoverageReach> { new(code, CoverageKind.Disease, 0) };
        var seen = new HashSet<int> { code };
        var frontier = new List<int> { code };
        for (var level = 1; level <= MaxAscent && frontier.Count > 0; level++)
        {
            var next = new List<int>();
            foreach (var c in frontier)
                foreach (var p in _graph.Parents(c))
                {
                    if (!seen.Add(p) || IsBroad(p)) continue;
                    result.Add(new CoverageReach(p, CoverageKind.Group, level));
                    next.Add(p);
                }
            frontier = next;
        }
        if (_graph.Children(code).Count > 0 && !IsBroad(code))
        {
            frontier = [code];
            for (var level = 1; level <= MaxDescent && frontier.Count > 0; level++)
            {
                var next = new List<int>();
                foreach (var c in frontier)
                    foreach (var child in _graph.Children(c))
                    {
                        if (!seen.Add(child)) continue;
                        result.Add(new CoverageReach(child, CoverageKind.Member, level));
                        next.Add(child);
                    }
                frontier = next;
            }
        }
        return [.. result.OrderBy(r => r.Kind).ThenBy(r => r.Levels).ThenBy(r => r.Code)];
    }

    /// <summary>The number of distinct codes below <paramref name="code"/>, counting stopped at <paramref name="cap"/>.</summary>
    private int CountBelow(int code, int cap)
    {
        var seen = new HashSet<int> { code };
        var stack = new Stack<int>();
        stack.Push(code);
        var count = 0;
        while (stack.Count > 0 && count < cap)
            foreach (var child in _graph.Children(stack.Pop()))
                if (seen.Add(child))
                {
                    count++;
                    stack.Push(child);
                }
        return count;
    }
}
