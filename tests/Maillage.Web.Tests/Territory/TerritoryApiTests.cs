using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Territory;

/// <summary>The territory API on the demo network, on both databases: figures agree with the registry's own counts.</summary>
public sealed class TerritoryApiTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> GetJsonAsync(HttpClient c, string url) =>
        JsonNode.Parse(await c.GetStringAsync(new Uri(url, UriKind.Relative), Ct))!;

    private static int I(JsonNode? n) => n!.GetValue<int>();

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Coverage_counts_agree_with_the_registry_stats_and_every_gap_follows_its_rule(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        var stats = await GetJsonAsync(c, Routes.Api.Stats);
        var coverage = await GetJsonAsync(c, Routes.Api.Territory + "/coverage");
        Assert.Equal(stats["as_of"]!.GetValue<string>(), coverage["as_of"]!.GetValue<string>());
        var m = coverage["matrix"]!;
        var cells = m["cells"]!.AsArray();
        var regions = m["regions"]!.AsArray().ToDictionary(r => r!["code"]!.GetValue<string>(), r => r!);
        Assert.Equal(23 * 18, cells.Count);

        foreach (var (filiere, counts) in stats["by_filiere"]!.AsObject())
        {
            var row = cells.Where(x => x!["filiere"]!.GetValue<string>() == filiere).ToList();
            Assert.Equal(I(counts!["coordinating_sites"]) + I(counts["constitutive_sites"]), row.Sum(x => I(x!["reference_sites"])));
            // a CCMR counts once per filière, in the region of its establishment: the sum over regions is the filière's count
            Assert.Equal(I(counts["competence_centres"]), row.Sum(x => I(x!["competence_centres"])));
            Assert.Equal(I(counts["resource_centres"]), row.Sum(x => I(x!["resource_centres"])));
        }

        var gaps = m["gaps"]!.AsArray().Select(g => (Kind: g!["kind"]!.GetValue<string>(), F: g["filiere"]!.GetValue<string>(), R: g["region_code"]!.GetValue<string>())).ToHashSet();
        foreach (var cell in cells)
        {
            var f = cell!["filiere"]!.GetValue<string>();
            var r = cell["region_code"]!.GetValue<string>();
            var rs = I(cell["reference_sites"]);
            Assert.Equal(rs == 0 && I(cell["competence_centres"]) == 0, gaps.Contains(("no_reference_nor_competence", f, r)));
            var filiereSites = cells.Where(x => x!["filiere"]!.GetValue<string>() == f).Sum(x => I(x!["reference_sites"]));
            Assert.Equal(rs * 2 > filiereSites, gaps.Contains(("concentrated", f, r)));
            var overseas = regions[r]["overseas"]!.GetValue<bool>();
            var mainland = cells.Where(x => x!["filiere"]!.GetValue<string>() == f && !regions[x!["region_code"]!.GetValue<string>()]["overseas"]!.GetValue<bool>()).Sum(x => I(x!["total"]));
            Assert.Equal(overseas && I(cell["total"]) == 0 && mainland > 0, gaps.Contains(("overseas_covered_from_mainland", f, r)));
            var population = regions[r]["population"]!.GetValue<long>();
            Assert.Equal(I(cell["total"]) * 1_000_000d / population, cell["total_per_million"]!.GetValue<double>(), 9);
        }
        Assert.Contains(gaps, g => g.Kind == "overseas_covered_from_mainland");
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_maps_add_up_to_the_national_figures_by_region_and_by_departement(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        var totals = (await GetJsonAsync(c, Routes.Api.Stats))["totals"]!;
        var centres = I(totals["coordinating_sites"]) + I(totals["constitutive_sites"]) + I(totals["competence_centres"]) + I(totals["resource_centres"]);

        var byRegion = await GetJsonAsync(c, Routes.Api.Territory + "/map");
        Assert.Equal(18, byRegion["areas"]!.AsArray().Count);
        Assert.Equal(centres, byRegion["areas"]!.AsArray().Sum(a => I(a!["centres"])));
        Assert.Equal(centres, byRegion["national_value"]!.GetValue<double>());

        var byDep = await GetJsonAsync(c, Routes.Api.Territory + "/map?level=departement&measure=per_million&kind=competence_centre");
        var areas = byDep["areas"]!.AsArray();
        Assert.Equal(101, areas.Count);
        Assert.Contains(areas, a => a!["code"]!.GetValue<string>() == "2A");
        Assert.Contains(areas, a => a!["code"]!.GetValue<string>() == "976");
        Assert.Equal(I(totals["competence_centres"]), areas.Sum(a => I(a!["centres"])));
        var paris = areas.Single(a => a!["code"]!.GetValue<string>() == "75")!;
        Assert.Equal(I(paris["centres"]) * 1_000_000d / paris["population"]!.GetValue<long>(), paris["value"]!.GetValue<double>(), 9);

        // one filière: its reference sites on the map are the registry's
        var cardio = await GetJsonAsync(c, Routes.Api.Territory + "/map?kind=reference_site&filiere=CARDIOGEN");
        Assert.Equal(18, cardio["areas"]!.AsArray().Sum(a => I(a!["centres"])));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Bad_parameters_are_named_and_activity_needs_a_signed_in_caller(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        var bad = await c.GetAsync(new Uri(Routes.Api.Territory + "/map?level=commune", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("level", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync(new Uri(Routes.Api.Territory + "/map?measure=active_patients", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync(new Uri(Routes.Api.Territory + "/attraction", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync(new Uri(Routes.Api.Territory + "/coverage?format=pdf", UriKind.Relative), Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Coverage_and_redundancies_export_as_csv_and_xlsx(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        var csv = await c.GetAsync(new Uri(Routes.Api.Territory + "/coverage?format=csv&table=gaps", UriKind.Relative), Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Lacune (code);Lacune;Filière", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        var json = await GetJsonAsync(c, Routes.Api.Territory + "/coverage");
        Assert.Equal(json["matrix"]!["gaps"]!.AsArray().Count, lines.Length - 1);

        var xlsx = await c.GetAsync(new Uri(Routes.Api.Territory + "/redundancies?format=xlsx", UriKind.Relative), Ct);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        var bytes = await xlsx.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal((byte)'P', bytes[0]);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_redundancies_are_paged_in_JSON_with_a_bounded_page_size_and_whole_in_the_exports(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        string Pair(JsonNode? o) => o!["network_a"]!.GetValue<string>() + "/" + o["network_b"]!.GetValue<string>();
        var all = await GetJsonAsync(c, Routes.Api.Territory + "/redundancies?page_size=1000");
        var total = I(all["network_count"]);
        Assert.True(total > 100, $"the demo has more overlaps than two pages ({total})");
        var everyPair = all["networks"]!.AsArray().Select(Pair).ToList();
        Assert.Equal(total, everyPair.Count);

        // By default: the first 50, and what describes the paging.
        var first = await GetJsonAsync(c, Routes.Api.Territory + "/redundancies");
        Assert.Equal(everyPair.Take(50), first["networks"]!.AsArray().Select(Pair));
        Assert.Equal(total, I(first["network_count"]));
        Assert.Equal(1, I(first["page_number"]));
        Assert.Equal(50, I(first["page_size"]));
        Assert.Equal((total + 49) / 50, I(first["page_count"]));
        Assert.Equal(all["sites"]!.AsArray().Count, first["sites"]!.AsArray().Count);

        // Another page, another size: the same order.
        var second = await GetJsonAsync(c, Routes.Api.Territory + "/redundancies?page=2&page_size=40");
        Assert.Equal(everyPair.Skip(40).Take(40), second["networks"]!.AsArray().Select(Pair));
        // Past the last page: the last one; a size above the maximum is clamped to it.
        var last = await GetJsonAsync(c, Routes.Api.Territory + "/redundancies?page=999999&page_size=100");
        Assert.Equal((total + 99) / 100, I(last["page_number"]));
        Assert.Equal(everyPair.Skip((I(last["page_number"]) - 1) * 100), last["networks"]!.AsArray().Select(Pair));
        Assert.Equal(1000, I((await GetJsonAsync(c, Routes.Api.Territory + "/redundancies?page_size=5000"))["page_size"]));
        // Out of range: refused, naming the parameter.
        foreach (var bad in new[] { "page=0", "page=-1", "page_size=0", "page_size=-7" })
        {
            using var response = await c.GetAsync(new Uri(Routes.Api.Territory + "/redundancies?" + bad, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains($"« {bad.Split('=')[0]} »", JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        using (var notANumber = await c.GetAsync(new Uri(Routes.Api.Territory + "/redundancies?page=abc", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);

        // The CSV export is whole, whatever the page.
        var csv = await c.GetStringAsync(new Uri(Routes.Api.Territory + "/redundancies?format=csv&page=2&page_size=10", UriKind.Relative), Ct);
        Assert.Equal(total, csv.Split("\r\n").Count(l => l.TrimStart('\uFEFF').StartsWith("réseaux;", StringComparison.Ordinal)));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Every_network_overlap_is_backed_by_the_two_perimeters_and_the_classification(DatabaseProvider provider)
    {
        var app = apps[provider];
        using var c = app.CreateClient();
        var report = await GetJsonAsync(c, Routes.Api.Territory + "/redundancies?page_size=1000");
        var overlaps = report["networks"]!.AsArray();
        Assert.NotEmpty(overlaps);
        Assert.Equal(I(report["network_count"]), overlaps.Count); // every overlap of the demo on one page of the largest size
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var perimeters = (await db.NetworkDiseases.AsNoTracking().ToListAsync(Ct)).ToLookup(d => d.NetworkId, d => d.OrphaCode);
        var edges = (await db.OrphaEdges.AsNoTracking().Select(e => new { e.ParentCode, e.ChildCode }).ToListAsync(Ct)).ToLookup(e => e.ChildCode, e => e.ParentCode);
        bool IsAtOrBelow(int code, int labelled)
        {
            var seen = new HashSet<int>();
            var stack = new Stack<int>(new[] { code });
            while (stack.Count > 0)
            {
                var x = stack.Pop();
                if (x == labelled) return true;
                if (seen.Add(x)) foreach (var p in edges[x]) stack.Push(p);
            }
            return false;
        }
        foreach (var o in overlaps.Take(60))
        {
            var a = o!["network_a"]!.GetValue<string>();
            var b = o["network_b"]!.GetValue<string>();
            Assert.True(string.CompareOrdinal(a, b) < 0);
            foreach (var code in o["codes"]!.AsArray())
            {
                var shared = I(code!["code"]);
                var byA = I(code["labelled_by_a"]);
                var byB = I(code["labelled_by_b"]);
                Assert.Contains(byA, perimeters[a]);
                Assert.Contains(byB, perimeters[b]);
                Assert.True(IsAtOrBelow(shared, byA) && IsAtOrBelow(shared, byB), $"ORPHA:{shared} not under {byA} and {byB}");
            }
        }
        // regional redundancies: sites of two networks of the same filière, in the region named
        foreach (var r in report["sites"]!.AsArray())
        {
            var region = r!["region_code"]!.GetValue<string>();
            var ids = r["sites_of_a"]!.AsArray().Concat(r["sites_of_b"]!.AsArray()).Select(x => x!.GetValue<string>()).ToList();
            var regions = await db.Centres.AsNoTracking().Where(x => ids.Contains(x.Id)).Select(x => x.Establishment!.Departement!.RegionCode).Distinct().ToListAsync(Ct);
            Assert.Equal([region], regions);
            Assert.True(r["overlap"]!["same_filiere"]!.GetValue<bool>());
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Attraction_sums_the_residence_classes_of_the_centres_of_a_network(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string network;
        List<string> sites;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            // a network whose sites are all open (labelled today), so that the map counts them all; a year the demo's
            // activity (last year and this year) does not cover, so that the figures are the test's own
            network = await db.Networks.AsNoTracking().Where(n => n.Sites.Count > 1 && n.Sites.All(x => x.ClosedOn == null))
                .OrderBy(n => n.Id).Select(n => n.Id).FirstAsync(Ct);
            sites = await db.Centres.AsNoTracking().Where(x => x.NetworkId == network).OrderBy(x => x.Id).Select(x => x.Id).ToListAsync(Ct);
            var other = await db.Centres.AsNoTracking().Where(x => x.NetworkId != network && x.ClosedOn == null && x.Kind == Maillage.Domain.Registry.CentreKind.ReferenceSite)
                .OrderBy(x => x.Id).Select(x => x.Id).FirstAsync(Ct);
            var indicators = sites.Select((id, i) => new ActivityIndicators
            {
                CentreId = id, Year = 2019, ActivePatients = 100 + i, ResidentSameDepartement = 50, ResidentSameRegion = 20 + i,
                ResidentOtherRegion = 20, ResidentAbroad = 5, ResidentUnknown = 5,
            }).Append(new ActivityIndicators { CentreId = other, Year = 2019, ActivePatients = 1000, ResidentOtherRegion = 1000 })
              .OrderBy(x => x.CentreId, StringComparer.Ordinal).ToList();
            var record = new ActivityImportRecord
            {
                ImportedAt = DateTimeOffset.UtcNow, ImportedBy = "test", FileName = "test.csv", Sha256 = new string('0', 64),
                RejectsByReason = "{}", Years = "2019",
            };
            await ActivityStore.ReplaceAsync(db, record, indicators, null, null, Ct);
        }
        // Exact figures of every centre: the national administration (others: ActivityMinimisationTests).
        using var c = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var report = await GetJsonAsync(c, $"{Routes.Api.Territory}/attraction?network={Uri.EscapeDataString(network)}&year=2019");
        Assert.Equal(2019, I(report["year"]));
        Assert.Equal(sites, report["centres"]!.AsArray().Select(x => x!["centre_id"]!.GetValue<string>()));
        var total = report["total"]!;
        var n = sites.Count;
        Assert.Equal(50 * n, I(total["same_departement"]));
        Assert.Equal(20 * n + n * (n - 1) / 2, I(total["same_region"]));
        Assert.Equal(20 * n, I(total["other_region"]));
        Assert.Equal(5 * n, I(total["abroad"]));
        Assert.Equal(5 * n, I(total["unknown"]));
        Assert.Equal(20.0 * n / I(total["known"]), total["national_share"]!.GetValue<double>(), 9);

        var unknown = await c.GetAsync(new Uri(Routes.Api.Territory + "/attraction?network=CRMR-NOPE", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var active = await GetJsonAsync(c, Routes.Api.Territory + "/map?measure=active_patients&kind=reference_site&year=2019");
        var sumActive = active["areas"]!.AsArray().Sum(a => I(a!["active_patients"]));
        Assert.Equal(sites.Select((_, i) => 100 + i).Sum() + 1000, sumActive);
        Assert.Equal(sumActive, active["national_value"]!.GetValue<double>());

        var csv = await c.GetStringAsync(new Uri($"{Routes.Api.Territory}/attraction?network={Uri.EscapeDataString(network)}&year=2019&format=csv", UriKind.Relative), Ct);
        Assert.Contains(";Total;", csv, StringComparison.Ordinal);
        Assert.Contains((50 * n).ToString(CultureInfo.InvariantCulture), csv, StringComparison.Ordinal);
    }
}
