using Maillage.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Maillage.Testing;

/// <summary>
/// The whole web app on a database of its own: a fresh SQLite file in a temp directory, or a fresh PostgreSQL
/// database <c>maillage_test_&lt;guid&gt;</c> on the server named by <c>MAILLAGE_TEST_POSTGRES</c> (created here,
/// dropped WITH (FORCE) on dispose). <c>Program.cs</c> itself runs under the factory (WebApplicationFactory lets the
/// entry point go on after the host is built and waits for its <c>RunAsync</c>), so the schema is applied and the seed
/// loaded by the app's own startup code before the first request. Expensive (a host, a database): share one per provider through
/// <see cref="MaillageApps"/> unless the test writes (tests/README.md).
/// </summary>
/// <remarks>Compiled into Maillage.Web.Tests and, as a linked file, into Maillage.Browser.Tests.</remarks>
public sealed class MaillageFactory : WebApplicationFactory<Program>
{
    public const string PostgresVariable = "MAILLAGE_TEST_POSTGRES";

    /// <summary>
    /// PBKDF2 iterations of the password hasher in tests only (ASP.NET Core Identity's <see cref="PasswordHasherOptions"/>,
    /// set on the app's services by this factory; the production default, 100,000, is untouched). A stored hash keeps its
    /// own count, so this only makes the tests' sign-ins and account creations cheap; it asserts nothing about strength.
    /// </summary>
    public const int PasswordIterations = 1_000;

    private readonly string? _tempDirectory;
    /// <summary>The app's work folder (uploaded activity extracts, rejects files), deleted on dispose.</summary>
    private readonly string _workDirectory = Directory.CreateTempSubdirectory("maillage-work-").FullName;
    private readonly string? _adminConnectionString;
    private readonly string? _databaseName;
    private int _disposed;
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="provider">The database the app runs on.</param>
    /// <param name="seed">The app setting <c>Maillage:Seed</c>: "none", "reference" or "demo".</param>
    /// <param name="settings">Extra app settings (e.g. <c>Maillage:Mail:Port</c>).</param>
    public MaillageFactory(DatabaseProvider provider, string seed = "demo", IReadOnlyDictionary<string, string>? settings = null)
    {
        Provider = provider;
        Seed = seed;
        _settings = settings ?? new Dictionary<string, string>();
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                _tempDirectory = Directory.CreateTempSubdirectory("maillage-test-").FullName;
                var file = Path.Combine(_tempDirectory, "maillage.db");
                File.Copy(SeedTemplates.SqliteFile(seed), file);
                ConnectionString = new SqliteConnectionStringBuilder
                {
                    DataSource = file,
                    Pooling = false,
                }.ToString();
                break;
            case DatabaseProvider.Postgres:
                _adminConnectionString = PostgresServer
                    ?? throw new InvalidOperationException(
                        $"{PostgresVariable} is not set: PostgreSQL tests need a server (scripts/test.sh starts a throwaway cluster and sets it).");
                _databaseName = "maillage_test_" + Guid.NewGuid().ToString("N");
                using (var admin = new NpgsqlConnection(_adminConnectionString))
                {
                    admin.Open();
                    using var cmd = admin.CreateCommand();
                    // FILE_COPY (PostgreSQL 15+) copies the template's files instead of writing them through the WAL (the
                    // 15 default): about half the time for the ~45 MB demo template; the cluster runs without fsync.
                    var strategy = admin.PostgreSqlVersion.Major >= 15 ? " STRATEGY = FILE_COPY" : "";
                    cmd.CommandText = $"CREATE DATABASE \"{_databaseName}\" TEMPLATE \"{SeedTemplates.PostgresDatabase(seed)}\"{strategy}";
                    cmd.ExecuteNonQuery();
                }
                ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = _databaseName }.ToString();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, null);
        }
    }

    /// <summary>The admin connection string of the PostgreSQL server for tests, or null when not configured.</summary>
    public static string? PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    public DatabaseProvider Provider { get; }

    public string Seed { get; }

    /// <summary>The connection string the app uses (to inspect the database from a test).</summary>
    public string ConnectionString { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Maillage", ConnectionString);
        builder.UseSetting("Maillage:Seed", Seed);
        // Tests sign in many times from the one test client address: no sign-in rate limit unless a test sets one.
        builder.UseSetting("Maillage:SignIn:PermitLimit", "1000000");
        // No background mail worker: a test sends what the outbox holds when it chooses (MailOutboxDrain.DrainOutboxAsync).
        builder.UseSetting("Maillage:Mail:WorkerEnabled", "false");
        // No background age-limit worker either: a test raises the alerts when it chooses (HeadAgeAlerts.RaiseDueAsync).
        builder.UseSetting("Maillage:HeadAgeAlerts:WorkerEnabled", "false");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.UseSetting("Activity:WorkDirectory", _workDirectory);
        builder.ConfigureTestServices(services =>
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordIterations));
        // The app's errors, so that a test receiving a 500 can name its cause (ServerErrors.Describe).
        builder.ConfigureLogging(logging => logging.AddProvider(ServerErrors.Provider));
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await base.DisposeAsync();
        try { Directory.Delete(_workDirectory, recursive: true); }
        catch (IOException) { /* best effort */ }
        if (_tempDirectory is not null)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_tempDirectory, recursive: true); }
            catch (IOException) { /* best effort: the OS temp cleaner gets it */ }
        }
        if (_databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_adminConnectionString);
            await admin.OpenAsync();
            await using var cmd = admin.CreateCommand();
            cmd.CommandText = $"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)";
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
