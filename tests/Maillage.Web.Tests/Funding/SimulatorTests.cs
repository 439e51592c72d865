using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Funding;

/// <summary>The MIG what-if simulator: scenario against current rules on the demo's 2024 reports, saved, exported, national only.</summary>
public sealed class SimulatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static decimal Dec(JsonNode? n) => n!.GetValue<decimal>();

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_scenario_shares_its_envelope_compares_with_current_rules_and_is_saved_and_exported(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var scenario = new JsonObject
        {
            ["year"] = 2024, ["base_envelope"] = 1_000_000m, ["envelope"] = 1_200_000.50m,
            // All the weight on active patients: the other indicators earn nothing.
            ["weights"] = new JsonObject { ["active_patients"] = 100m, ["consultations"] = 0m, ["stays"] = 0m, ["expert_opinions"] = 0m, ["sigaps"] = 0m,
                ["du_diu"] = 0m, ["rcp_national"] = 0m, ["rcp_local"] = 0m },
        };
        var referential = JsonNode.Parse(await admin.GetStringAsync(new Uri(Routes.Api.Referentials + "/2023-2028", UriKind.Relative), Ct))!;
        var ids = referential["mig"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        var weights = new JsonObject();
        foreach (var indicator in ids) weights[indicator] = indicator == ids[0] ? 100m : 0m;
        scenario["weights"] = weights;

        using var run = await admin.PostAsJsonAsync(new Uri(Routes.Api.Funding + "/simulations", UriKind.Relative), scenario, Ct);
        var text = await run.Content.ReadAsStringAsync(Ct);
        Assert.True(run.StatusCode == HttpStatusCode.OK, text);
        var r = JsonNode.Parse(text)!;
        Assert.Equal(1_000_000m, Dec(r["base_total"]));
        Assert.Equal(1_200_000.50m, Dec(r["scenario_total"]));
        var centres = r["centres"]!.AsArray();
        Assert.Equal(r["reports_used"]!.GetValue<int>(), centres.Count);
        Assert.True(centres.Count > 300, $"{centres.Count} funded centres with a 2024 report");
        Assert.Equal(200_000.50m, centres.Sum(c => Dec(c!["delta"])));
        Assert.All(centres, c => Assert.Equal(Dec(c!["scenario"]) - Dec(c["base"]), Dec(c["delta"])));
        var establishments = r["establishments"]!.AsArray();
        Assert.Equal(1_200_000.50m, establishments.Sum(e => Dec(e!["scenario"])));
        Assert.Equal(centres.Count, establishments.Sum(e => e!["centres"]!.GetValue<int>()));

        // Weights that do not total 100: refused, naming the field.
        weights[ids[0]] = 90m;
        using (var bad = await admin.PostAsJsonAsync(new Uri(Routes.Api.Funding + "/simulations", UriKind.Relative), scenario, Ct))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.Contains("weights", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        weights[ids[0]] = 100m;

        // Saved, listed, exported with one line per centre, deleted.
        scenario["name"] = "Tout sur la file active";
        using var saved = await admin.PostAsJsonAsync(new Uri(Routes.Api.Funding + "/scenarios", UriKind.Relative), scenario, Ct);
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var id = JsonNode.Parse(await saved.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<string>();
        Assert.StartsWith("SCN-2024-", id, StringComparison.Ordinal);
        var list = JsonNode.Parse(await admin.GetStringAsync(new Uri(Routes.Api.Funding + "/scenarios", UriKind.Relative), Ct))!.AsArray();
        Assert.Contains(list, s => s!["id"]!.GetValue<string>() == id);
        var csv = await admin.GetStringAsync(new Uri($"{Routes.Api.Funding}/scenarios/{id}/export?format=csv", UriKind.Relative), Ct);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(centres.Count + 1, lines.Length);
        Assert.EndsWith("centre_id;centre;finess;etablissement;montant_actuel;montant_scenario;ecart", lines[0], StringComparison.Ordinal);
        var again = JsonNode.Parse(await admin.GetStringAsync(new Uri($"{Routes.Api.Funding}/scenarios/{id}", UriKind.Relative), Ct))!;
        Assert.Equal(1_200_000.50m, Dec(again["scenario_total"]));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"{Routes.Api.Funding}/scenarios/{id}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"{Routes.Api.Funding}/scenarios/{id}", UriKind.Relative), Ct)).StatusCode);

        // Only the national administration: a regional agency gets 403, anonymous 401.
        using var ars = await app.ApiClientAsync(UserRole.RegionalAgency, "11");
        Assert.Equal(HttpStatusCode.Forbidden, (await ars.PostAsJsonAsync(new Uri(Routes.Api.Funding + "/simulations", UriKind.Relative), scenario, Ct)).StatusCode);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(Routes.Api.Funding + "/scenarios", UriKind.Relative), Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_simulator_page_is_for_the_national_administration_and_saves_a_scenario(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.SignInAsync("admin");
        var html = await admin.GetPageAsync(Routes.Pages.Funding + "/simulateur");
        var form = HtmlForm.All(html).Single(f => f.Has("Envelope"));
        form.Set("Envelope", "1100000,00").Set("Name", "Enveloppe augmentée de dix pour cent");
        var audit = await app.AuditCountAsync();

        using var anonymous = app.PageClient();
        var anonymousToken = HtmlForm.AntiforgeryToken(await anonymous.GetPageAsync(Routes.Pages.SignIn));
        using (var r = await anonymous.PostFormAsync(Routes.Pages.Funding + "/simulateur?handler=Save", form.Fields.Select(f => f.Key == HtmlForm.AntiforgeryField ? new(f.Key, anonymousToken) : f)))
            Assert.Equal(Routes.Pages.SignIn, new Uri(new Uri("http://localhost"), r.Headers.Location!).AbsolutePath);
        foreach (var user in new[] { "ars-idf", "etablissement", "filiere-cardiogen", "responsable", "association" })
        {
            using var client = await app.SignInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri(Routes.Pages.Funding + "/simulateur", UriKind.Relative), Ct)).StatusCode);
            var token = HtmlForm.AntiforgeryToken(await client.GetPageAsync("/"));
            using var r = await client.PostFormAsync(Routes.Pages.Funding + "/simulateur?handler=Save", form.Fields.Select(f => f.Key == HtmlForm.AntiforgeryField ? new(f.Key, token) : f));
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        Assert.Equal(audit, await app.AuditCountAsync());

        using var saved = await admin.PostFormAsync(Routes.Pages.Funding + "/simulateur?handler=Save", form.Fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await admin.GetPageAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("Enveloppe augmentée de dix pour cent", page, StringComparison.Ordinal);
        Assert.Contains(1_100_000m.ToString("N2", CultureInfo.GetCultureInfo("fr-FR")) + " €", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.True(await app.AuditCountAsync() > audit);
    }
}
