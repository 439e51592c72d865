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
    /// <summary>
    /// Where the embedded database lives when no connection string is given, shared by the web app and the CLI so that
    /// both see the same data: <c>MAILLAGE_DATA_DIR</c>, else the user's local data folder (<c>~/.local/share/maillage</c>).
    /// </summary>
    public static string DefaultDataDirectory =>
        Environment.GetEnvironmentVariable("MAILLAGE_DATA_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "maillage");

    public static string DefaultSqlite
    {
        get
        {
            Directory.CreateDirectory(DefaultDataDirectory);
            return "Data Source=" + Path.Combine(DefaultDataDirectory, "maillage.db");
        }
    }

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

    /// <summary>A plain ADO.NET connection (not opened) to the same database, for what needs no EF model (the CLI's
    /// activity import, ADR 0012).</summary>
    public System.Data.Common.DbConnection CreateConnection() => Provider switch
    {
        DatabaseProvider.Sqlite => new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString),
        DatabaseProvider.Postgres => new Npgsql.NpgsqlConnection(ConnectionString),
        _ => throw new InvalidOperationException($"Unknown database provider {Provider}."),
    };

    public void Configure(DbContextOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddInterceptors(FieldLengthInterceptor.Instance);
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
