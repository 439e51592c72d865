using Maillage.Core.Data;
using Maillage.Domain.Orpha;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Infrastructure.Nomenclature;

/// <summary>
/// The Orphanet classification graph, loaded from the database and kept while the nomenclature does not change. Several
/// nodes share one database, and an Orphanet import may run on another node or from the CLI: at most once per
/// <see cref="CheckInterval"/> a cheap fingerprint (edge count and the nomenclature's version row) is compared with the
/// one the graph was built from, and the graph is reloaded when they differ. Register as a singleton;
/// <see cref="GetAsync"/> is safe to call from any request; while a check runs, other requests keep the current graph.
/// </summary>
public sealed class OrphaGraphCache(TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Entry? _entry;
    private long _nextCheckTicks;

    private sealed record Entry(OrphaGraph Graph, string Fingerprint);

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    public async Task<OrphaGraph> GetAsync(MaillageDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entry = _entry;
        if (entry is not null && _clock.GetTimestamp() < Interlocked.Read(ref _nextCheckTicks)) return entry.Graph;
        if (entry is not null && !await _gate.WaitAsync(0, ct)) return entry.Graph; // another request is checking
        if (entry is null) await _gate.WaitAsync(ct);
        try
        {
            entry = _entry;
            if (entry is not null && _clock.GetTimestamp() < Interlocked.Read(ref _nextCheckTicks)) return entry.Graph;
            var fingerprint = await FingerprintAsync(db, ct);
            if (entry is null || entry.Fingerprint != fingerprint)
            {
                var edges = await db.OrphaEdges.AsNoTracking().Select(e => new { e.ParentCode, e.ChildCode, e.ClassificationId }).ToListAsync(ct);
                entry = new Entry(OrphaGraph.FromClassifications(edges.Select(e => (e.ParentCode, e.ChildCode, e.ClassificationId))), fingerprint);
                _entry = entry;
            }
            Interlocked.Exchange(ref _nextCheckTicks, _clock.GetTimestamp() + (long)(CheckInterval.TotalSeconds * _clock.TimestampFrequency));
            return entry.Graph;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forget the graph (after an Orphanet import on this node): the next call reloads it.</summary>
    public void Invalidate()
    {
        _entry = null;
        Interlocked.Exchange(ref _nextCheckTicks, 0);
    }

    private static async Task<string> FingerprintAsync(MaillageDbContext db, CancellationToken ct)
    {
        var edges = await db.OrphaEdges.CountAsync(ct);
        var version = await db.DataSetInfos.Where(i => i.Key == DataSetInfo.OrphanetVersionKey).Select(i => i.Value).FirstOrDefaultAsync(ct);
        return FormattableString.Invariant($"{edges}/{version}");
    }
}
