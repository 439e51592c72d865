using System.Net;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Registry;

/// <summary>Reads of the registry API on the demo network (shared app, nothing written).</summary>
public sealed class ApiRegistryReadTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> GetJsonAsync(HttpClient c, string url) =>
        JsonNode.Parse(await c.GetStringAsync(new Uri(url, UriKind.Relative), Ct))!;

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Stats_reproduce_the_published_filiere_counts(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        var stats = await GetJsonAsync(c, Routes.Api.Stats);

        foreach (var (filiere, coord, constit, ccmr) in new[] { ("CARDIOGEN", 4, 14, 60), ("RespiFIL", 3, 21, 64), ("FIMARAD", 5, 17, 66) })
        {
            var f = stats["by_filiere"]![filiere]!;
            Assert.Equal(coord, f["coordinating_sites"]!.GetValue<int>());
            Assert.Equal(constit, f["constitutive_sites"]!.GetValue<int>());
            Assert.Equal(ccmr, f["competence_centres"]!.GetValue<int>());
        }
        Assert.True(stats["fictitious_demo_data"]!.GetValue<bool>());
        Assert.Equal(85, stats["totals"]!["resource_centres"]!.GetValue<int>());
        Assert.Equal(23, stats["totals"]!["platforms"]!.GetValue<int>());
        Assert.Equal(23, stats["by_filiere"]!.AsObject().Count);
        Assert.Equal(18, stats["by_region"]!.AsObject().Count);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task As_of_2020_the_network_is_the_2017_labelling(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        var now = await GetJsonAsync(c, Routes.Api.Stats);
        var then = await GetJsonAsync(c, Routes.Api.Stats + "?as_of=2020-06-01");
        var before2017 = await GetJsonAsync(c, Routes.Api.Stats + "?as_of=2016-01-01");

        int Sites(JsonNode s) => s["totals"]!["coordinating_sites"]!.GetValue<int>() + s["totals"]!["constitutive_sites"]!.GetValue<int>();
        Assert.True(Sites(then) < Sites(now), $"2020: {Sites(then)} sites, now: {Sites(now)}");
        Assert.Equal(0, Sites(before2017));
        var sites2020 = await GetJsonAsync(c, Routes.Api.Sites + "?as_of=2020-06-01&page_size=1");
        Assert.Equal(Sites(then), sites2020["total"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Lists_filter_and_page(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        var coordinating = await GetJsonAsync(c, Routes.Api.Sites + "?filiere=CARDIOGEN&role=coordinating");
        var page1 = await GetJsonAsync(c, Routes.Api.CompetenceCentres + "?filiere=CARDIOGEN&page_size=25");
        var page3 = await GetJsonAsync(c, Routes.Api.CompetenceCentres + "?filiere=CARDIOGEN&page_size=25&page=3");
        var idf = await GetJsonAsync(c, Routes.Api.Sites + "?region=11&page_size=1000");

        Assert.Equal(4, coordinating["total"]!.GetValue<int>());
        Assert.All(coordinating["items"]!.AsArray(), s => Assert.Equal("coordinating", s!["role"]!.GetValue<string>()));
        Assert.Equal(60, page1["total"]!.GetValue<int>());
        Assert.Equal(25, page1["items"]!.AsArray().Count);
        Assert.Equal(10, page3["items"]!.AsArray().Count);
        Assert.All(idf["items"]!.AsArray(), s => Assert.Equal("11", s!["region"]!.GetValue<string>()));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Networks_and_platforms_are_paged_by_id_in_the_database(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        foreach (var (list, total) in new[] { (Routes.Api.Networks, -1), (Routes.Api.Platforms, 23) })
        {
            var all = await GetJsonAsync(c, list + "?page_size=1000");
            var count = all["total"]!.GetValue<int>();
            if (total >= 0) Assert.Equal(total, count);
            var ids = all["items"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()).ToList();
            Assert.Equal(count, ids.Count);
            Assert.Equal(ids.Order(StringComparer.Ordinal), ids);

            var page2 = await GetJsonAsync(c, list + "?page=2&page_size=5");
            Assert.Equal(count, page2["total"]!.GetValue<int>());
            Assert.Equal(2, page2["page"]!.GetValue<int>());
            Assert.Equal(5, page2["page_size"]!.GetValue<int>());
            Assert.Equal(ids.Skip(5).Take(5), page2["items"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()));
            Assert.Equal(count, ids.Distinct().Count());
        }
        var before2017 = await GetJsonAsync(c, Routes.Api.Networks + "?as_of=2016-01-01");
        Assert.Equal(0, before2017["total"]!.GetValue<int>());
        Assert.Empty(before2017["items"]!.AsArray());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Personal_data_is_hidden_from_anonymous_and_association_callers(DatabaseProvider provider)
    {
        using var anonymous = apps[provider].CreateClient();
        using var association = await apps[provider].ApiClientAsync(Maillage.Core.Infrastructure.Security.UserRole.Association, "ASSO-001");
        using var national = await apps[provider].ApiClientAsync(Maillage.Core.Infrastructure.Security.UserRole.NationalAdmin, null);
        var id = (await GetJsonAsync(anonymous, Routes.Api.People + "?page_size=1"))["items"]![0]!["id"]!.GetValue<string>();

        var pub = await GetJsonAsync(anonymous, $"{Routes.Api.People}/{id}");
        var asso = await GetJsonAsync(association, $"{Routes.Api.People}/{id}");
        var full = await GetJsonAsync(national, $"{Routes.Api.People}/{id}");

        Assert.Null(pub["rpps"]);
        Assert.Null(pub["birth_date"]);
        // Associations read public data only (docs/security.md, "Who reads what").
        Assert.Null(asso["rpps"]);
        Assert.Null(asso["birth_date"]);
        Assert.Null(asso["email"]);
        Assert.NotNull(full["rpps"]);
        Assert.Equal(11, full["rpps"]!.GetValue<string>().Length);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Orpha_codes_and_errors(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        var marfan = await GetJsonAsync(c, Routes.Api.Orpha + "/558");
        using var missing = await c.GetAsync(new Uri(Routes.Api.Orpha + "/999999999", UriKind.Relative), Ct);
        using var noSite = await c.GetAsync(new Uri(Routes.Api.Sites + "/NOPE", UriKind.Relative), Ct);

        Assert.Equal("Syndrome de Marfan", marfan["name_fr"]!.GetValue<string>());
        Assert.True(marfan["active"]!.GetValue<bool>());
        Assert.Contains("Orphanet", marfan["attribution"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, noSite.StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Every_collection_answers(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        foreach (var collection in new[] { "filieres", "networks", "sites", "competence-centres", "resource-centres", "platforms", "establishments", "people", "associations", "ern", "regions", "departements" })
        {
            using var r = await c.GetAsync(new Uri($"{Routes.Api.Prefix}/{collection}", UriKind.Relative), Ct);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{collection}: {(int)r.StatusCode}");
        }
        Assert.Equal(24, (await GetJsonAsync(c, Routes.Api.Erns)).AsArray().Count);
        Assert.Equal(101, (await GetJsonAsync(c, Routes.Api.Departements)).AsArray().Count);
    }
}
