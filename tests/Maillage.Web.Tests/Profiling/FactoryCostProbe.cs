#pragma warning disable xUnit1051
using System.Diagnostics;
using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Profiling;

/// <summary>
/// Not a test: a measurement of what one app factory costs, phase by phase (template, copy, start, first and second
/// request, sign-ins, API client, dispose), wall and process CPU time, written to the test output (the TRX). Runs only
/// with <c>MAILLAGE_PROFILE=1</c>: <c>MAILLAGE_PROFILE=1 MAILLAGE_TWO_NODES=0 scripts/test.sh --filter
/// "FullyQualifiedName~FactoryCostProbe"</c>, then <c>grep -o "PROBE[^&amp;&lt;]*" -r .tmp/test-results</c>
/// (tests/README.md, "Where the time goes").
/// </summary>
public sealed class FactoryCostProbe
{
    public static bool Enabled => Environment.GetEnvironmentVariable("MAILLAGE_PROFILE") == "1";

    [Fact(Skip = "a measurement, not a test: set MAILLAGE_PROFILE=1", SkipUnless = nameof(Enabled))]
    public async Task Probe()
    {
        await ProbeAsync(DatabaseProvider.Sqlite);
        if (MaillageFactory.PostgresServer is not null) await ProbeAsync(DatabaseProvider.Postgres);
    }

    private static async Task ProbeAsync(DatabaseProvider db)
    {
        var o = TestContext.Current.TestOutputHelper!;
        var sw = Stopwatch.StartNew();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        void Lap(string what)
        {
            process.Refresh();
            var now = process.TotalProcessorTime;
            o.WriteLine($"PROBE {db} {what}: {sw.ElapsedMilliseconds} ms wall, {(now - cpu).TotalMilliseconds:F0} ms CPU of the test process");
            cpu = now;
            sw.Restart();
        }
        if (db == DatabaseProvider.Sqlite) SeedTemplates.SqliteFile("demo"); else SeedTemplates.PostgresDatabase("demo");
        Lap("template");
        if (db == DatabaseProvider.Postgres)
        {
            var template = SeedTemplates.PostgresDatabase("demo");
            foreach (var strategy in new[] { "", " STRATEGY = FILE_COPY" })
            {
                var name = "probe_" + Guid.NewGuid().ToString("N");
                await using var admin = new Npgsql.NpgsqlConnection(MaillageFactory.PostgresServer);
                await admin.OpenAsync();
                await using (var cmd = admin.CreateCommand()) { cmd.CommandText = $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"{strategy}"; await cmd.ExecuteNonQueryAsync(); }
                Lap($"create db{strategy}");
                await using (var cmd = admin.CreateCommand()) { cmd.CommandText = $"SELECT pg_database_size('{name}')"; o.WriteLine($"PROBE size {await cmd.ExecuteScalarAsync()}"); }
                await using (var cmd = admin.CreateCommand()) { cmd.CommandText = $"DROP DATABASE \"{name}\" WITH (FORCE)"; await cmd.ExecuteNonQueryAsync(); }
                Lap($"drop db");
            }
        }
        else o.WriteLine($"PROBE size {new FileInfo(SeedTemplates.SqliteFile("demo")).Length}");
        for (var i = 0; i < 2; i++)
        {
            var app = new MaillageFactory(db);
            Lap($"#{i} ctor (copy)");
            _ = app.Services;
            Lap($"#{i} start");
            using (var c = app.CreateClient()) { await c.GetStringAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken); }
            Lap($"#{i} first GET /");
            using (var c = app.CreateClient()) { await c.GetStringAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken); }
            Lap($"#{i} second GET /");
            using (await app.SignInAsync("admin")) { }
            Lap($"#{i} sign-in admin");
            using (await app.SignInAsync("admin")) { }
            Lap($"#{i} sign-in admin again");
            using (await app.ApiClientAsync(Maillage.Core.Infrastructure.Security.UserRole.NationalAdmin, null)) { }
            Lap($"#{i} api client (user + token)");
            await app.DisposeAsync();
            Lap($"#{i} dispose");
        }
    }
}
