using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Demo;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Funding;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Funding;

/// <summary>
/// The budget chain's computed lines through the API on both databases (docs/budget.md, « Circulars and delegations »):
/// F04–F07 from the simulator's scenario adopted for the year (its weights, and its envelope unless an amount is given,
/// exactly the simulator's amounts per centre summed per EJ and line; one cent over the envelope refused), and F22 from
/// the DPI module tree (DGOS, présentation du 7 avril 2022, « Financement en C3 2021 du module maladies rares dans le
/// DPI »: strict comparisons, establishments of one EJ summed, 0 € branches delegate nothing, the envelope's boundary).
/// </summary>
public sealed class BudgetComputeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(Routes.Api.Budget + path, UriKind.Relative);

    private static string Str(JsonNode? n) => n!.GetValue<string>();

    private static decimal Dec(JsonNode? n) => n!.GetValue<decimal>();

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, int? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, U(path));
        if (body is not null) request.Content = JsonContent.Create(body);
        if (ifMatch is { } v) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        return await client.SendAsync(request, Ct);
    }

    /// <summary>Sets the year's adopted scenario and envelopes (the whole map is sent: an envelope left out is removed).</summary>
    private static async Task<JsonNode> PutYearAsync(HttpClient admin, int year, string? scenario, Action<Dictionary<string, decimal>>? change = null)
    {
        var y = await JsonAsync(await admin.GetAsync(U($"/years/{year}"), Ct));
        var envelopes = y["envelopes"]!.AsArray().ToDictionary(e => Str(e!["code"]), e => Dec(e!["amount"]));
        change?.Invoke(envelopes);
        return await JsonAsync(await SendAsync(admin, HttpMethod.Put, $"/years/{year}",
            new { platform_line = Str(y["platform_line"]), envelopes, adopted_scenario = scenario }, y["version"]!.GetValue<int>()));
    }

    private static Dictionary<(string Finess, string Line), decimal> Lines(JsonNode circular, Func<string, bool> line) =>
        circular["delegations"]!.AsArray().Where(d => line(Str(d!["line"])))
            .ToDictionary(d => (Str(d!["finess"]), Str(d["line"])), d => Dec(d!["amount"]));

    private static bool IsCentresLine(string l) => l is "F04" or "F05" or "F06" or "F07";

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_adopted_scenario_shares_F04_to_F07_exactly_as_the_simulator_says_within_the_envelope(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var year = DemoBudget.Year;
        var reportsYear = year - 1;
        // The demo's C2 withdrew 15 000 € of F04: that is what remains of the centres' envelope for C3.
        var room = Dec((await JsonAsync(await admin.GetAsync(U($"/years/{year}"), Ct)))["envelopes"]!.AsArray().Single(e => Str(e!["code"]) == "centres")!["remaining"]);
        Assert.Equal(15_000m, room);

        // Without a scenario: the referential's weights over the room left.
        var plain = await JsonAsync(await SendAsync(admin, HttpMethod.Post, $"/years/{year}/circulars/C3/compute", new { lines = new[] { "F04" } }));
        var baseline = Lines(plain, IsCentresLine);
        Assert.Equal(room, baseline.Values.Sum());
        Assert.All(plain["delegations"]!.AsArray().Where(d => IsCentresLine(Str(d!["line"]))), d => Assert.Equal("mig_variable_part", Str(d!["basis"])));

        // Two scenarios on the same reports: all the weight on the active file; one's envelope exceeds the room by a cent.
        var referential = CampaignCatalogue.Shipped.ForYear(reportsYear)!;
        var weights = referential.Mig.ToDictionary(i => i.Id, i => i.Id == "MIG-ACT-FA" ? 100m : 0m);
        async Task<string> SaveScenarioAsync(decimal envelope, string name) =>
            Str((await JsonAsync(await admin.PostAsJsonAsync(new Uri(Routes.Api.Funding + "/scenarios", UriKind.Relative),
                new { year = reportsYear, campaign = referential.CampaignId, base_envelope = room, envelope, weights, name }, Ct), HttpStatusCode.Created))["id"]);
        var over = await SaveScenarioAsync(room + 0.01m, "File active seule, un centime de trop");
        var exact = await SaveScenarioAsync(room, "File active seule");

        await PutYearAsync(admin, year, over);
        using (var refused = await SendAsync(admin, HttpMethod.Post, $"/years/{year}/circulars/C3/compute", new { lines = new[] { "F04" } }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("dépassement de 0,01 €", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        // Nothing written: C3 still holds the referential's shares.
        Assert.Equal(baseline, Lines(await JsonAsync(await admin.GetAsync(U($"/years/{year}/circulars/C3"), Ct)), IsCentresLine));

        await PutYearAsync(admin, year, exact);
        var adopted = await JsonAsync(await SendAsync(admin, HttpMethod.Post, $"/years/{year}/circulars/C3/compute", new { lines = new[] { "F05" } }));
        Assert.Contains(adopted["notes"]!.AsArray(), n => Str(n).Contains(exact, StringComparison.Ordinal));
        var shares = Lines(adopted, IsCentresLine);
        Assert.All(adopted["delegations"]!.AsArray().Where(d => IsCentresLine(Str(d!["line"]))), d => Assert.Equal("scenario:" + exact, Str(d!["basis"])));
        Assert.Equal(room, shares.Values.Sum());

        // Exactly the simulator's amounts for that scenario, centre by centre, summed per EJ and line.
        var simulated = (await JsonAsync(await admin.GetAsync(new Uri($"{Routes.Api.Funding}/scenarios/{exact}", UriKind.Relative), Ct)))["centres"]!.AsArray()
            .ToDictionary(c => Str(c!["centre_id"]), c => Dec(c!["scenario"]));
        Dictionary<(string, string), decimal> expected;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var ids = simulated.Keys.ToList();
            var centres = await db.Centres.AsNoTracking().Include(c => c.Establishment).Include(c => c.Network).Where(c => ids.Contains(c.Id)).ToListAsync(Ct);
            expected = centres.Where(c => simulated[c.Id] != 0)
                .GroupBy(c => (c.Establishment?.LegalEntityFiness ?? c.EstablishmentFiness, MigLines.Codes.Code(BudgetRules.CentreLine(c.Network?.FiliereAcronym, c.ResourceKind?.ToString()))))
                .ToDictionary(g => g.Key, g => g.Sum(c => simulated[c.Id]));
        }
        Assert.Equal(expected.OrderBy(x => x.Key).ToList(), shares.OrderBy(x => x.Key).ToList());
        Assert.NotEqual(baseline, shares);

        // An amount given: the scenario's weights still apply, the amount replaces its envelope.
        var given = await JsonAsync(await SendAsync(admin, HttpMethod.Post, $"/years/{year}/circulars/C3/compute",
            new { lines = new[] { "F04" }, amounts = new Dictionary<string, decimal> { ["F04"] = 10_000m } }));
        Assert.Equal(10_000m, Lines(given, IsCentresLine).Values.Sum());
        Assert.All(given["delegations"]!.AsArray().Where(d => IsCentresLine(Str(d!["line"]))), d => Assert.Equal("scenario:" + exact, Str(d!["basis"])));

        // Without the scenario again: back to the referential's weights and shares.
        await PutYearAsync(admin, year, null);
        var again = await JsonAsync(await SendAsync(admin, HttpMethod.Post, $"/years/{year}/circulars/C3/compute", new { lines = new[] { "F04" } }));
        Assert.Equal(baseline, Lines(again, IsCentresLine));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task F22_is_the_DPI_tree_summed_per_EJ_within_its_envelope(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        string ejA, siteA1, siteA2, ejB, ejC;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var sites = await db.Establishments.AsNoTracking().Where(e => e.Level == EstablishmentLevel.Site && e.LegalEntityFiness != null)
                .Select(e => new { e.Finess, Ej = e.LegalEntityFiness! }).ToListAsync(Ct);
            var two = sites.GroupBy(s => s.Ej, StringComparer.Ordinal).Where(g => g.Count() >= 2).OrderBy(g => g.Key, StringComparer.Ordinal).First();
            (ejA, siteA1, siteA2) = (two.Key, two.OrderBy(s => s.Finess, StringComparer.Ordinal).First().Finess, two.OrderBy(s => s.Finess, StringComparer.Ordinal).Last().Finess);
            var others = await db.Establishments.AsNoTracking().Where(e => e.Level == EstablishmentLevel.LegalEntity && e.Finess != ejA)
                .OrderBy(e => e.Finess).Select(e => e.Finess).Take(2).ToListAsync(Ct);
            (ejB, ejC) = (others[0], others[1]);
        }
        static Dictionary<string, string?> Row(string finess, bool known, bool? funded, string? need, int? usingDpi, int? centres, int? reference) => new()
        {
            ["finess"] = finess, ["name"] = "", ["dpi_known"] = known ? "true" : "false", ["already_funded"] = funded is null ? "" : funded.Value ? "true" : "false",
            ["need"] = need ?? "", ["reference_centres_using_dpi"] = usingDpi?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["centres"] = centres?.ToString(CultureInfo.InvariantCulture) ?? "", ["reference_centres"] = reference?.ToString(CultureInfo.InvariantCulture) ?? "", ["ghu_count"] = "",
        };
        var dpi = new[]
        {
            Row(siteA1, true, true, null, null, 100, null),          // already funded, 100 centres: not « > 100 » → 40 000 €
            Row(siteA2, true, true, null, null, 101, null),          // 101 centres → 120 000 €, same EJ: 160 000 € to ejA
            Row(ejB, true, false, "seeding", 5, null, null),         // seeding, 5 CR using the DPI: not « > 5 » → 0 €, no delegation
            Row(ejC, true, false, "deployment", null, 10, 2),        // deployment, 10 centres but 2 CR (> 1) → 25 000 €
        };
        const int year = 2026;
        await JsonAsync(await admin.PostAsJsonAsync(U("/years"), new { year }, Ct), HttpStatusCode.Created);
        object Body(IEnumerable<Dictionary<string, string?>> rows) => new { lines = new[] { "F22" }, dpi = rows };

        // The F22 envelope one cent under the tree's total: refused, nothing written.
        await PutYearAsync(admin, year, null, e => e["F22"] = 184_999.99m);
        using (var over = await SendAsync(admin, HttpMethod.Post, $"/years/{year}/circulars/C3/compute", Body(dpi)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
            Assert.Contains("dépassement de 0,01 €", await over.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        Assert.Empty((await JsonAsync(await admin.GetAsync(U($"/years/{year}/circulars/C3"), Ct)))["delegations"]!.AsArray());

        // Exactly the envelope: accepted, one delegation per EJ with money.
        await PutYearAsync(admin, year, null, e => e["F22"] = 185_000m);
        var computed = await JsonAsync(await SendAsync(admin, HttpMethod.Post, $"/years/{year}/circulars/C3/compute", Body(dpi)));
        Assert.Equal(new Dictionary<(string, string), decimal> { [(ejA, "F22")] = 160_000m, [(ejC, "F22")] = 25_000m }.OrderBy(x => x.Key).ToList(),
            Lines(computed, l => true).OrderBy(x => x.Key).ToList());
        Assert.All(computed["delegations"]!.AsArray(), d => Assert.Equal("dpi", Str(d!["basis"])));
        Assert.Equal(185_000m, Dec(computed["total"]));
        Assert.Equal(185_000m, Dec((await JsonAsync(await admin.GetAsync(U($"/years/{year}"), Ct)))["lines"]!.AsArray().Single(l => Str(l!["code"]) == "F22")!["delegated"]));

        // Computed again from another file: the circular's F22 delegations are replaced, not added to.
        var fewer = await JsonAsync(await SendAsync(admin, HttpMethod.Post, $"/years/{year}/circulars/C3/compute",
            Body([Row(ejC, true, false, "deployment", null, 41, 0)])));             // > 40 centres → 50 000 €
        Assert.Equal([((ejC, "F22"), 50_000m)], Lines(fewer, l => true).Select(x => (x.Key, x.Value)).ToList());

        // Refusals: no file, an establishment unknown to the registry, a value the tree needs left empty.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(admin, HttpMethod.Post, $"/years/{year}/circulars/C3/compute", new { lines = new[] { "F22" } })).StatusCode);
        using (var unknown = await SendAsync(admin, HttpMethod.Post, $"/years/{year}/circulars/C3/compute", Body([Row("999999999", true, true, null, null, 50, null)])))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
            Assert.Contains("999999999", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        using (var missing = await SendAsync(admin, HttpMethod.Post, $"/years/{year}/circulars/C3/compute", Body([Row(ejC, true, true, null, null, null, null)])))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
            Assert.Contains("centres", await missing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        Assert.Equal([((ejC, "F22"), 50_000m)], Lines(await JsonAsync(await admin.GetAsync(U($"/years/{year}/circulars/C3"), Ct)), l => true).Select(x => (x.Key, x.Value)).ToList());
    }
}
