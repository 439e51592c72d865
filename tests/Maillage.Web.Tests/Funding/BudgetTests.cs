using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Demo;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Funding;

/// <summary>
/// The MIG budget chain through HTTP on both databases: the demo year, envelopes at their boundary (exactly equal fits,
/// one cent over is refused), withdrawals, publication, stale versions, and the scopes of the ARS check (an ARS of another
/// region, an establishment of another EJ refused).
/// </summary>
public sealed class BudgetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(Routes.Api.Budget + path, UriKind.Relative);

    private static decimal Dec(JsonNode? n) => n!.GetValue<decimal>();

    private static string Str(JsonNode? n) => n!.GetValue<string>();

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, int? ifMatch)
    {
        using var request = new HttpRequestMessage(method, U(path));
        if (body is not null) request.Content = JsonContent.Create(body);
        if (ifMatch is { } v) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        return await client.SendAsync(request, Ct);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_demo_year_shows_the_source_envelopes_and_each_role_sees_its_own_delegations(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var year = await JsonAsync(await admin.GetAsync(U($"/years/{DemoBudget.Year}"), Ct));
        var envelopes = year["envelopes"]!.AsArray().ToDictionary(e => Str(e!["code"]), e => e!);
        Assert.Equal(157_400_000m, Dec(envelopes["total"]["amount"]));
        Assert.Equal(128_400_000m, Dec(envelopes["centres"]["amount"]));
        // C1 shares the whole centres' envelope; C2 withdraws 15 000 € on F04.
        Assert.Equal(128_400_000m - 15_000m, Dec(envelopes["centres"]["delegated"]));
        Assert.Equal(13_800_000m, Dec(envelopes["F17"]["delegated"]));
        Assert.Equal("F21", Str(year["platform_line"]));
        var circulars = year["circulars"]!.AsArray().Select(c => (Str(c!["circular"]), Str(c["status"]))).ToList();
        Assert.Equal([("C1", "published"), ("C2", "published"), ("C3", "draft")], circulars);

        var c1 = await JsonAsync(await admin.GetAsync(U($"/years/{DemoBudget.Year}/circulars/C1"), Ct));
        var all = c1["delegations"]!.AsArray();
        Assert.Equal(128_400_000m + 6_900_000m, Dec(c1["total"]));
        Assert.Contains(all, d => Str(d!["line"]) == "F05");
        Assert.Contains(all, d => Str(d!["line"]) == "F17");

        // The ARS of a region sees that region only; an establishment its EJ only.
        var region = Str(all.First(d => d!["region"] is not null)!["region"]);
        using var ars = await app.ApiClientAsync(UserRole.RegionalAgency, region);
        var mine = (await JsonAsync(await ars.GetAsync(U($"/years/{DemoBudget.Year}/circulars/C1"), Ct)))["delegations"]!.AsArray();
        Assert.NotEmpty(mine);
        Assert.True(mine.Count < all.Count);
        Assert.All(mine, d => Assert.Equal(region, Str(d!["region"])));
        var finess = Str(all[0]!["finess"]);
        using var es = await app.ApiClientAsync(UserRole.Establishment, finess);
        var own = (await JsonAsync(await es.GetAsync(U($"/years/{DemoBudget.Year}/circulars/C1"), Ct)))["delegations"]!.AsArray();
        Assert.All(own, d => Assert.Equal(finess, Str(d!["finess"])));
        Assert.Equal(all.Count(d => Str(d!["finess"]) == finess), own.Count);

        // A draft circular: the national administration only. Other roles: refused; anonymous: 401.
        Assert.Equal(HttpStatusCode.Forbidden, (await ars.GetAsync(U($"/years/{DemoBudget.Year}/circulars/C3"), Ct)).StatusCode);
        using var filiere = await app.ApiClientAsync(UserRole.FiliereCoordinator, "CARDIOGEN");
        Assert.Equal(HttpStatusCode.Forbidden, (await filiere.GetAsync(U($"/years/{DemoBudget.Year}"), Ct)).StatusCode);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(U($"/years/{DemoBudget.Year}/circulars/C1"), Ct)).StatusCode);

        // The ARS' tabular export: the documented header, one line per delegation in the caller's scope.
        var csv = await ars.GetStringAsync(U($"/years/{DemoBudget.Year}/circulars/C1/export?format=csv"), Ct);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("annee;circulaire;statut_circulaire;region;ars;finess_ej;etablissement;ligne_mig;libelle_ligne;montant;base_calcul;note", lines[0]);
        Assert.Equal(mine.Count + 1, lines.Length);
        using var xlsx = await admin.GetAsync(U($"/years/{DemoBudget.Year}/circulars/C1/export?format=xlsx"), Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync(U($"/years/{DemoBudget.Year}/circulars/C1/export?format=pdf"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.GetAsync(U($"/years/{DemoBudget.Year}/circulars/C9"), Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_delegation_total_may_equal_the_envelope_but_not_exceed_it_and_withdrawals_are_bounded(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var demo = await JsonAsync(await admin.GetAsync(U($"/years/{DemoBudget.Year}/circulars/C1"), Ct));
        var ejs = demo["delegations"]!.AsArray().Select(d => Str(d!["finess"])).Distinct().Take(2).ToList();
        const int year = 2026;

        var opened = await JsonAsync(await admin.PostAsJsonAsync(U("/years"), new { year }, Ct));
        var version = opened["version"]!.GetValue<int>();
        var envelopes = new Dictionary<string, decimal> { ["total"] = 157_400_000m, ["F17"] = 1_000m };
        var updated = await JsonAsync(await SendAsync(admin, HttpMethod.Put, $"/years/{year}", new { platform_line = "F23", envelopes }, version));
        Assert.Equal("F23", Str(updated["platform_line"]));
        Assert.Contains(updated["lines"]!.AsArray(), l => Str(l!["code"]) == "F23" && l["platform_line"]!.GetValue<bool>());
        // The year's old version is stale now.
        using (var stale = await SendAsync(admin, HttpMethod.Put, $"/years/{year}", new { platform_line = "F21", envelopes }, version))
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var c1 = await JsonAsync(await admin.GetAsync(U($"/years/{year}/circulars/C1"), Ct));
        var cv = c1["version"]!.GetValue<int>();
        async Task<HttpResponseMessage> Delegate(string circular, string finess, decimal amount, string? note, int? ifMatch) =>
            await SendAsync(admin, HttpMethod.Put, $"/years/{year}/circulars/{circular}/delegations", new { finess, line = "F17", amount, note }, ifMatch);

        cv = (await JsonAsync(await Delegate("C1", ejs[0], 600m, null, cv)))["version"]!.GetValue<int>();
        // Exactly the envelope: accepted.
        var full = await JsonAsync(await Delegate("C1", ejs[1], 400m, null, cv));
        Assert.Equal(1_000m, Dec(full["total"]));
        cv = full["version"]!.GetValue<int>();
        // One cent over: refused, with the overrun named, nothing written.
        using (var over = await Delegate("C1", ejs[1], 400.01m, null, cv))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
            Assert.Contains("0,01 €", await over.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        Assert.Equal(1_000m, Dec((await JsonAsync(await admin.GetAsync(U($"/years/{year}/circulars/C1"), Ct)))["total"]));
        // A stale version: refused.
        using (var stale = await Delegate("C1", ejs[1], 10m, null, cv - 1))
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        // A withdrawal in the first circular: refused.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Delegate("C1", ejs[1], -10m, "motif", null)).StatusCode);
        // Lowering the envelope under what is delegated: refused.
        var yv = (await JsonAsync(await admin.GetAsync(U($"/years/{year}"), Ct)))["version"]!.GetValue<int>();
        using (var lower = await SendAsync(admin, HttpMethod.Put, $"/years/{year}", new { platform_line = "F23", envelopes = new Dictionary<string, decimal> { ["total"] = 999.99m } }, yv))
            Assert.Equal(HttpStatusCode.UnprocessableEntity, lower.StatusCode);

        // C2 cannot be published before C1; C1 published is frozen.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(admin, HttpMethod.Post, $"/years/{year}/circulars/C2/publish", null, null)).StatusCode);
        var published = await JsonAsync(await SendAsync(admin, HttpMethod.Post, $"/years/{year}/circulars/C1/publish", null, null));
        Assert.Equal("published", Str(published["status"]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Delegate("C1", ejs[1], 1m, null, null)).StatusCode);

        // Withdrawals in C2: motivated, at most what C1 delegated.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Delegate("C2", ejs[0], -600m, null, null)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Delegate("C2", ejs[0], -600.01m, "engagements non tenus", null)).StatusCode);
        var withdrawn = await JsonAsync(await Delegate("C2", ejs[0], -600m, "engagements non tenus", null));
        var row = Assert.Single(withdrawn["delegations"]!.AsArray());
        Assert.Equal("withdrawal", Str(row!["basis"]));
        Assert.Equal(-600m, Dec(row["amount"]));
        // The room it frees can be delegated again: 1 000 − 600 + 600 = the envelope.
        Assert.Equal(HttpStatusCode.OK, (await Delegate("C2", ejs[1], 600m, null, null)).StatusCode);

        // Only the national administration prepares circulars.
        using var ars = await app.ApiClientAsync(UserRole.RegionalAgency, "11");
        Assert.Equal(HttpStatusCode.Forbidden, (await ars.PutAsJsonAsync(U($"/years/{year}/circulars/C2/delegations"), new { finess = ejs[0], line = "F17", amount = 1m }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ars.PostAsJsonAsync(U("/years"), new { year = 2027 }, Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_establishment_declares_for_its_EJ_only_and_only_the_ARS_of_its_region_checks_it(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var declarations = (await JsonAsync(await admin.GetAsync(U($"/years/{DemoBudget.Year}/declarations"), Ct))).AsArray();
        Assert.Contains(declarations, d => Str(d!["status"]) == "validated");
        var reserve = declarations.First(d => Str(d!["status"]) == "reserve")!;
        Assert.False(string.IsNullOrWhiteSpace(Str(reserve["review_comment"])));
        var pending = declarations.First(d => Str(d!["status"]) == "declared")!;
        var finess = Str(pending["finess"]);
        var region = Str(pending["region"]);
        var centre = Str(pending["centre_id"]);
        var other = (await JsonAsync(await admin.GetAsync(U($"/years/{DemoBudget.Year}/circulars/C1"), Ct)))["delegations"]!.AsArray()
            .First(d => Str(d!["finess"]) != finess && d["region"] is not null && Str(d["region"]) != region)!;

        // The establishment declares for its own EJ and centre; for another EJ it is refused.
        using var es = await app.ApiClientAsync(UserRole.Establishment, finess);
        var declared = await JsonAsync(await es.PutAsJsonAsync(U($"/years/{DemoBudget.Year}/declarations"),
            new { finess, line = "F04", centre_id = centre, amount = 1234.56m, comment = "Temps d'ARC" }, Ct));
        Assert.Equal("declared", Str(declared["status"]));
        Assert.Equal(1234.56m, Dec(declared["amount"]));
        using (var foreign = await es.PutAsJsonAsync(U($"/years/{DemoBudget.Year}/declarations"),
                   new { finess = Str(other["finess"]), line = Str(other["line"]), centre_id = centre, amount = 1m }, Ct))
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        // A centre that is not the EJ's: refused, even for the ministry.
        using (var wrongCentre = await admin.PutAsJsonAsync(U($"/years/{DemoBudget.Year}/declarations"),
                   new { finess = Str(other["finess"]), line = Str(other["line"]), centre_id = centre, amount = 1m }, Ct))
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongCentre.StatusCode);
        // An establishment sees its own declarations only.
        var seen = (await JsonAsync(await es.GetAsync(U($"/years/{DemoBudget.Year}/declarations"), Ct))).AsArray();
        Assert.All(seen, d => Assert.Equal(finess, Str(d!["finess"])));

        var id = Str(declared["id"]);
        var version = declared["version"]!.GetValue<int>();
        // The ARS of another region: refused; a regional agency of the right region: allowed.
        using var otherArs = await app.ApiClientAsync(UserRole.RegionalAgency, Str(other["region"]));
        using (var refused = await SendAsync(otherArs, HttpMethod.Post, $"/declarations/{id}/review", new { decision = "validated" }, version))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain((await JsonAsync(await otherArs.GetAsync(U($"/years/{DemoBudget.Year}/declarations"), Ct))).AsArray(), d => Str(d!["id"]) == id);
        using var ars = await app.ApiClientAsync(UserRole.RegionalAgency, region);
        // A reserve needs its comment.
        using (var bare = await SendAsync(ars, HttpMethod.Post, $"/declarations/{id}/review", new { decision = "reserve" }, version))
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bare.StatusCode);
        var checkedOne = await JsonAsync(await SendAsync(ars, HttpMethod.Post, $"/declarations/{id}/review", new { decision = "reserve", comment = "Justificatifs manquants" }, version));
        Assert.Equal("reserve", Str(checkedOne["status"]));
        // The version the ARS read is stale now.
        using (var stale = await SendAsync(ars, HttpMethod.Post, $"/declarations/{id}/review", new { decision = "validated" }, version))
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        // The establishment cannot check its own declaration.
        using (var self = await SendAsync(es, HttpMethod.Post, $"/declarations/{id}/review", new { decision = "validated" }, null))
            Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);

        // The gaps: delegated vs declared vs validated; the ARS sees its region only.
        var gaps = (await JsonAsync(await admin.GetAsync(U($"/years/{DemoBudget.Year}/gaps"), Ct))).AsArray();
        var line = gaps.First(g => Str(g!["finess"]) == finess && Str(g["line"]) == "F04")!;
        Assert.Equal(Dec(line["delegated"]) - Dec(line["declared"]), Dec(line["undeclared"]));
        Assert.Equal(Dec(line["delegated"]) - Dec(line["validated"]), Dec(line["unvalidated"]));
        Assert.True(line["reserves"]!.GetValue<int>() >= 1);
        var regional = (await JsonAsync(await ars.GetAsync(U($"/years/{DemoBudget.Year}/gaps"), Ct))).AsArray();
        Assert.NotEmpty(regional);
        Assert.All(regional, g => Assert.Equal(region, Str(g!["region"])));
        var export = await ars.GetStringAsync(U($"/years/{DemoBudget.Year}/gaps/export?format=csv"), Ct);
        Assert.Equal(regional.Count + 1, export.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
