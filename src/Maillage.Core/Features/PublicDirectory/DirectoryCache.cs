using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Nomenclature;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Core.Features.PublicDirectory;

/// <summary>
/// The public directory's in-memory <see cref="DirectoryCatalog"/>, shared by every request (register as a singleton).
/// At most once per <see cref="CheckInterval"/> it compares a cheap fingerprint of the data (last audit entry — every
/// registry write is audited —, sizes of the nomenclature, classification, labels and activity imports, the day) with
/// the one the catalog was built from, and rebuilds it when they differ: a registry edit or an Orphanet import shows up
/// in the directory within that interval. While a rebuild runs, other requests keep reading the previous catalog.
/// </summary>
public sealed class DirectoryCache(IServiceScopeFactory scopes, OrphaGraphCache graphs, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Entry? _entry;
    private long _nextCheckTicks;

    private sealed record Entry(DirectoryCatalog Catalog, string Fingerprint, string OrphaFingerprint);

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Raised after a new catalog replaced an older one (not on the first build): caches of rendered answers drop theirs.</summary>
    public event Action? Rebuilt;

    public async Task<DirectoryCatalog> GetAsync(CancellationToken ct = default)
    {
        var entry = _entry;
        var now = clock.GetTimestamp();
        if (entry is not null && now < Interlocked.Read(ref _nextCheckTicks)) return entry.Catalog;
        if (entry is not null && !await _gate.WaitAsync(0, ct)) return entry.Catalog; // someone else is checking
        if (entry is null) await _gate.WaitAsync(ct);
        try
        {
            entry = _entry;
            if (entry is not null && clock.GetTimestamp() < Interlocked.Read(ref _nextCheckTicks)) return entry.Catalog;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var (fingerprint, orpha) = await FingerprintAsync(db, ct);
            if (entry is null || entry.Fingerprint != fingerprint)
            {
                if (entry is not null && entry.OrphaFingerprint != orpha) graphs.Invalidate();
                var graph = await graphs.GetAsync(db, ct);
                var catalog = await DirectoryCatalog.LoadAsync(db, graph, Today, ct);
                var replaced = entry is not null;
                entry = new Entry(catalog, fingerprint, orpha);
                _entry = entry;
                if (replaced) Rebuilt?.Invoke();
            }
            Interlocked.Exchange(ref _nextCheckTicks, clock.GetTimestamp() + (long)(CheckInterval.TotalSeconds * clock.TimestampFrequency));
            return entry.Catalog;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forget the catalog: the next request rebuilds it.</summary>
    public void Invalidate()
    {
        _entry = null;
        Interlocked.Exchange(ref _nextCheckTicks, 0);
        Rebuilt?.Invoke();
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    private async Task<(string All, string Orpha)> FingerprintAsync(MaillageDbContext db, CancellationToken ct)
    {
        var audit = await db.AuditEntries.MaxAsync(a => (long?)a.Id, ct) ?? 0;
        var diseases = await db.OrphaDiseases.CountAsync(ct);
        var edges = await db.OrphaEdges.CountAsync(ct);
        var labels = await db.Labels.CountAsync(ct);
        var imports = await db.ActivityImports.MaxAsync(a => (long?)a.Id, ct) ?? 0;
        var orpha = FormattableString.Invariant($"{diseases}/{edges}");
        return (FormattableString.Invariant($"{Today:yyyy-MM-dd}/{audit}/{labels}/{imports}/{orpha}"), orpha);
    }
}
