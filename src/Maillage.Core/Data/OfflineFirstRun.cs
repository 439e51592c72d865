using Maillage.Core.Features.Accounts;
using Maillage.Core.Infrastructure.Auditing;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maillage.Core.Data;

/// <summary>
/// The web node's first run (<see cref="FirstRun"/>: schema, reference data, nomenclature, demo network and first-start
/// data, demo accounts) for a host without the web's services — the command line (<c>maillage db init --demo</c>, and the
/// first command run on a fresh database). The same <see cref="DatabaseInitializer"/> and <see cref="DemoAccounts"/>, each
/// step once: running it again adds nothing.
/// </summary>
public static class OfflineFirstRun
{
    public static async Task RunAsync(DatabaseOptions options, SeedMode mode, IAuditActor actor, ILogger logger, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddDbContext<MaillageDbContext>(o =>
        {
            options.Configure(o);
            o.AddInterceptors(new AuditInterceptor(actor, clock));
        });
        services.AddIdentityCore<AppUser>().AddRoles<IdentityRole>().AddMaillageStores();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        await DatabaseInitializer.InitializeAsync(db, mode, logger, clock, ct);
        if (mode == SeedMode.Demo) await DemoAccounts.EnsureAsync(scope.ServiceProvider, logger, ct);
    }
}
