using System.Diagnostics;
using Maillage.Core.Data;
using Maillage.Domain.Activity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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

            if (clock is not null) record.DurationMs = clock.ElapsedMilliseconds;
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            await InsertResidencesAsync(db, residences, record.Id, ct);
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

    /// <summary>
    /// The residence rows (a centre has up to ~100, a national file ~200,000) through one prepared command in the current
    /// transaction: tracked entities would cost seconds and memory for rows nothing reads back.
    /// </summary>
    private static async Task InsertResidencesAsync(MaillageDbContext db, IReadOnlyList<ActiveResidence> residences, long importId, CancellationToken ct)
    {
        if (residences.Count == 0) return;
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "INSERT INTO activity_residences (\"CentreId\", \"Year\", \"Residence\", \"ActivePatients\", \"ImportId\") VALUES (@c, @y, @r, @n, @i)";
        var centre = Parameter(command, "@c", "");
        var year = Parameter(command, "@y", 0);
        var residence = Parameter(command, "@r", "");
        var count = Parameter(command, "@n", 0);
        Parameter(command, "@i", importId);
        await command.PrepareAsync(ct);
        foreach (var r in residences)
        {
            centre.Value = r.CentreId;
            year.Value = r.Year;
            residence.Value = r.Residence;
            count.Value = r.ActivePatients;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static System.Data.Common.DbParameter Parameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
        return p;
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
