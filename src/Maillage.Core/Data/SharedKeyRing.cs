using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Core.Data;

/// <summary>
/// The ASP.NET Core data-protection key ring (what signs and encrypts the sign-in cookie, antiforgery tokens and
/// TempData) kept in the database (table <c>data_protection_keys</c>, schema 0014) under one application name, so that
/// a cookie or a form made by one web node is accepted by any other node on the same database. Without it each node
/// keeps its own keys in its home folder and a request sent to another node signs the user out.
/// </summary>
public static class SharedKeyRing
{
    public const string ApplicationName = "Maillage";

    public static IDataProtectionBuilder AddMaillageDataProtection(this IServiceCollection services) =>
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<MaillageDbContext>();
}
