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
        ReplaceAsync(ActivityConnection.Of(db), record, indicators, [], clock, beforeCommit, ct);

    /// <summary>As above, with the file active by département of residence of the same (centre, year) pairs, replaced with them.</summary>
    public static Task ReplaceAsync(MaillageDbContext db, ActivityImportRecord record, IReadOnlyList<ActivityIndicators> indicators,
        IReadOnlyList<ActiveResidence> residences, Stopwatch? clock, Func<CancellationToken, Task>? beforeCommit, CancellationToken ct) =>
        ReplaceAsync(ActivityConnection.Of(db), record, indicators, residences, clock, beforeCommit, ct);

    /// <summary>As above, on a context's connection or a plain one (<see cref="ActivityConnection"/>).</summary>
    public static async Task ReplaceAsync(ActivityConnection db, ActivityImportRecord record, IReadOnlyList<ActivityIndicators> indicators,
        IReadOnlyList<ActiveResidence> residences, Stopwatch? clock, Func<CancellationToken, Task>? beforeCommit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(residences);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(indicators);
        // Plain SQL, the same on both providers: the import needs neither the EF model nor its query compilation
        // (seconds of the CLI's start-up), and nothing here is tracked or audited.
        var openedHere = await db.OpenAsync(ct);
        try
        {
            await using var tx = await db.BeginAsync(ct);
            var connection = db.Connection;
            var transaction = tx.Db;
            await using (var insert = Command(connection, transaction,
                "INSERT INTO activity_imports (\"ImportedAt\", \"ImportedBy\", \"FileName\", \"Sha256\", \"SizeBytes\", \"Rows\", \"RejectedRows\", " +
                "\"RejectsByReason\", \"Years\", \"IndicatorRows\", \"DurationMs\") VALUES (@at, @by, @file, @sha, @size, @rows, @rejected, @reasons, @years, @count, 0) RETURNING \"Id\""))
            {
                Parameter(insert, "@at", record.ImportedAt);
                Parameter(insert, "@by", record.ImportedBy);
                Parameter(insert, "@file", record.FileName);
                Parameter(insert, "@sha", record.Sha256);
                Parameter(insert, "@size", record.SizeBytes);
                Parameter(insert, "@rows", record.Rows);
                Parameter(insert, "@rejected", record.RejectedRows);
                Parameter(insert, "@reasons", record.RejectsByReason);
                Parameter(insert, "@years", record.Years);
                Parameter(insert, "@count", record.IndicatorRows);
                record.Id = Convert.ToInt64(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            }
            await using (var deleteIndicators = Command(connection, transaction, "DELETE FROM activity_indicators WHERE \"Year\" = @y AND \"CentreId\" = @c"))
            await using (var deleteResidences = Command(connection, transaction, "DELETE FROM activity_residences WHERE \"Year\" = @y AND \"CentreId\" = @c"))
            {
                foreach (var command in new[] { deleteIndicators, deleteResidences })
                {
                    Parameter(command, "@y", 0);
                    Parameter(command, "@c", "");
                    await command.PrepareAsync(ct);
                }
                foreach (var i in indicators)
                    foreach (var command in new[] { deleteIndicators, deleteResidences })
                    {
                        command.Parameters[0].Value = i.Year;
                        command.Parameters[1].Value = i.CentreId;
                        await command.ExecuteNonQueryAsync(ct);
                    }
            }
            await InsertIndicatorsAsync(connection, transaction, indicators, record.Id, ct);
            await InsertResidencesAsync(connection, transaction, residences, record.Id, ct);
            if (clock is not null)
            {
                record.DurationMs = clock.ElapsedMilliseconds;
                await using var duration = Command(connection, transaction, "UPDATE activity_imports SET \"DurationMs\" = @d WHERE \"Id\" = @id");
                Parameter(duration, "@d", record.DurationMs);
                Parameter(duration, "@id", record.Id);
                await duration.ExecuteNonQueryAsync(ct);
            }
            if (beforeCommit is not null) await beforeCommit(ct);
            ct.ThrowIfCancellationRequested();
            await tx.CommitAsync(ct);
        }
        finally
        {
            if (openedHere) await db.CloseAsync();
        }
    }

    private static System.Data.Common.DbCommand Command(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>The indicator rows (one per centre and year of the file) through one prepared command.</summary>
    private static async Task InsertIndicatorsAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        IReadOnlyList<ActivityIndicators> indicators, long importId, CancellationToken ct)
    {
        string[] columns =
        [
            "CentreId", "Year", "ActivePatients", "Consultations", "DayHospitalStays", "FullHospitalStays", "BedsideOpinions", "FileOpinions",
            "RcpOrganised", "RcpNational", "Patients", "ConfirmedPatients", "OrphaCodedPatients", "ResidentSameDepartement", "ResidentSameRegion",
            "ResidentOtherRegion", "ResidentAbroad", "ResidentUnknown", "OutOfScopeActs", "ImportId",
        ];
        await using var command = Command(connection, transaction,
            $"INSERT INTO activity_indicators ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, k) => $"@p{k}"))})");
        Parameter(command, "@p0", "");
        for (var k = 1; k < columns.Length - 1; k++) Parameter(command, $"@p{k}", 0);
        Parameter(command, $"@p{columns.Length - 1}", importId);
        await command.PrepareAsync(ct);
        foreach (var i in indicators)
        {
            object[] values =
            [
                i.CentreId, i.Year, i.ActivePatients, i.Consultations, i.DayHospitalStays, i.FullHospitalStays, i.BedsideOpinions, i.FileOpinions,
                i.RcpOrganised, i.RcpNational, i.Patients, i.ConfirmedPatients, i.OrphaCodedPatients, i.ResidentSameDepartement, i.ResidentSameRegion,
                i.ResidentOtherRegion, i.ResidentAbroad, i.ResidentUnknown, i.OutOfScopeActs,
            ];
            for (var k = 0; k < values.Length; k++) command.Parameters[k].Value = values[k];
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Residence rows per INSERT statement on PostgreSQL (4 parameters each, and the import's: far below its limit).</summary>
    public const int ResidenceBatch = 200;

    /// <summary>
    /// Residence rows per INSERT statement on SQLite. Microsoft.Data.Sqlite binds every parameter by name
    /// (<c>sqlite3_bind_parameter_index</c>, a linear search of the statement's names), so a statement's binding costs the
    /// square of its parameters: 200 rows (801 parameters) spent 2 s binding the 178,000 rows of a 20 M-row file;
    /// a few rows per statement keep the search short and the statements few (ADR 0012).
    /// </summary>
    public const int SqliteResidenceBatch = 16;

    internal static int ResidenceBatchOf(System.Data.Common.DbConnection connection) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection ? SqliteResidenceBatch : ResidenceBatch;

    /// <summary>
    /// The residence rows (a centre has up to ~100, a national file ~200,000) in the current transaction through two
    /// prepared commands: one inserting <see cref="ResidenceBatch"/> rows at a time, one for the remainder. Tracked
    /// entities would cost seconds and memory for rows nothing reads back, and one statement per row costs a round trip
    /// per row (about 4 s for 180,000 rows on SQLite).
    /// </summary>
    private static async Task InsertResidencesAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        IReadOnlyList<ActiveResidence> residences, long importId, CancellationToken ct)
    {
        if (residences.Count == 0) return;
        var size = ResidenceBatchOf(connection);
        var full = residences.Count / size;
        if (full > 0)
        {
            await using var batch = await ResidenceCommandAsync(connection, transaction, size, importId, ct);
            for (var b = 0; b < full; b++)
                await InsertAsync(batch, residences, b * size, size, ct);
        }
        var rest = residences.Count - full * size;
        if (rest > 0)
        {
            await using var tail = await ResidenceCommandAsync(connection, transaction, rest, importId, ct);
            await InsertAsync(tail, residences, full * size, rest, ct);
        }
    }

    private static async Task<System.Data.Common.DbCommand> ResidenceCommandAsync(System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction? transaction, int rows, long importId, CancellationToken ct)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new System.Text.StringBuilder("INSERT INTO activity_residences (\"CentreId\", \"Year\", \"Residence\", \"ActivePatients\", \"ImportId\") VALUES ");
        for (var i = 0; i < rows; i++)
        {
            if (i > 0) sql.Append(", ");
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"(@c{i}, @y{i}, @r{i}, @n{i}, @i)");
            Parameter(command, $"@c{i}", "");
            Parameter(command, $"@y{i}", 0);
            Parameter(command, $"@r{i}", "");
            Parameter(command, $"@n{i}", 0);
        }
        Parameter(command, "@i", importId);
        command.CommandText = sql.ToString();
        await command.PrepareAsync(ct);
        return command;
    }

    private static async Task InsertAsync(System.Data.Common.DbCommand command, IReadOnlyList<ActiveResidence> residences, int from, int rows, CancellationToken ct)
    {
        for (var i = 0; i < rows; i++)
        {
            var r = residences[from + i];
            command.Parameters[4 * i].Value = r.CentreId;
            command.Parameters[4 * i + 1].Value = r.Year;
            command.Parameters[4 * i + 2].Value = r.Residence;
            command.Parameters[4 * i + 3].Value = r.ActivePatients;
        }
        await command.ExecuteNonQueryAsync(ct);
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
