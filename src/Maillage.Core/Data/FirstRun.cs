using Maillage.Core.Features.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maillage.Core.Data;

/// <summary>
/// What a node does once before serving: create or upgrade the schema, load reference and demo data on an empty
/// database, create the demo accounts, and make the shared key ring's first key — on PostgreSQL under the start-up lock,
/// so that nodes started together do it once (README, "Déployer plusieurs nœuds").
/// </summary>
public static class FirstRun
{
    /// <summary>How long a node waits for another node's first run before giving up:
    /// <c>Maillage:Startup:LockTimeoutSeconds</c>, 600 by default.</summary>
    public static TimeSpan LockTimeout(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Maillage:Startup:LockTimeoutSeconds", 600)));
    }

    public static async Task RunAsync(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<MaillageDbContext>();
        var config = sp.GetRequiredService<IConfiguration>();
        var mode = Enum.Parse<SeedMode>(config["Maillage:Seed"] ?? nameof(SeedMode.Demo), ignoreCase: true);
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Maillage.Init");
        await using var startup = await StartupLock.AcquireAsync(DatabaseOptions.FromConfiguration(config), LockTimeout(config), logger);
        await DatabaseInitializer.InitializeAsync(db, mode, logger);
        if (mode == SeedMode.Demo) await DemoAccounts.EnsureAsync(sp, logger);
        // The shared key ring's first key, made inside the lock: two nodes started together do not each create one.
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Maillage.Startup").Protect("premier démarrage"u8.ToArray());
    }
}
