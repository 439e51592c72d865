using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Core.Features.Funding;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;
using Maillage.Domain.Funding;
using Maillage.Testing;
using Maillage.Web.Activity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Health activity is minimised by role (issue "Trust", item 3; docs/security.md, "Health activity"): a centre with
/// three active patients (a small cell) and their residence is imported; associations and experts get neither its
/// indicators, nor its residence breakdown, nor a count below 10, from the API, the /activite page or the territory
/// endpoints; a regional agency of another region gets nothing of that centre; the regional agency, the establishment
/// direction and the head of that centre, and the national administration, get the exact figures. The import and the
/// simulator refuse non-national callers in Core itself, and through the API.
/// </summary>
public sealed class ActivityMinimisationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Target(string Centre, string Finess, string Departement, string Region, string LegalEntity, string OtherRegion, long ImportId);

    private static string Row(string patient, Target t, string date) =>
        $"{patient};{t.Finess};{t.Centre};{date};CS;;;confirme;1980;F;{t.Departement};0";

    /// <summary>Imports, as the CLI operator, three patients of one open centre in 2024, all living in the centre's département.</summary>
    private static async Task<Target> ImportSmallCentreAsync(MaillageFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var c = await db.Centres.AsNoTracking().Where(x => x.ClosedOn == null).OrderBy(x => x.Id)
            .Select(x => new { x.Id, x.EstablishmentFiness, x.Establishment!.DepartementCode, x.Establishment.Departement!.RegionCode, LegalEntity = x.Establishment.LegalEntityFiness ?? x.Establishment.Finess })
            .FirstAsync(Ct);
        var other = await db.Regions.AsNoTracking().Where(r => r.Code != c.RegionCode).OrderBy(r => r.Code).Select(r => r.Code).FirstAsync(Ct);
        var t = new Target(c.Id, c.EstablishmentFiness, c.DepartementCode, c.RegionCode, c.LegalEntity, other, 0);
        var text = ActivityExtract.Header + "\n" + string.Join("\n",
            Row("aaaaaaaaaaaaaaaa0001", t, "2024-01-05"), Row("bbbbbbbbbbbbbbbb0002", t, "2024-02-05"), Row("cccccccccccccccc0003", t, "2024-03-05")) + "\n";
        var rejects = Path.Combine(Path.GetTempPath(), $"maillage-min-{Guid.NewGuid():N}.rejects.csv");
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var result = await ActivityImporter.ImportAsync(db, Caller.Operator, input, "min.csv", input.Length, rejects, new ActivityImportOptions { ImportedBy = "test" }, Ct);
        File.Delete(rejects);
        Assert.Equal(ActivityImportOutcome.Applied, result.Outcome);
        return t with { ImportId = result.ImportId!.Value };
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string url)
    {
        using var r = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
        return (r.StatusCode, await r.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<JsonNode> JsonAsync(HttpClient client, string url)
    {
        var (status, body) = await GetAsync(client, url);
        Assert.True(status == HttpStatusCode.OK, $"GET {url}: {(int)status} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>The centre's active patients in /activity/indicators, or null when its row is absent.</summary>
    private static async Task<int?> IndicatorAsync(HttpClient client, Target t)
    {
        var rows = (await JsonAsync(client, Routes.Api.Activity + "/indicators?year=2024")).AsArray();
        return rows.FirstOrDefault(r => r!["centre_id"]!.GetValue<string>() == t.Centre)?["active_patients"]!.GetValue<int>();
    }

    /// <summary>The value of the centre's département on a map of département values, and the national value.</summary>
    private static async Task<(int? Area, double? National)> MapAsync(HttpClient client, Target t, string measure)
    {
        var map = await JsonAsync(client, $"{Routes.Api.Territory}/map?level=departement&measure={measure}&year=2024");
        var area = map["areas"]!.AsArray().Single(a => a!["code"]!.GetValue<string>() == t.Departement)!;
        return (area["active_patients"]?.GetValue<int>(), map["national_value"]?.GetValue<double>());
    }

    /// <summary>The centre's row of the attraction report of all centres (null when absent), or the refusal's status.</summary>
    private static async Task<(HttpStatusCode Status, int? Patients, int? SameDepartement)> AttractionAsync(HttpClient client, Target t)
    {
        var (status, body) = await GetAsync(client, Routes.Api.Territory + "/attraction?year=2024");
        if (status != HttpStatusCode.OK) return (status, null, null);
        var row = JsonNode.Parse(body)!["centres"]!.AsArray().FirstOrDefault(r => r!["centre_id"]!.GetValue<string>() == t.Centre);
        return (status, row?["active_patients"]!.GetValue<int>(), row?["residence"]!["same_departement"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Activity_of_a_small_centre_reaches_only_the_roles_whose_scope_covers_it(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var t = await ImportSmallCentreAsync(app);

        var association = await app.CreateUserAsync(UserRole.Association, "ASSO-001");
        var expert = await app.CreateUserAsync(UserRole.Expert, null);
        var otherArs = await app.CreateUserAsync(UserRole.RegionalAgency, t.OtherRegion);
        var ars = await app.CreateUserAsync(UserRole.RegionalAgency, t.Region);
        var establishment = await app.CreateUserAsync(UserRole.Establishment, t.LegalEntity);
        var head = await app.CreateUserAsync(UserRole.CentreHead, t.Centre);
        var national = await app.CreateUserAsync(UserRole.NationalAdmin, null);

        // Associations and experts: no indicators, no import log, no residence breakdown, no count below 10 on the maps.
        foreach (var user in new[] { association, expert })
        {
            using var client = await app.ApiClientAsync(user);
            var (status, body) = await GetAsync(client, Routes.Api.Activity + "/indicators?year=2024");
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.DoesNotContain(t.Centre, body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(client, Routes.Api.Activity + "/imports")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(client, $"{Routes.Api.Activity}/imports/{t.ImportId}")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await AttractionAsync(client, t)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(client, $"{Routes.Api.Territory}/attraction?centre={t.Centre}")).Status);
            Assert.Equal((null, null), await MapAsync(client, t, "active_patients"));
            Assert.Equal((null, null), await MapAsync(client, t, "active_patients_by_residence"));

            using var page = await app.SignInAsync(user.UserName!, TestUsers.Password);
            var html = await page.GetPageAsync(Routes.Pages.Activity + "?annee=2024");
            Assert.DoesNotContain(Routes.Pages.Centres + "/" + t.Centre, html, StringComparison.Ordinal);
            Assert.DoesNotContain("min.csv", html, StringComparison.Ordinal);
            Assert.Contains("id=\"activite-reservee\"", html, StringComparison.Ordinal);
            var attraction = await page.GetPageAsync(Routes.Pages.Territory + "/attractivite?centre=" + t.Centre);
            Assert.Contains("id=\"attractivite-reservee\"", attraction, StringComparison.Ordinal);
            Assert.DoesNotContain("titre-synthese", attraction, StringComparison.Ordinal);
        }

        // A regional agency of another region: the centre is absent from what it reads, and the maps withhold the small sums.
        using (var client = await app.ApiClientAsync(otherArs))
        {
            Assert.Null(await IndicatorAsync(client, t));
            Assert.Equal(HttpStatusCode.OK, (await AttractionAsync(client, t)).Status);
            Assert.Equal((HttpStatusCode.OK, null, null), await AttractionAsync(client, t));
            Assert.Empty((await JsonAsync(client, $"{Routes.Api.Territory}/attraction?centre={t.Centre}&year=2024"))["centres"]!.AsArray());
            Assert.Equal((null, null), await MapAsync(client, t, "active_patients"));
            Assert.Equal((null, null), await MapAsync(client, t, "active_patients_by_residence"));
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(client, Routes.Api.Activity + "/imports")).Status);
            using var page = await app.SignInAsync(otherArs.UserName!, TestUsers.Password);
            Assert.DoesNotContain(Routes.Pages.Centres + "/" + t.Centre, await page.GetPageAsync(Routes.Pages.Activity + "?annee=2024"), StringComparison.Ordinal);
        }

        // The regional agency, establishment and head of that centre, and the national administration: the exact figures.
        foreach (var user in new[] { ars, establishment, head, national })
        {
            using var client = await app.ApiClientAsync(user);
            Assert.Equal(3, await IndicatorAsync(client, t));
            Assert.Equal((HttpStatusCode.OK, 3, 3), await AttractionAsync(client, t));
            Assert.Equal(3, (await MapAsync(client, t, "active_patients")).Area);
            Assert.Equal(3, (await MapAsync(client, t, "active_patients_by_residence")).Area);
            using var page = await app.SignInAsync(user.UserName!, TestUsers.Password);
            var html = await page.GetPageAsync(Routes.Pages.Activity + "?annee=2024");
            Assert.Contains(Routes.Pages.Centres + "/" + t.Centre, html, StringComparison.Ordinal);
            // The import log (who imported which file) is the national administration's only.
            Assert.Equal(user == national, html.Contains("min.csv", StringComparison.Ordinal));
            Assert.Equal(user == national ? HttpStatusCode.OK : HttpStatusCode.Forbidden, (await GetAsync(client, Routes.Api.Activity + "/imports")).Status);
        }
        using (var client = await app.ApiClientAsync(national))
        {
            Assert.Equal((3, 3.0), await MapAsync(client, t, "active_patients"));
            Assert.Equal((3, 3.0), await MapAsync(client, t, "active_patients_by_residence"));
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Import_and_simulator_refuse_non_national_callers_in_Core_and_through_the_API(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var t = await ImportSmallCentreAsync(app);
        var refused = new[]
        {
            Caller.Anonymous, new Caller("ars", UserRole.RegionalAgency, t.Region), new Caller("etab", UserRole.Establishment, t.LegalEntity),
            new Caller("head", UserRole.CentreHead, t.Centre), new Caller("fil", UserRole.FiliereCoordinator, "ORKID"),
            new Caller("asso", UserRole.Association, "ASSO-001"), new Caller("expert", UserRole.Expert, null), new Caller("nobody", null, null),
        };
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var scenarios = scope.ServiceProvider.GetRequiredService<FundingScenarios>();
            var jobs = scope.ServiceProvider.GetRequiredService<Maillage.Core.Features.Activity.Jobs.ActivityImportJobs>();
            var imports = await db.ActivityImports.LongCountAsync(Ct);
            var spec = new ScenarioSpec(2024, Maillage.Core.Features.Compliance.ComplianceCheck.DefaultCampaign, 1000m, 1000m, new Dictionary<string, decimal>());
            foreach (var caller in refused)
            {
                using var input = new MemoryStream(Encoding.UTF8.GetBytes(ActivityExtract.Header + "\n" + Row("dddddddddddddddd0004", t, "2024-04-05") + "\n"));
                await Assert.ThrowsAsync<AccessRefusedException>(() =>
                    ActivityImporter.ImportAsync(db, caller, input, "x.csv", input.Length, Path.Combine(Path.GetTempPath(), "never.rejects.csv"), new ActivityImportOptions(), Ct));
                await Assert.ThrowsAsync<AccessRefusedException>(() => jobs.CreateAsync(caller, "x.csv", false, 0.001, null, Ct));
                await Assert.ThrowsAsync<AccessRefusedException>(() => jobs.ListAsync(caller, 10, Ct));
                await Assert.ThrowsAsync<AccessRefusedException>(() => jobs.FindAsync(caller, "x", Ct));
                await Assert.ThrowsAsync<AccessRefusedException>(() => jobs.CancelAsync(caller, "x", Ct));
                await Assert.ThrowsAsync<AccessRefusedException>(() => FundingSimulator.RunAsync(db, caller, spec, Ct));
                await Assert.ThrowsAsync<AccessRefusedException>(() => scenarios.ListAsync(caller, Ct));
                await Assert.ThrowsAsync<AccessRefusedException>(() => scenarios.SaveAsync(caller, spec, "x", null, Ct));
                await Assert.ThrowsAsync<AccessRefusedException>(() => scenarios.DeleteAsync(caller, "SCN-2024-001", Ct));
            }
            Assert.Equal(imports, await db.ActivityImports.LongCountAsync(Ct));
            Assert.Empty(await jobs.ListAsync(Caller.Operator, 10, Ct));
            // The national administration passes the same door (the simulator then judges the scenario itself).
            try { await FundingSimulator.RunAsync(db, Caller.Operator, spec, Ct); }
            catch (FundingInputException) { }
        }

        using var ars = await app.ApiClientAsync(UserRole.RegionalAgency, t.Region);
        using var head = await app.ApiClientAsync(UserRole.CentreHead, t.Centre);
        foreach (var client in new[] { ars, head })
        {
            using var content = new StringContent(ActivityExtract.Header + "\n", Encoding.UTF8, "text/csv");
            using var import = await client.PostAsync(new Uri(Routes.Api.Activity + "/imports", UriKind.Relative), content, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, import.StatusCode);
            using var simulate = await client.PostAsync(new Uri(Routes.Api.Funding + "/simulations", UriKind.Relative),
                JsonContent("{\"year\":2024,\"base_envelope\":1000,\"envelope\":1000}"), Ct);
            Assert.Equal(HttpStatusCode.Forbidden, simulate.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(client, Routes.Api.Funding + "/scenarios")).Status);
        }
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}
