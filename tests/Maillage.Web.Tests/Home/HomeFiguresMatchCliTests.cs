using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Home;

/// <summary>
/// The home page's figures are the counts of <c>maillage registry stats --format json</c>: the real CLI, run in-process
/// on the same database (through its environment variables), against the numbers rendered in the tiles and tables of /.
/// </summary>
[Collection(nameof(ProcessStateCollection))]
public sealed partial class HomeFiguresMatchCliTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static readonly string[] Counts = ["networks", "coordinating_sites", "constitutive_sites", "competence_centres", "resource_centres", "platforms"];

    /// <summary>The home tiles, by link, and the count each shows.</summary>
    private static readonly Dictionary<string, string> Tiles = new(StringComparer.Ordinal)
    {
        [Routes.Pages.Networks] = "networks",
        [Routes.Pages.Structures + "?type=site&role=coordonnateur"] = "coordinating_sites",
        [Routes.Pages.Structures + "?type=site&role=constitutif"] = "constitutive_sites",
        [Routes.Pages.Structures + "?type=ccmr"] = "competence_centres",
        [Routes.Pages.Structures + "?type=crc"] = "resource_centres",
        [Routes.Pages.Platforms] = "platforms",
    };

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Home_page_figures_equal_the_cli_registry_stats(DatabaseProvider provider)
    {
        var app = apps[provider];
        using var client = app.CreateClient();
        var html = WebUtility.HtmlDecode(await client.GetPageAsync("/"));
        using var stats = JsonDocument.Parse(await RunCliAsync(app, "registry", "stats", "--format", "json"));
        var cli = stats.RootElement;

        // Tiles: the totals.
        var tiles = TileRegex().Matches(html).ToDictionary(m => m.Groups[1].Value, m => Number(m.Groups[2].Value), StringComparer.Ordinal);
        Assert.Equal(Tiles.Count, tiles.Count);
        foreach (var (href, count) in Tiles)
            Assert.True(cli.GetProperty("totals").GetProperty(count).GetInt32() == tiles[href], $"tile {href}: home {tiles[href]}, CLI {cli.GetProperty("totals").GetProperty(count)}");

        // Tables: one row per filière (without platforms) and per region (with them), in the order of Counts.
        var byFiliere = Rows(html, "titre-filieres", Routes.Pages.Filieres + "/");
        var byRegion = Rows(html, "titre-regions", Routes.Pages.Structures + "?region=");
        AssertRowsEqual(cli.GetProperty("by_filiere"), byFiliere, Counts[..5]);
        AssertRowsEqual(cli.GetProperty("by_region"), byRegion, Counts);

        // The published CARDIOGEN figures of the demo network, on both sides.
        Assert.Equal([4, 14, 60], byFiliere["CARDIOGEN"][1..4]);
    }

    private static void AssertRowsEqual(JsonElement cli, Dictionary<string, int[]> rows, string[] counts)
    {
        Assert.Equal(cli.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var p in cli.EnumerateObject())
        {
            var expected = counts.Select(c => p.Value.GetProperty(c).GetInt32()).ToArray();
            Assert.True(expected.SequenceEqual(rows[p.Name]), $"{p.Name}: home [{string.Join(", ", rows[p.Name])}], CLI [{string.Join(", ", expected)}]");
        }
    }

    /// <summary>The rows of the table of a section: key (from the row header's link) → the numbers of its cells.</summary>
    private static Dictionary<string, int[]> Rows(string html, string sectionId, string linkPrefix)
    {
        var start = html.IndexOf($"aria-labelledby=\"{sectionId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {sectionId}");
        var section = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        var rows = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (Match row in RowRegex().Matches(section))
        {
            var link = HrefRegex().Match(row.Groups[1].Value).Groups[1].Value;
            Assert.StartsWith(linkPrefix, link, StringComparison.Ordinal);
            rows.Add(Uri.UnescapeDataString(link[linkPrefix.Length..]), CellRegex().Matches(row.Groups[2].Value).Select(m => Number(m.Groups[1].Value)).ToArray());
        }
        Assert.NotEmpty(rows);
        return rows;
    }

    /// <summary>A number as the page writes it in French ("1 234", with a (narrow) no-break space).</summary>
    private static int Number(string text) => int.Parse(new string(text.Where(char.IsAsciiDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs <c>maillage ...</c> in-process on the app's database and returns its standard output; fails on a non-zero exit.</summary>
    private static async Task<string> RunCliAsync(MaillageFactory app, params string[] args)
    {
        var (code, output, errors) = await CliRunner.RunAsync(app, args);
        Assert.True(code == 0, $"maillage {string.Join(' ', args)} exited {code}: {errors}");
        return output;
    }

    [GeneratedRegex("""<h3 class="fr-tile__title"><a href="([^"]+)">([^<]+)</a></h3>""")]
    private static partial Regex TileRegex();

    [GeneratedRegex("""<tr>\s*<th scope="row">(.*?)</th>(.*?)</tr>""", RegexOptions.Singleline)]
    private static partial Regex RowRegex();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex HrefRegex();

    [GeneratedRegex("""<td>([^<]*)</td>""")]
    private static partial Regex CellRegex();
}
