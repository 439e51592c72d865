using Maillage.Core.Data;
using Maillage.Domain.Orpha;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Infrastructure.Nomenclature;

/// <summary>
/// The Orphanet classification graph, loaded once from the database and kept until the nomenclature changes (the edge
/// count is the cheap check). Register as a singleton; <see cref="GetAsync"/> is safe to call from any request.
/// </summary>
public sealed class OrphaGraphCache
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OrphaGraph? _graph;

    public async Task<OrphaGraph> GetAsync(MaillageDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var current = _graph;
        if (current is not null) return current;
        await _gate.WaitAsync(ct);
        try
        {
            if (_graph is not null) return _graph;
            var edges = await db.OrphaEdges.AsNoTracking().Select(e => new { e.ParentCode, e.ChildCode }).ToListAsync(ct);
            _graph = new OrphaGraph(edges.Select(e => (e.ParentCode, e.ChildCode)));
            return _graph;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forget the graph (after an Orphanet import).</summary>
    public void Invalidate() => _graph = null;
}
