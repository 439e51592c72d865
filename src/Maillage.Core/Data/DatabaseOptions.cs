using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Maillage.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>"Database:Provider" (Sqlite by default) and "ConnectionStrings:Maillage".</summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlite = "Data Source=maillage.db";

    public static DatabaseOptions FromConfiguration(IConfiguration config)
    {
        var providerText = config["Database:Provider"];
        var provider = string.IsNullOrWhiteSpace(providerText)
            ? DatabaseProvider.Sqlite
            : Enum.Parse<DatabaseProvider>(providerText, ignoreCase: true);
        var cs = config.GetConnectionString("Maillage");
        if (string.IsNullOrWhiteSpace(cs))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new InvalidOperationException("ConnectionStrings:Maillage is required for PostgreSQL.");
            cs = DefaultSqlite;
        }
        return new DatabaseOptions(provider, cs);
    }

    public void Configure(DbContextOptionsBuilder builder)
    {
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(ConnectionString);
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(ConnectionString);
                break;
        }
    }
}
