using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Territory;

/// <summary>Issue 13, §3: the compliance dashboard is a summary first with details on demand, the coverage matrix reads at
/// any width with a legend in words, and the attraction map shows the chosen centre's own regions with a real date.</summary>
public sealed partial class DashboardPagesTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_compliance_dashboard_summarises_first_and_pages_its_lists(DatabaseProvider db)
    {
        var app = apps[db];
        using var admin = await app.SignInAsync("admin");
        using var api = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var json = JsonNode.Parse(await api.GetStringAsync(new Uri(Routes.Api.Compliance + "/dashboard?year=2024", UriKind.Relative), Ct))!;
        var year = json["trend"]!.AsArray().Single(t => t!["year"]!.GetValue<int>() == 2024)!;
        var total = new[] { "compliant", "compliant_with_exception", "non_compliant", "incomplete" }.Sum(k => year[k]!.GetValue<int>());

        // Decoded: the encoder writes the narrow no-break space of French digit groups as an entity.
        var html = WebUtility.HtmlDecode(await admin.GetPageAsync(Routes.Pages.Compliance + "/tableau-de-bord?Year=2024"));
        // The summary comes before the lists, and says the same as the API.
        Assert.True(html.IndexOf("id=\"synthese\"", StringComparison.Ordinal) < html.IndexOf("id=\"details\"", StringComparison.Ordinal));
        Assert.Contains($"{total.ToString("N0", Maillage.Domain.French.Culture)} sites évalués en 2024", html, StringComparison.Ordinal);
        Assert.Contains($"Non conformes : <strong>{year["non_compliant"]!.GetValue<int>().ToString("N0", Maillage.Domain.French.Culture)}</strong>", html, StringComparison.Ordinal);
        // By criterion and status.
        Assert.Matches("<table id=\"par-critere\">", html);
        Assert.Contains("data-criterion=\"floor_25\"", html, StringComparison.Ordinal);
        // Regions by name, never by INSEE code.
        var regionRows = Regex.Matches(Table(html, "par-region"), "<th scope=\"row\">([^<]+)</th>").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(regionRows);
        Assert.DoesNotContain(regionRows, r => Regex.IsMatch(r, "^[0-9]{2}$"));
        Assert.Contains("Île-de-France", html, StringComparison.Ordinal);
        // Details on demand: a page of at most 25 sites per list, and the next page on the server.
        var insufficient = json["insufficient_activity"]!.AsArray().Count;
        var rows = Regex.Matches(Table(html, "insuffisance"), "<tr>").Count;
        Assert.Equal(Math.Min(25, insufficient), rows);
        if (insufficient > 25)
        {
            var second = WebUtility.HtmlDecode(await admin.GetPageAsync(Routes.Pages.Compliance + "/tableau-de-bord?Year=2024&page-insuffisance=2"));
            Assert.Contains("<details id=\"liste-insuffisance\" open", second, StringComparison.Ordinal);
            Assert.Equal(Math.Min(25, insufficient - 25), Regex.Matches(Table(second, "insuffisance"), "<tr>").Count);
            Assert.NotEqual(Table(html, "insuffisance"), Table(second, "insuffisance"));
        }
        // A region chosen by name filters the same way as the API's region code.
        var idf = JsonNode.Parse(await api.GetStringAsync(new Uri(Routes.Api.Compliance + "/dashboard?year=2024&region=11", UriKind.Relative), Ct))!;
        var idfTotal = idf["trend"]!.AsArray().Where(t => t!["year"]!.GetValue<int>() == 2024)
            .Sum(t => new[] { "compliant", "compliant_with_exception", "non_compliant", "incomplete" }.Sum(k => t![k]!.GetValue<int>()));
        var filtered = WebUtility.HtmlDecode(await admin.GetPageAsync(Routes.Pages.Compliance + "/tableau-de-bord?Year=2024&Region=11"));
        Assert.Contains("<option value=\"11\" selected", filtered, StringComparison.Ordinal);
        if (idfTotal > 0) Assert.Contains(Maillage.Domain.French.Count(idfTotal, "site évalué", "sites évalués") + " en 2024", filtered, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_coverage_matrix_has_a_legend_in_words_and_narrows_to_a_region_or_a_filiere(DatabaseProvider db)
    {
        using var client = apps[db].PageClient();
        var coverage = JsonNode.Parse(await client.GetStringAsync(new Uri(Routes.Api.Territory + "/coverage", UriKind.Relative), Ct))!["matrix"]!;
        var filieres = coverage["filieres"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        var regions = coverage["regions"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()).ToList();

        var html = await client.GetPageAsync(Routes.Pages.Territory + "/couverture");
        Assert.Contains("id=\"legende-couverture\"", html, StringComparison.Ordinal);
        Assert.Contains("la région n’a ni site de référence ni centre de compétence de la filière", html, StringComparison.Ordinal);
        // One number per cell, in a scrolling region reachable by keyboard; no "0 / 0 / 0".
        Assert.Contains("class=\"maillage-scroll\" tabindex=\"0\" role=\"region\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d+ / \d+ / \d+", html);

        // A region: one row per filière with one column per kind of structure, as the API counts them.
        var region = await client.GetPageAsync(Routes.Pages.Territory + "/couverture?region=11");
        Assert.Equal(filieres.Count, Regex.Matches(Table(region, "matrice-couverture"), "<tr data-filiere=").Count);
        var cell = coverage["cells"]!.AsArray().First(c => c!["region_code"]!.GetValue<string>() == "11" && c["reference_sites"]!.GetValue<int>() > 0)!;
        var f = cell["filiere"]!.GetValue<string>();
        var row = Regex.Match(region, $"<tr data-filiere=\"{Regex.Escape(f)}\" data-region=\"11\"[^>]*>(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        var numbers = Regex.Matches(row, "<td>([^<]*)</td>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(cell["reference_sites"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture), numbers[0]);
        Assert.Equal(cell["competence_centres"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture), numbers[1]);
        Assert.Equal(cell["resource_centres"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture), numbers[2]);

        // A filière: one row per region.
        var filiere = await client.GetPageAsync(Routes.Pages.Territory + "/couverture?filiere=" + f);
        Assert.Equal(regions.Count, Regex.Matches(Table(filiere, "matrice-couverture"), "<tr data-filiere=").Count);
        // An unknown region: a French error on the field, the whole matrix still shown.
        var unknown = await client.GetPageAsync(Routes.Pages.Territory + "/couverture?region=99");
        Assert.Contains("Cette région n’existe pas", unknown, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_attraction_map_shows_where_the_chosen_centres_patients_live_and_when_imported(DatabaseProvider db)
    {
        await using var app = new MaillageFactory(db);
        string spread, local;
        string ownRegion, otherRegion;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var ctx = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var centres = await ctx.Centres.AsNoTracking().Where(x => x.ClosedOn == null).OrderBy(x => x.Id)
                .Select(x => new { x.Id, x.EstablishmentFiness, x.Establishment!.DepartementCode, x.Establishment.Departement!.RegionCode }).Take(2).ToListAsync(Ct);
            var other = await ctx.Departements.AsNoTracking().Where(d => d.RegionCode != centres[0].RegionCode).OrderBy(d => d.Code).FirstAsync(Ct);
            (spread, local, ownRegion, otherRegion) = (centres[0].Id, centres[1].Id, centres[0].RegionCode, other.RegionCode);
            string Row(int n, string finess, string centre, string dep) => $"{n:D16}abcd;{finess};{centre};2024-02-0{1 + (n % 8)};CS;;;confirme;1980;F;{dep};0";
            // The first centre: 3 patients at home, 1 from another region; the second: 2 patients, both at home.
            var text = ActivityExtract.Header + "\n" + string.Join("\n",
                Row(1, centres[0].EstablishmentFiness, centres[0].Id, centres[0].DepartementCode), Row(2, centres[0].EstablishmentFiness, centres[0].Id, centres[0].DepartementCode),
                Row(3, centres[0].EstablishmentFiness, centres[0].Id, centres[0].DepartementCode), Row(4, centres[0].EstablishmentFiness, centres[0].Id, other.Code),
                Row(5, centres[1].EstablishmentFiness, centres[1].Id, centres[1].DepartementCode), Row(6, centres[1].EstablishmentFiness, centres[1].Id, centres[1].DepartementCode)) + "\n";
            var rejects = Path.Combine(Path.GetTempPath(), $"maillage-attr-{Guid.NewGuid():N}.rejects.csv");
            using var input = new MemoryStream(Encoding.UTF8.GetBytes(text));
            var result = await ActivityImporter.ImportAsync(ctx, Caller.Operator, input, "attr.csv", input.Length, rejects, new ActivityImportOptions { ImportedBy = "test" }, Ct);
            File.Delete(rejects);
            Assert.Equal(ActivityImportOutcome.Applied, result.Outcome);
        }
        using var admin = await app.SignInAsync("admin");

        var raw = await admin.GetPageAsync(Routes.Pages.Territory + "/attractivite?centre=" + spread + "&annee=2024");
        var html = WebUtility.HtmlDecode(raw);
        // On the raw page: the attribute's JSON is entity-encoded there.
        var map = Regex.Match(raw, "<map-chart id=\"carte-attractivite\" data=\"([^\"]+)\" value=\"100\" date=\"([^\"]+)\"");
        Assert.True(map.Success, "the map is drawn: " + html[Math.Max(0, html.IndexOf("titre-synthese", StringComparison.Ordinal))..][..Math.Min(3000, html.Length - Math.Max(0, html.IndexOf("titre-synthese", StringComparison.Ordinal)))]);
        var data = JsonNode.Parse(WebUtility.HtmlDecode(map.Groups[1].Value))!.AsObject();
        Assert.Equal(2, data.Count);
        Assert.Equal(75.0, data[Maillage.Web.Pages.Shared.RegionMap.KeyOf(ownRegion)!]!.GetValue<double>());
        Assert.Equal(25.0, data[Maillage.Web.Pages.Shared.RegionMap.KeyOf(otherRegion)!]!.GetValue<double>());
        // "Mise à jour :" is followed by the import's date, in French.
        Assert.Equal(Maillage.Domain.French.Date(DateOnly.FromDateTime(DateTime.UtcNow)), WebUtility.HtmlDecode(map.Groups[2].Value));
        Assert.Contains("id=\"table-residence\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("une seule valeur", html, StringComparison.Ordinal);

        // All the patients in one region: one class, and the legend says so.
        var single = WebUtility.HtmlDecode(await admin.GetPageAsync(Routes.Pages.Territory + "/attractivite?centre=" + local + "&annee=2024"));
        Assert.Contains("maillage-map--single", single, StringComparison.Ordinal);
        Assert.Contains("Légende : une seule valeur.", single, StringComparison.Ordinal);
        Assert.Contains("100,0 %", single, StringComparison.Ordinal);
    }

    /// <summary>The body of the table with this id (empty when absent).</summary>
    private static string Table(string html, string id)
    {
        var start = html.IndexOf($"<table id=\"{id}\"", StringComparison.Ordinal);
        if (start < 0) return "";
        var body = html.IndexOf("<tbody>", start, StringComparison.Ordinal);
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        return body < 0 || body > end ? "" : html[body..end];
    }
}
