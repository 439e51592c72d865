using System.Diagnostics;
using Maillage.Core.Data;
using Maillage.Domain.Activity;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Activity;

/// <summary>Stored activity indicators: atomic replacement and reading.</summary>
public static class ActivityStore
{
    /// <summary>
    /// In one transaction: logs the import, deletes the stored indicators of every (centre, year) present in
    /// <paramref name="indicators"/>, inserts the new ones, commits. A failure anywhere (including a cancellation)
    /// rolls everything back.
    /// </summary>
    public static Task ReplaceAsync(MaillageDbContext db, ActivityImportRecord record, IReadOnlyList<ActivityIndicators> indicators,
        Stopwatch? clock, Func<CancellationToken, Task>? beforeCommit, CancellationToken ct) =>
        ReplaceAsync(db, record, indicators, [], clock, beforeCommit, ct);

    /// <summary>As above, with the file active by département of residence of the same (centre, year) pairs, replaced with them.</summary>
    public static async Task ReplaceAsync(MaillageDbContext db, ActivityImportRecord record, IReadOnlyList<ActivityIndicators> indicators,
        IReadOnlyList<ActiveResidence> residences, Stopwatch? clock, Func<CancellationToken, Task>? beforeCommit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(residences);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(indicators);
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.ActivityImports.Add(record);
            await db.SaveChangesAsync(ct);
            foreach (var year in indicators.GroupBy(i => i.Year))
            {
                var y = year.Key;
                foreach (var batch in year.Select(i => i.CentreId).Chunk(500))
                {
                    var ids = batch.ToList();
                    await db.ActivityIndicators.Where(x => x.Year == y && ids.Contains(x.CentreId)).ExecuteDeleteAsync(ct);
                    await db.Set<ActivityResidenceRecord>().Where(x => x.Year == y && ids.Contains(x.CentreId)).ExecuteDeleteAsync(ct);
                }
            }
            db.ActivityIndicators.AddRange(indicators.Select(i => ActivityIndicatorRecord.From(i, record.Id)));
            db.Set<ActivityResidenceRecord>().AddRange(residences.Select(r => new ActivityResidenceRecord
            {
                CentreId = r.CentreId, Year = r.Year, Residence = r.Residence, ActivePatients = r.ActivePatients, ImportId = record.Id,
            }));
            if (clock is not null) record.DurationMs = clock.ElapsedMilliseconds;
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            if (beforeCommit is not null) await beforeCommit(ct);
            ct.ThrowIfCancellationRequested();
            await tx.CommitAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>Indicators of a year, sorted by centre id (ordinal).</summary>
    public static async Task<List<ActivityIndicators>> IndicatorsAsync(MaillageDbContext db, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.ActivityIndicators.AsNoTracking().Where(x => x.Year == year).ToListAsync(ct);
        return rows.Select(r => r.ToIndicators()).OrderBy(i => i.CentreId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The import log, most recent first.</summary>
    public static async Task<List<ActivityImportRecord>> ImportsAsync(MaillageDbContext db, int take, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.ActivityImports.AsNoTracking().OrderByDescending(x => x.Id).Take(take).ToListAsync(ct);
    }
}
