using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Registry;

/// <summary>In-scope users succeed through the API; every change is in the object's history; rule violations are 422.</summary>
public sealed class ApiRegistryScenarioTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<T> QueryAsync<T>(MaillageFactory app, Func<MaillageDbContext, Task<T>> query)
    {
        await using var s = app.Services.CreateAsyncScope();
        return await query(s.ServiceProvider.GetRequiredService<MaillageDbContext>());
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient c, string url) =>
        JsonNode.Parse(await c.GetStringAsync(new Uri(url, UriKind.Relative), Ct))!;

    private static Task<HttpResponseMessage> PutAsync(HttpClient c, string url, JsonNode body) =>
        c.PutAsJsonAsync(new Uri(url, UriKind.Relative), body, Ct);

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Filiere_coordinator_renames_a_network_of_the_filiere_and_the_history_shows_it(DatabaseProvider provider)
    {
        var app = apps[provider];
        var network = await QueryAsync(app, db => db.Networks.Where(n => n.FiliereAcronym == "FIMARAD").OrderBy(n => n.Id).FirstAsync(Ct));
        using var coordinator = await app.ApiClientAsync(UserRole.FiliereCoordinator, "FIMARAD");
        var body = await GetJsonAsync(coordinator, $"{Routes.Api.Networks}/{network.Id}");
        body["name"] = network.Name + " (renommé)";

        using var response = await PutAsync(coordinator, $"{Routes.Api.Networks}/{network.Id}", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(network.Name + " (renommé)", (await GetJsonAsync(coordinator, $"{Routes.Api.Networks}/{network.Id}"))["name"]!.GetValue<string>());
        var history = (await GetJsonAsync(coordinator, $"{Routes.Api.Networks}/{network.Id}/history")).AsArray();
        var last = history[0]!;
        Assert.Equal("updated", last["action"]!.GetValue<string>());
        // The author as a signed-in reader sees it: the account's display name, never its user name (docs/security.md, "Reads").
        Assert.Equal("Test FiliereCoordinator FIMARAD", last["user"]!.GetValue<string>());
        Assert.Equal("api", last["origin"]!.GetValue<string>());
        Assert.Contains(network.Name, last["before"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("(renommé)", last["after"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Centre_head_edits_own_centre_but_not_another(DatabaseProvider provider)
    {
        var app = apps[provider];
        var ids = await QueryAsync(app, db => db.Centres.Where(c => c.Kind == CentreKind.CompetenceCentre && c.ClosedOn == null).OrderBy(c => c.Id).Select(c => c.Id).Take(2).ToListAsync(Ct));
        using var head = await app.ApiClientAsync(UserRole.CentreHead, ids[0]);
        var own = await GetJsonAsync(head, $"{Routes.Api.CompetenceCentres}/{ids[0]}");
        own["phone"] = "01 23 45 67 89";
        var other = await GetJsonAsync(head, $"{Routes.Api.CompetenceCentres}/{ids[1]}");
        other["phone"] = "01 23 45 67 89";

        using var ok = await PutAsync(head, $"{Routes.Api.CompetenceCentres}/{ids[0]}", own);
        using var refused = await PutAsync(head, $"{Routes.Api.CompetenceCentres}/{ids[1]}", other);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("01 23 45 67 89", (await ok.Content.ReadFromJsonAsync<JsonNode>(Ct))!["phone"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Establishment_and_regional_agency_edit_what_is_theirs(DatabaseProvider provider)
    {
        var app = apps[provider];
        var site = await QueryAsync(app, db => db.Centres.Include(c => c.Establishment).ThenInclude(e => e!.Departement)
            .Where(c => c.Kind == CentreKind.ReferenceSite && c.ClosedOn == null && c.Establishment!.LegalEntityFiness != null).OrderBy(c => c.Id).Skip(3).FirstAsync(Ct));
        using var direction = await app.ApiClientAsync(UserRole.Establishment, site.Establishment!.LegalEntityFiness);
        using var ars = await app.ApiClientAsync(UserRole.RegionalAgency, site.Establishment.Departement!.RegionCode);
        var body = await GetJsonAsync(direction, $"{Routes.Api.Sites}/{site.Id}");
        body["email"] = "crmr@example.org";
        var est = await GetJsonAsync(ars, $"{Routes.Api.Establishments}/{site.EstablishmentFiness}");
        est["commune"] = est["commune"]?.GetValue<string>() ?? "Paris";
        est["latitude"] = 48.85;

        using var r1 = await PutAsync(direction, $"{Routes.Api.Sites}/{site.Id}", body);
        using var r2 = await PutAsync(ars, $"{Routes.Api.Establishments}/{site.EstablishmentFiness}", est);

        Assert.Equal(HttpStatusCode.OK, r1.StatusCode);
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        Assert.Equal(48.85, (await GetJsonAsync(ars, $"{Routes.Api.Establishments}/{site.EstablishmentFiness}"))["latitude"]!.GetValue<double>());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task National_admin_creates_a_competence_centre_that_counts_in_the_stats(DatabaseProvider provider)
    {
        var app = apps[provider];
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var network = await QueryAsync(app, db => db.Networks.Where(n => n.FiliereAcronym == "ORKID").OrderBy(n => n.Id).FirstAsync(Ct));
        var finess = await QueryAsync(app, db => db.Establishments.Where(e => e.Level == EstablishmentLevel.Site && !db.Centres.Any(c => c.EstablishmentFiness == e.Finess && c.Attachments.Any(a => a.NetworkId == network.Id)))
            .OrderBy(e => e.Finess).Select(e => e.Finess).FirstAsync(Ct));
        var before = await GetJsonAsync(admin, Routes.Api.Stats);
        var body = new JsonObject
        {
            ["id"] = $"CCMR-NEW-{provider}", ["name"] = "Centre de compétence créé par l'API", ["establishment_finess"] = finess,
            ["attachments"] = new JsonArray(network.Id),
        };

        using var response = await admin.PostAsJsonAsync(new Uri(Routes.Api.CompetenceCentres, UriKind.Relative), body, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"{Routes.Api.CompetenceCentres}/CCMR-NEW-{provider}", response.Headers.Location?.OriginalString);
        var after = await GetJsonAsync(admin, Routes.Api.Stats);
        Assert.Equal(before["totals"]!["competence_centres"]!.GetValue<int>() + 1, after["totals"]!["competence_centres"]!.GetValue<int>());
        Assert.Equal(before["by_filiere"]!["ORKID"]!["competence_centres"]!.GetValue<int>() + 1, after["by_filiere"]!["ORKID"]!["competence_centres"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Rule_violations_are_refused_with_the_rule_and_the_field(DatabaseProvider provider)
    {
        var app = apps[provider];
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var constitutive = await QueryAsync(app, db => db.Centres.Where(c => c.Role == SiteRole.Constitutive && c.ClosedOn == null).OrderBy(c => c.Id).FirstAsync(Ct));
        var site = await GetJsonAsync(admin, $"{Routes.Api.Sites}/{constitutive.Id}");
        site["role"] = "coordinating";
        var network = await GetJsonAsync(admin, $"{Routes.Api.Networks}/{constitutive.NetworkId}");
        network["orpha_codes"] = new JsonArray(999999999);
        var ccmr = await QueryAsync(app, db => db.Centres.Where(c => c.Kind == CentreKind.CompetenceCentre && c.ClosedOn == null).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(Ct));
        var noAttachment = await GetJsonAsync(admin, $"{Routes.Api.CompetenceCentres}/{ccmr}");
        noAttachment["attachments"] = new JsonArray();
        var before = await GetJsonAsync(admin, $"{Routes.Api.Sites}/{constitutive.Id}");

        using var twoCoordinating = await PutAsync(admin, $"{Routes.Api.Sites}/{constitutive.Id}", site);
        using var unknownOrpha = await PutAsync(admin, $"{Routes.Api.Networks}/{constitutive.NetworkId}", network);
        using var unattached = await PutAsync(admin, $"{Routes.Api.CompetenceCentres}/{ccmr}", noAttachment);
        using var badFiness = await admin.PostAsJsonAsync(new Uri(Routes.Api.Establishments, UriKind.Relative),
            new JsonObject { ["finess"] = "750000001", ["level"] = "site", ["name"] = "X", ["category"] = "ch", ["departement"] = "75" }, Ct);

        foreach (var (r, rule) in new[] { (twoCoordinating, RegistryRules.OneCoordinatingSite), (unknownOrpha, RegistryRules.OrphaUnknown),
                     (unattached, RegistryRules.CompetenceAttached), (badFiness, RegistryRules.FinessInvalid) })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            var problem = await r.Content.ReadFromJsonAsync<JsonNode>(Ct);
            Assert.Contains(rule, problem!["errors"]!.ToJsonString(), StringComparison.Ordinal);
        }
        Assert.Equal(before.ToJsonString(), (await GetJsonAsync(admin, $"{Routes.Api.Sites}/{constitutive.Id}")).ToJsonString());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_new_head_ends_the_current_mandate(DatabaseProvider provider)
    {
        var app = apps[provider];
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var (centreId, successor) = await QueryAsync(app, async db =>
        {
            var c = await db.Centres.Where(x => x.Kind == CentreKind.ResourceCentre && x.ClosedOn == null).OrderBy(x => x.Id).Skip(2).Select(x => x.Id).FirstAsync(Ct);
            var p = await db.People.Where(x => !db.Mandates.Any(m => m.PersonId == x.Id && m.CentreId == c)).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync(Ct);
            return (c, p);
        });

        using var r = await PutAsync(admin, $"{Routes.Api.ResourceCentres}/{centreId}/head", new JsonObject { ["person_id"] = successor, ["from"] = "2026-12-01" });

        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        var heads = (await GetJsonAsync(admin, $"{Routes.Api.ResourceCentres}/{centreId}/heads")).AsArray();
        Assert.Equal(successor, heads[0]!["person_id"]!.GetValue<string>());
        Assert.Equal("2026-12-01", heads[0]!["from"]!.GetValue<string>());
        Assert.Equal("2026-11-30", heads[1]!["to"]!.GetValue<string>());
    }
}
