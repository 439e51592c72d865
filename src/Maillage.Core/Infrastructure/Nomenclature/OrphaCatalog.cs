using Maillage.Core.Data;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Infrastructure.Nomenclature;

/// <summary>
/// The ORPHA nomenclature held in memory (about 11,000 codes and 36,000 edges, a few MB): lookups, redirections and
/// the classification hierarchy, all classifications merged. Immutable once loaded; reload it after an import.
/// </summary>
public sealed class OrphaCatalog : IOrphaLookup
{
    private readonly Dictionary<int, OrphaDisease> _diseases;
    private readonly Dictionary<int, int[]> _children;
    private readonly Dictionary<int, int[]> _parents;

    public OrphaCatalog(IEnumerable<OrphaDisease> diseases, IEnumerable<OrphaEdge> edges, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(diseases);
        ArgumentNullException.ThrowIfNull(edges);
        _diseases = diseases.ToDictionary(d => d.Code);
        var edgeList = edges.Select(e => (e.ParentCode, e.ChildCode)).Where(e => e.ParentCode != e.ChildCode).Distinct().ToList();
        _children = edgeList.GroupBy(e => e.ParentCode).ToDictionary(g => g.Key, g => g.Select(e => e.ChildCode).Order().ToArray());
        _parents = edgeList.GroupBy(e => e.ChildCode).ToDictionary(g => g.Key, g => g.Select(e => e.ParentCode).Order().ToArray());
        Version = version;
    }

    public static async Task<OrphaCatalog> LoadAsync(MaillageDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var diseases = await db.OrphaDiseases.AsNoTracking().ToListAsync(ct);
        var edges = await db.OrphaEdges.AsNoTracking().ToListAsync(ct);
        var version = await db.DataSetInfos.AsNoTracking()
            .Where(i => i.Key == DataSetInfo.OrphanetVersionKey).Select(i => i.Value).FirstOrDefaultAsync(ct);
        return new OrphaCatalog(diseases, edges, version);
    }

    /// <summary>The <see cref="DataSetInfo.OrphanetVersionKey"/> value when loaded from a database.</summary>
    public string? Version { get; }

    public int Count => _diseases.Count;

    public IReadOnlyCollection<OrphaDisease> All => _diseases.Values;

    public bool? IsActive(int code) => _diseases.TryGetValue(code, out var d) ? d.IsActive : null;

    public OrphaDisease? Find(int code) => _diseases.GetValueOrDefault(code);

    /// <summary>
    /// The active code to use for <paramref name="code"/>: itself when active, else the end of its redirection chain
    /// ("Moved to" / "Referred to") when that is active; null when unknown, or inactive with no active target.
    /// </summary>
    public int? Resolve(int code)
    {
        var visited = new HashSet<int>();
        int? current = code;
        while (current is { } c && visited.Add(c))
        {
            if (!_diseases.TryGetValue(c, out var d)) return null;
            if (d.IsActive) return c;
            current = d.RedirectTo;
        }
        return null;
    }

    /// <summary>Direct children in any classification, ascending.</summary>
    public IReadOnlyList<int> Children(int code) => _children.TryGetValue(code, out var c) ? c : [];

    /// <summary>Direct parents in any classification, ascending.</summary>
    public IReadOnlyList<int> Parents(int code) => _parents.TryGetValue(code, out var p) ? p : [];

    /// <summary>All codes below <paramref name="code"/> (breadth first, each once, never the code itself).</summary>
    public IEnumerable<int> Descendants(int code) => Walk(code, _children);

    /// <summary>All codes above <paramref name="code"/> (breadth first, each once, never the code itself).</summary>
    public IEnumerable<int> Ancestors(int code) => Walk(code, _parents);

    public bool IsDescendantOf(int code, int ancestor) => Ancestors(code).Contains(ancestor);

    private static IEnumerable<int> Walk(int start, Dictionary<int, int[]> next)
    {
        var seen = new HashSet<int> { start };
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            if (!next.TryGetValue(queue.Dequeue(), out var items)) continue;
            foreach (var item in items)
            {
                if (!seen.Add(item)) continue;
                yield return item;
                queue.Enqueue(item);
            }
        }
    }
}
