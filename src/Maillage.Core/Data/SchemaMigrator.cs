using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Data;

/// <summary>
/// Applies the versioned SQL scripts embedded under Data/Migrations/{Sqlite|Postgres}/NNNN_name.sql, each in its own
/// transaction, recording them in <c>schema_history</c> (docs/adr/0002-schema-versions.md). EF Core's Design package
/// does not restore here, so scripts are written from <c>maillage db script</c> (the model's create script) and
/// reviewed; a test proves that the scripts produce exactly the model's schema on both databases.
/// </summary>
public static class SchemaMigrator
{
    public sealed record Script(string Version, string Name, string Sql);

    /// <summary>The versions of the embedded scripts, in order, without reading them.</summary>
    public static IReadOnlyList<string> Versions(DatabaseProvider provider)
    {
        var asm = typeof(SchemaMigrator).Assembly;
        var prefix = $"{asm.GetName().Name}.Data.Migrations.{provider}.";
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n.Substring(prefix.Length, 4))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static IReadOnlyList<Script> Scripts(DatabaseProvider provider)
    {
        var asm = typeof(SchemaMigrator).Assembly;
        var prefix = $"{asm.GetName().Name}.Data.Migrations.{provider}.";
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                using var s = asm.GetManifestResourceStream(n)!;
                using var r = new StreamReader(s);
                return new Script(file[..4], file, r.ReadToEnd());
            })
            .OrderBy(s => s.Version, StringComparer.Ordinal)
            .ToList();
    }

    public static DatabaseProvider ProviderOf(DbContext db) =>
        db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    /// <summary>Applies pending scripts; returns the versions applied.</summary>
    public static Task<IReadOnlyList<string>> MigrateAsync(DbContext db, CancellationToken ct = default) =>
        MigrateAsync(db.Database.GetDbConnection(), ProviderOf(db), ct);

    /// <summary>Applies pending scripts on a plain connection (the CLI's import opens no EF context); returns the versions applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(DbConnection conn, DatabaseProvider provider, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(conn);
        var mustClose = conn.State != System.Data.ConnectionState.Open;
        if (mustClose) await conn.OpenAsync(ct);
        try
        {
            if (provider == DatabaseProvider.Sqlite) await UseWriteAheadLogAsync(conn, ct);
            // Schema check by version number: one read of schema_history; when every embedded version is there (every
            // start but the first after an upgrade), nothing else is read nor run.
            if (await UpToDateAsync(conn, provider, ct)) return [];
            await ExecAsync(conn, null, "CREATE TABLE IF NOT EXISTS schema_history (version VARCHAR(16) PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL)", ct);
            var applied = new List<string>();
            foreach (var script in Scripts(provider))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                if (provider == DatabaseProvider.Postgres)
                    await ExecAsync(conn, tx, "SELECT pg_advisory_xact_lock(727274)", ct);
                var done = await ScalarAsync(conn, tx, $"SELECT COUNT(*) FROM schema_history WHERE version = '{script.Version}'", ct);
                if (Convert.ToInt64(done, CultureInfo.InvariantCulture) > 0) { await tx.RollbackAsync(ct); continue; }
                await ExecAsync(conn, tx, script.Sql, ct);
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = "INSERT INTO schema_history (version, name, applied_at) VALUES (@v, @n, @a)";
                    AddParam(cmd, "@v", script.Version);
                    AddParam(cmd, "@n", script.Name);
                    AddParam(cmd, "@a", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                applied.Add(script.Version);
            }
            return applied;
        }
        finally
        {
            if (mustClose) await conn.CloseAsync();
        }
    }

    /// <summary>
    /// Puts a SQLite file in write-ahead-log mode (persistent in the file): readers no longer block the writer nor the
    /// writer the readers, so a long page read does not make a concurrent save wait until « database is locked » — what
    /// the background workers (mail outbox, import jobs) and the requests of one node do at once. Durability is
    /// unchanged (synchronous stays FULL). An in-memory database keeps its own mode; a file another process holds in
    /// the old mode is left as it is (the pragma answers the mode in force, and the next start tries again).
    /// </summary>
    private static async Task UseWriteAheadLogAsync(DbConnection conn, CancellationToken ct)
    {
        if (conn.DataSource is null or "" or ":memory:" || conn.ConnectionString.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase)) return;
        var mode = await ScalarAsync(conn, null, "PRAGMA journal_mode", ct);
        if (string.Equals(Convert.ToString(mode, CultureInfo.InvariantCulture), "wal", StringComparison.OrdinalIgnoreCase)) return;
        try { await ScalarAsync(conn, null, "PRAGMA journal_mode=WAL", ct); }
        catch (DbException) { /* busy: another process holds the file; the mode stays, the next start tries again */ }
    }

    /// <summary>Whether schema_history holds every embedded version (false when the table is missing).</summary>
    private static async Task<bool> UpToDateAsync(DbConnection conn, DatabaseProvider provider, CancellationToken ct)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT version FROM schema_history";
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) applied.Add(r.GetString(0));
        }
        catch (DbException)
        {
            return false; // no schema_history yet
        }
        return Versions(provider).All(applied.Contains);
    }

    public static async Task<IReadOnlyList<string>> AppliedVersionsAsync(DbContext db, CancellationToken ct = default)
    {
        var conn = db.Database.GetDbConnection();
        var mustClose = conn.State != System.Data.ConnectionState.Open;
        if (mustClose) await conn.OpenAsync(ct);
        try
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT version FROM schema_history ORDER BY version";
            var list = new List<string>();
            try
            {
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) list.Add(r.GetString(0));
            }
            catch (DbException)
            {
                return [];
            }
            return list;
        }
        finally
        {
            if (mustClose) await conn.CloseAsync();
        }
    }

    private static void AddParam(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private static async Task ExecAsync(DbConnection conn, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(DbConnection conn, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(ct);
    }

    /// <summary>The create script of the current EF model for a provider (what a new NNNN script is written from).</summary>
    public static string ModelCreateScript(DatabaseProvider provider)
    {
        var options = new DbContextOptionsBuilder<MaillageDbContext>();
        new DatabaseOptions(provider, provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Host=localhost;Database=x").Configure(options);
        using var db = new MaillageDbContext(options.Options);
        return db.Database.GenerateCreateScript();
    }
}
