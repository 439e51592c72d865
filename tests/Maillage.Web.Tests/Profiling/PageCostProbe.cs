#pragma warning disable xUnit1051
using System.Diagnostics;
using Maillage.Core.Data;
using Maillage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Profiling;

/// <summary>
/// Not a test: the SQL commands and the time (wall, and CPU of the test process, which runs the app) of the pages issue 14
/// found over the budget, warm, for the ministry and a scoped role, on the demo data, written to the test output.
/// Runs only with <c>MAILLAGE_PROFILE=1</c>: <c>MAILLAGE_PROFILE=1 MAILLAGE_TWO_NODES=0 scripts/test.sh --filter
/// "FullyQualifiedName~PageCostProbe"</c>, then <c>grep -o "PROBE[^&amp;&lt;]*" -r .tmp/test-results</c>.
/// </summary>
public sealed class PageCostProbe
{
    [Fact(Skip = "a measurement, not a test: set MAILLAGE_PROFILE=1", SkipUnless = nameof(FactoryCostProbe.Enabled), SkipType = typeof(FactoryCostProbe))]
    public async Task Probe()
    {
        var o = TestContext.Current.TestOutputHelper!;
        await using var app = new MaillageFactory(DatabaseProvider.Sqlite);
        SqlCommandCounter.PreserveContext(app);
        var process = Process.GetCurrentProcess();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The redundancy page's parts (issue 14): the snapshot's reads, the overlaps through the classification, the sites.
            var queries = scope.ServiceProvider.GetRequiredService<Maillage.Core.Features.Territory.TerritoryQueries>();
            var graphs = scope.ServiceProvider.GetRequiredService<Maillage.Core.Infrastructure.Nomenclature.OrphaGraphCache>();
            var db = scope.ServiceProvider.GetRequiredService<Maillage.Core.Data.MaillageDbContext>();
            for (var round = 0; round < 3; round++)
            {
                var sw = Stopwatch.StartNew();
                var s = await queries.SnapshotAsync(null, TestContext.Current.CancellationToken);
                var snapshot = sw.ElapsedMilliseconds;
                var graph = await graphs.GetAsync(db, TestContext.Current.CancellationToken);
                sw.Restart();
                var overlaps = Maillage.Domain.Territory.PerimeterOverlaps.Between(graph,
                    s.Networks.Select(n => new Maillage.Domain.Territory.PerimeterNetwork(n.Id, n.Filiere, n.Perimeter)).ToList());
                var between = sw.ElapsedMilliseconds;
                sw.Restart();
                var report = await queries.RedundanciesAsync(null, null, TestContext.Current.CancellationToken);
                o.WriteLine($"PROBE redundancies round {round}: snapshot {snapshot} ms, overlaps {between} ms ({overlaps.Count} pairs, "
                    + $"{overlaps.Sum(x => x.Codes.Count)} top codes), whole report {sw.ElapsedMilliseconds} ms ({report.Sites.Count} sites)");
            }
        }
        foreach (var user in new[] { "admin", "etablissement", "filiere-cardiogen" })
        {
            using var client = await app.SignInAsync(user);
            foreach (var page in new[] { "/procedures", "/mon-espace", "/procedures/liste-annuelle", "/registre/limite-d-age", "/territoire/redondances" })
            {
                using (var warm = await client.GetAsync(new Uri(page, UriKind.Relative))) if (!warm.IsSuccessStatusCode) continue;
                await client.GetPageAsync(page);
                const int repeat = 5;
                using var counter = SqlCommandCounter.Start();
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                for (var i = 0; i < repeat; i++) await client.GetPageAsync(page);
                process.Refresh();
                o.WriteLine($"PROBE {user} {page}: {counter.Count / repeat} SQL commands, {sw.ElapsedMilliseconds / repeat} ms wall, "
                    + $"{(process.TotalProcessorTime - cpu).TotalMilliseconds / repeat:F0} ms CPU per request (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
            }
        }
    }
}
