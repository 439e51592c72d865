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

    public static async Task<MaillageDbContext> OpenAsync(CancellationToken ct)
    {
        var options = Options();
        var builder = new DbContextOptionsBuilder<MaillageDbContext>();
        options.Configure(builder);
        builder.AddInterceptors(new AuditInterceptor(new FixedAuditActor($"cli:{Environment.UserName}", "cli"), TimeProvider.System));
        var db = new MaillageDbContext(builder.Options);
        try
        {
            await SchemaMigrator.MigrateAsync(db, ct);
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }
}
