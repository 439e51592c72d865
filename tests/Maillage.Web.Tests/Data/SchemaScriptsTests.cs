using Maillage.Core.Data;
using Maillage.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Maillage.Web.Tests.Data;

/// <summary>
/// The versioned SQL scripts must build exactly the schema of the EF model (ADR 0002): one database from the scripts,
/// one from EnsureCreated, and their tables, columns, types, nullability and indexes compared.
/// </summary>
public sealed class SchemaScriptsTests
{
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Scripts_produce_the_model_schema(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fromScripts = await ScratchDatabase.CreateAsync(provider);
        await using var fromModel = await ScratchDatabase.CreateAsync(provider);

        await using (var db = fromScripts.Context())
            await SchemaMigrator.MigrateAsync(db, ct);
        await using (var db = fromModel.Context())
            await db.Database.EnsureCreatedAsync(ct);

        var scripted = (await fromScripts.DescribeAsync(ct)).Where(l => !l.StartsWith("schema_history", StringComparison.Ordinal)).ToList();
        var modelled = await fromModel.DescribeAsync(ct);
        Assert.NotEmpty(modelled);
        Assert.Equal(modelled, scripted);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Migrating_twice_applies_nothing_the_second_time(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scratch = await ScratchDatabase.CreateAsync(provider);
        await using var db = scratch.Context();

        var first = await SchemaMigrator.MigrateAsync(db, ct);
        var second = await SchemaMigrator.MigrateAsync(db, ct);

        Assert.Equal(SchemaMigrator.Scripts(provider).Select(s => s.Version), first);
        Assert.Empty(second);
    }
}

/// <summary>An empty database of its own (SQLite temp file, or a new PostgreSQL database), dropped on dispose.</summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string? _file;
    private readonly string? _pgName;

    private ScratchDatabase(DatabaseProvider provider, string connectionString, string? file, string? pgName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _file = file;
        _pgName = pgName;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public static async Task<ScratchDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"maillage-scratch-{Guid.NewGuid():N}.db");
            return new ScratchDatabase(provider, new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString(), file, null);
        }
        var server = MaillageFactory.PostgresServer ?? throw new InvalidOperationException($"{MaillageFactory.PostgresVariable} is not set.");
        var name = "maillage_scratch_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var cmd = admin.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE \"{name}\"";
            await cmd.ExecuteNonQueryAsync();
        }
        return new ScratchDatabase(provider, new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString(), null, name);
    }

    public MaillageDbContext Context()
    {
        var b = new DbContextOptionsBuilder<MaillageDbContext>();
        new DatabaseOptions(Provider, ConnectionString).Configure(b);
        return new MaillageDbContext(b.Options);
    }

    /// <summary>One sorted line per column and per index: "table.column type null|notnull", "table index(name) cols unique".</summary>
    public async Task<List<string>> DescribeAsync(CancellationToken ct)
    {
        await using var db = Context();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync(ct);
        var lines = new List<string>();
        if (Provider == DatabaseProvider.Sqlite)
        {
            var tables = new List<string>();
            await using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'";
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) tables.Add(r.GetString(0));
            }
            foreach (var t in tables)
            {
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.CommandText = $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{t}')";
                    await using var r = await cmd.ExecuteReaderAsync(ct);
                    while (await r.ReadAsync(ct)) lines.Add($"{t}.{r.GetString(0)} {r.GetString(1)} {(r.GetInt64(2) == 1 ? "notnull" : "null")} pk{r.GetInt64(3)}");
                }
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.CommandText = $"SELECT il.name, il.\"unique\", (SELECT group_concat(name, ',') FROM pragma_index_info(il.name)) FROM pragma_index_list('{t}') il WHERE il.origin = 'c'";
                    await using var r = await cmd.ExecuteReaderAsync(ct);
                    while (await r.ReadAsync(ct)) lines.Add($"{t} index {r.GetString(0)} ({r.GetString(2)}) {(r.GetInt64(1) == 1 ? "unique" : "")}");
                }
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.CommandText = $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{t}')";
                    await using var r = await cmd.ExecuteReaderAsync(ct);
                    while (await r.ReadAsync(ct)) lines.Add($"{t} fk {r.GetString(1)} -> {r.GetString(0)}.{r.GetString(2)} {r.GetString(3)}");
                }
            }
        }
        else
        {
            await using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = "SELECT table_name, column_name, data_type, is_nullable, coalesce(character_maximum_length, -1) FROM information_schema.columns WHERE table_schema = 'public'";
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) lines.Add($"{r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}({r.GetInt32(4)}) {r.GetString(3)}");
            }
            await using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'";
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) lines.Add($"{r.GetString(0)} index {r.GetString(1)} {r.GetString(2)}");
            }
            await using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace";
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) lines.Add($"{r.GetString(0)} constraint {r.GetString(1)} {r.GetString(2)}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        }
        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(MaillageFactory.PostgresServer);
            await admin.OpenAsync();
            await using var cmd = admin.CreateCommand();
            cmd.CommandText = $"DROP DATABASE IF EXISTS \"{_pgName}\" WITH (FORCE)";
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
