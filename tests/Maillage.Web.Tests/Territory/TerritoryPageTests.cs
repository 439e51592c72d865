using System.Net;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Territory;

/// <summary>The /territoire pages: the same figures as the API, tables as the accessible alternative, activity for signed-in users only.</summary>
public sealed class TerritoryPageTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_map_page_shows_the_api_figures_in_its_table_and_exports_them(DatabaseProvider provider)
    {
        using var c = apps[provider].PageClient();
        var html = await c.GetPageAsync(Routes.Pages.Territory + "?niveau=departement&type=ccmr");
        Assert.Contains("<map-chart id=\"carte-territoire\"", html, StringComparison.Ordinal);
        Assert.Contains("level=\"dep\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"table-carte\"", html, StringComparison.Ordinal);
        Assert.Contains("data-map-svg=\"carte-territoire\"", html, StringComparison.Ordinal);

        var api = JsonNode.Parse(await c.GetStringAsync(new Uri(Routes.Api.Territory + "/map?level=departement&kind=competence_centre", UriKind.Relative), Ct))!;
        var csv = await c.GetStringAsync(new Uri(Routes.Pages.Territory + "/export?niveau=departement&type=ccmr&format=csv", UriKind.Relative), Ct);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(api["areas"]!.AsArray().Count + 1, lines.Length);
        var paris = api["areas"]!.AsArray().Single(a => a!["code"]!.GetValue<string>() == "75")!;
        Assert.Contains(lines, l => l.StartsWith("75;Paris;11;", StringComparison.Ordinal) && l.EndsWith(";" + paris["centres"]!.GetValue<int>(), StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Activity_is_offered_to_signed_in_users_only(DatabaseProvider provider)
    {
        using var anonymous = apps[provider].PageClient();
        var html = await anonymous.GetPageAsync(Routes.Pages.Territory + "?mesure=file-active");
        Assert.Contains("connectez-vous", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"file-active\"", html, StringComparison.Ordinal);
        using var redirect = await anonymous.GetAsync(new Uri(Routes.Pages.Territory + "/attractivite", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);

        using var signedIn = await apps[provider].SignInAsync("ars-idf");
        Assert.Contains("value=\"file-active\"", await signedIn.GetPageAsync(Routes.Pages.Territory), StringComparison.Ordinal);
        Assert.Contains("Aucune activité mesurée", await signedIn.GetPageAsync(Routes.Pages.Territory + "/attractivite?filiere=CARDIOGEN&annee=2019"), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Coverage_and_redundancy_pages_list_what_the_api_finds(DatabaseProvider provider)
    {
        using var c = apps[provider].PageClient();
        var coverage = JsonNode.Parse(await c.GetStringAsync(new Uri(Routes.Api.Territory + "/coverage", UriKind.Relative), Ct))!;
        var html = await c.GetPageAsync(Routes.Pages.Territory + "/couverture");
        Assert.Contains("id=\"matrice-couverture\"", html, StringComparison.Ordinal);
        var gaps = coverage["matrix"]!["gaps"]!.AsArray().Count(g => g!["kind"]!.GetValue<string>() == "overseas_covered_from_mainland");
        Assert.Contains($"Outre-mer couvert seulement depuis la métropole</strong> : {gaps}", html, StringComparison.Ordinal);

        var redundancies = JsonNode.Parse(await c.GetStringAsync(new Uri(Routes.Api.Territory + "/redundancies?filiere=CARDIOGEN", UriKind.Relative), Ct))!;
        var page = await c.GetPageAsync(Routes.Pages.Territory + "/redondances?filiere=CARDIOGEN");
        Assert.Contains($"Réseaux dont les périmètres se recouvrent ({redundancies["network_count"]!.GetValue<int>()})", page, StringComparison.Ordinal);
        Assert.Contains($"de réseaux qui se recouvrent ({redundancies["sites"]!.AsArray().Count})", page, StringComparison.Ordinal);
    }

    /// <summary>The overlapping networks' rows of the page, as « A/B » pairs of network ids.</summary>
    private static List<string> OverlapRows(string html)
    {
        var table = html[html.IndexOf("id=\"table-reseaux-recouvrement\"", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        return System.Text.RegularExpressions.Regex.Matches(table, "<tr>\\s*<td><a href=\"/reseaux/([^\"]+)\">.*?</td>\\s*<td><a href=\"/reseaux/([^\"]+)\">",
                System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => Uri.UnescapeDataString(m.Groups[1].Value) + "/" + Uri.UnescapeDataString(m.Groups[2].Value)).ToList();
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_redundancies_page_shows_the_overlaps_fifty_at_a_time_with_the_API_s_order(DatabaseProvider provider)
    {
        using var c = apps[provider].PageClient();
        var api = JsonNode.Parse(await c.GetStringAsync(new Uri(Routes.Api.Territory + "/redundancies?page_size=1000", UriKind.Relative), Ct))!;
        var pairs = api["networks"]!.AsArray().Select(o => o!["network_a"]!.GetValue<string>() + "/" + o["network_b"]!.GetValue<string>()).ToList();
        var total = pairs.Count;
        var pages = (total + 49) / 50;
        Assert.True(pages >= 3, $"the demo has overlaps for three pages at least ({total})");

        var first = await c.GetPageAsync(Routes.Pages.Territory + "/redondances");
        Assert.Equal(pairs.Take(50), OverlapRows(first));
        Assert.Contains($"Réseaux dont les périmètres se recouvrent ({total})", first, StringComparison.Ordinal);
        Assert.Contains($"Recouvrements 1 à 50 sur {total} (page 1 sur {pages})", first, StringComparison.Ordinal);
        Assert.Contains("<nav role=\"navigation\" class=\"fr-pagination ", first, StringComparison.Ordinal);
        Assert.Contains("href=\"/territoire/redondances?page=2#titre-reseaux\"", first, StringComparison.Ordinal);

        var second = await c.GetPageAsync(Routes.Pages.Territory + "/redondances?page=2");
        Assert.Equal(pairs.Skip(50).Take(50), OverlapRows(second));
        Assert.Contains("aria-current=\"page\" title=\"Page 2\"", second, StringComparison.Ordinal);
        // Out of range or not a number: the last page, or the first.
        Assert.Equal(pairs.Skip((pages - 1) * 50), OverlapRows(await c.GetPageAsync(Routes.Pages.Territory + "/redondances?page=100000")));
        foreach (var bad in new[] { "0", "-3", "abc", "99999999999999" })
            Assert.Equal(pairs.Take(50), OverlapRows(await c.GetPageAsync(Routes.Pages.Territory + "/redondances?page=" + bad)));
    }
}
