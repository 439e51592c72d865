using Maillage.Core.Infrastructure.Auditing;
using Maillage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Maillage.Cli;

/// <summary>
/// The CLI's database: environment variables <c>Database__Provider</c> (sqlite by default, or postgres) and
/// <c>ConnectionStrings__Maillage</c> (default: the embedded database shared with the web app, see <see cref="DatabaseOptions.DefaultSqlite"/>), the same keys as the web app.
/// The schema scripts are applied before the context is returned.
/// </summary>
public static class CliDatabase
{
    public static DatabaseOptions Options()
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        return DatabaseOptions.FromConfiguration(config);
    }

    /// <summary>Who the audit trail names for the CLI's writes.</summary>
    public static IAuditActor Actor => new FixedAuditActor($"cli:{Environment.UserName}", "cli");

    /// <param name="firstRun">On a database this call creates (the schema was absent), load what the web app's first run
    /// loads (<c>Maillage__Seed</c>: demo by default, as the web app), so that the CLI on a fresh machine does not see an
    /// empty registry; <c>maillage db init</c> does it explicitly.</param>
    /// <summary>
    /// A plain, open ADO.NET connection to the CLI's database, schema checked (by version number) and applied, without the
    /// EF context: what <c>activity import</c> uses, whose reads and writes are plain SQL, so that its start-up does not
    /// pay for the EF model (ADR 0012). A database this call creates gets the same first run as <see cref="OpenAsync"/>.
    /// </summary>
    public static async Task<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken ct, bool firstRun = true)
    {
        var options = Options();
        var connection = options.CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
            var applied = await SchemaMigrator.MigrateAsync(connection, options.Provider, ct);
            if (firstRun && applied.Count > 0 && applied.Contains(SchemaMigrator.Versions(options.Provider)[0]))
                await FirstRunAsync(options, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task FirstRunAsync(DatabaseOptions options, CancellationToken ct)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var mode = Enum.Parse<SeedMode>(config["Maillage:Seed"] ?? nameof(SeedMode.Demo), ignoreCase: true);
        if (mode == SeedMode.None) return;
        await Console.Error.WriteLineAsync($"Nouvelle base : premier démarrage ({mode.ToString().ToLowerInvariant()}), comme l'application web…");
        await OfflineFirstRun.RunAsync(options, mode, Actor, new CliLogger(), TimeProvider.System, ct);
    }

    public static async Task<MaillageDbContext> OpenAsync(CancellationToken ct, bool firstRun = true)
    {
        var options = Options();
        var builder = new DbContextOptionsBuilder<MaillageDbContext>();
        options.Configure(builder);
        builder.AddInterceptors(new AuditInterceptor(Actor, TimeProvider.System));
        var db = new MaillageDbContext(builder.Options);
        try
        {
            var applied = await SchemaMigrator.MigrateAsync(db, ct);
            var created = applied.Count > 0 && applied.Contains(SchemaMigrator.Versions(options.Provider)[0]);
            if (firstRun && created) await FirstRunAsync(options, ct);
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }
}
