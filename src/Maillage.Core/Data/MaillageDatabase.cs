using Maillage.Core.Infrastructure.Auditing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Core.Data;

/// <summary>
/// How a host registers Maillage's database (composition only; every read and write stays in the Core feature services):
/// the context on the configured provider (<see cref="DatabaseOptions"/>, read from the host's configuration when the first
/// context is made, so that a test host's overrides apply) with the audit interceptor, and the account stores of ASP.NET
/// Core Identity on the same context.
/// </summary>
public static class MaillageDatabase
{
    public static IServiceCollection AddMaillageDatabase(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddScoped<AuditInterceptor>();
        services.AddDbContext<MaillageDbContext>((sp, o) =>
        {
            DatabaseOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>()).Configure(o);
            o.AddInterceptors(sp.GetRequiredService<AuditInterceptor>());
        });
        return services;
    }

    /// <summary>The accounts, roles and external logins of ASP.NET Core Identity, stored by <see cref="MaillageDbContext"/>.</summary>
    public static IdentityBuilder AddMaillageStores(this IdentityBuilder identity) => identity.AddEntityFrameworkStores<MaillageDbContext>();
}
