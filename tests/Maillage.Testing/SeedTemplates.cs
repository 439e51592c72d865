using System.Collections.Concurrent;
using Maillage.Core.Infrastructure.Auditing;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Maillage.Testing;

/// <summary>
/// One seeded database per provider and seed for the whole test run, copied for each <see cref="MaillageFactory"/>
/// (a file copy on SQLite, <c>CREATE DATABASE … TEMPLATE</c> on PostgreSQL), so that the reference data, the ORPHA
/// nomenclature and the demo network are loaded once instead of once per app. The template is built by the same
/// <see cref="DatabaseInitializer"/> and <see cref="DemoAccounts"/> the app runs at start, so the app's own start
/// finds everything present: the demo accounts are hashed once per run, not once per app (and with
/// <see cref="MaillageFactory.PasswordIterations"/>, the test-only PBKDF2 cost).
/// </summary>
public static class SeedTemplates
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Sqlite = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Lazy<string>> Postgres = new(StringComparer.Ordinal);
    private static readonly string Directory = System.IO.Directory.CreateTempSubdirectory("maillage-templates-").FullName;

    static SeedTemplates() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Cleanup();

    public static string SqliteFile(string seed) => Sqlite.GetOrAdd(seed.ToLowerInvariant(), s => new Lazy<string>(() =>
        SharedTemplateCache.GetOrBuild(s, Directory, BuildSqlite))).Value;

    private static string BuildSqlite(string s)
    {
        var file = Path.Combine(Directory, $"template-{s}.db");
        // Pooled while it is built (the seed opens a connection per query: unpooled, each open re-reads the schema); the
        // pool is emptied below before the file is checkpointed and copied.
        var cs = new SqliteConnectionStringBuilder { DataSource = file, Pooling = true }.ToString();
        Build(new DatabaseOptions(DatabaseProvider.Sqlite, cs), s);
        SqliteConnection.ClearAllPools();
        // The file is in write-ahead-log mode (SchemaMigrator): fold the log into the file before it is copied, so that a
        // copy of the file alone holds everything.
        using (var conn = new SqliteConnection(cs))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            cmd.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        if (File.Exists(file + "-wal") && new FileInfo(file + "-wal").Length > 0)
            throw new InvalidOperationException($"The SQLite template {file} still has a write-ahead log after its checkpoint.");
        return file;
    }

    public static string PostgresDatabase(string seed) => Postgres.GetOrAdd(seed.ToLowerInvariant(), s => new Lazy<string>(() =>
    {
        var server = MaillageFactory.PostgresServer ?? throw new InvalidOperationException($"{MaillageFactory.PostgresVariable} is not set.");
        var name = $"maillage_template_{s}_{Guid.NewGuid():N}";
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var cmd = admin.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE \"{name}\"";
            cmd.ExecuteNonQuery();
        }
        // Pooled while it is built: unpooled, each of the seed's thousands of queries would start a server process (minutes
        // on a loaded machine). The pool (its own, by application name) is emptied after, since CREATE DATABASE … TEMPLATE
        // needs the template without connections.
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true, ApplicationName = "maillage-template" }.ToString();
        Build(new DatabaseOptions(DatabaseProvider.Postgres, cs), s);
        using (var pooled = new NpgsqlConnection(cs)) NpgsqlConnection.ClearPool(pooled);
        NpgsqlConnection.ClearAllPools();
        return name;
    })).Value;

    private static void Build(DatabaseOptions options, string seed)
    {
        var b = new DbContextOptionsBuilder<MaillageDbContext>();
        options.Configure(b);
        b.AddInterceptors(new AuditInterceptor(new FixedAuditActor("système", "seed"), TimeProvider.System));
        var mode = Enum.Parse<SeedMode>(seed, ignoreCase: true);
        using (var db = new MaillageDbContext(b.Options))
            DatabaseInitializer.InitializeAsync(db, mode, NullLogger.Instance).GetAwaiter().GetResult();
        if (mode != SeedMode.Demo) return;
        // The demo accounts, through the same Identity stores as the app (the password rules do not matter here: the
        // demo password is the app's own constant, which the app's stricter rules accept too).
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<MaillageDbContext>(o =>
        {
            options.Configure(o);
            o.AddInterceptors(new AuditInterceptor(new FixedAuditActor("système", "seed"), TimeProvider.System));
        });
        services.AddIdentityCore<AppUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<MaillageDbContext>();
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = MaillageFactory.PasswordIterations);
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        DemoAccounts.EnsureAsync(scope.ServiceProvider, NullLogger.Instance).GetAwaiter().GetResult();
    }

    private static void Cleanup()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* best effort */ }
        catch (UnauthorizedAccessException) { /* best effort */ }
        if (MaillageFactory.PostgresServer is not { } server) return;
        try
        {
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(server);
            admin.Open();
            foreach (var name in Postgres.Values.Where(l => l.IsValueCreated).Select(l => l.Value))
            {
                using var cmd = admin.CreateCommand();
                cmd.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
                cmd.ExecuteNonQuery();
            }
        }
        catch (NpgsqlException) { /* the throwaway cluster is stopped by scripts/test.sh anyway */ }
    }
}
