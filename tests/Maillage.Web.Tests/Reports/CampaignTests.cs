using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Reports;

/// <summary>
/// Campaign tracking through HTTP on both databases (docs/campaign-tracking.md): the API and the page for the ministry and
/// an agency (its region only, by names), the refusals, the reminders (recorded, audited, not twice a day, an agency
/// naming another region's centre refused) and the paged report list's boundaries (API and page).
/// </summary>
public sealed class CampaignTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static int Year => DateTime.Today.Year - 1; // the campaign whose reporting window opened this year (from 1 April)

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage r, HttpStatusCode expected, string what)
    {
        var body = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == expected, $"{what}: {(int)r.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static Task<HttpResponseMessage> Get(HttpClient c, string url) => c.GetAsync(new Uri(url, UriKind.Relative), Ct);

    private static async Task<(string Region, string OtherRegionCentre)> DemoArsAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var region = (await DemoAccounts.PlanAsync(db, Ct)).Single(a => a.UserName == "ars-idf").ScopeId!;
        var other = await db.Centres.Where(c => c.ClosedOn == null && c.Establishment!.Departement!.RegionCode != region).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(Ct);
        return (region, other);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_ministry_and_an_agency_track_the_campaign_and_remind_once_a_day_through_the_API(DatabaseProvider provider)
    {
        if (DateTime.Today < new DateTime(DateTime.Today.Year, 4, 1)) return; // the window of last year's reports opens on 1 April
        await using var app = new MaillageFactory(provider);
        var (region, otherCentre) = await DemoArsAsync(app);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var ars = await app.ApiClientAsync(UserRole.RegionalAgency, region);
        using var head = await app.ApiClientAsync(UserRole.CentreHead, otherCentre);
        using var filiere = await app.ApiClientAsync(UserRole.FiliereCoordinator, "MCGRE");
        using var anonymous = app.CreateClient();

        var national = await JsonAsync(await Get(admin, $"{Routes.Api.ReportCampaign}?year={Year}"), HttpStatusCode.OK, "ministry");
        Assert.Equal(Year, national["year"]!.GetValue<int>());
        var expected = national["counts"]!["expected"]!.GetValue<int>();
        Assert.True(expected > 50, $"{expected}");
        Assert.Equal(Year - 1, national["previous"]!["year"]!.GetValue<int>());
        // The default year is this campaign.
        Assert.Equal(Year, (await JsonAsync(await Get(admin, Routes.Api.ReportCampaign), HttpStatusCode.OK, "default"))["year"]!.GetValue<int>());

        var regional = await JsonAsync(await Get(ars, $"{Routes.Api.ReportCampaign}?year={Year}&page_size=5000"), HttpStatusCode.OK, "ARS");
        Assert.Equal(region, regional["region"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(regional["region_name"]!.GetValue<string>()));
        var centres = regional["centres"]!["items"]!.AsArray();
        Assert.Equal(CampaignTracking.MaxPageSize, regional["centres"]!["page_size"]!.GetValue<int>()); // clamped
        Assert.Equal(regional["counts"]!["expected"]!.GetValue<int>(), centres.Count);
        Assert.True(centres.Count < expected);
        Assert.All(centres, c => Assert.Equal(region, c!["region"]!.GetValue<string>()));
        Assert.All(centres, c => Assert.NotEqual(c!["centre_id"]!.GetValue<string>(), c["centre_name"]!.GetValue<string>()));
        Assert.DoesNotContain(centres, c => c!["centre_id"]!.GetValue<string>() == otherCentre);

        // Refusals: another region, other roles, anonymous; bad filters; a year without campaign.
        Assert.Equal(HttpStatusCode.Forbidden, (await Get(ars, $"{Routes.Api.ReportCampaign}?year={Year}&region=94")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get(head, Routes.Api.ReportCampaign)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get(filiere, Routes.Api.ReportCampaign)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(anonymous, Routes.Api.ReportCampaign)).StatusCode);
        var bad = await JsonAsync(await Get(admin, $"{Routes.Api.ReportCampaign}?state=perdu"), HttpStatusCode.BadRequest, "bad state");
        Assert.Contains("not_started", bad["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await Get(admin, $"{Routes.Api.ReportCampaign}?page=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(admin, $"{Routes.Api.ReportCampaign}?year=1990")).StatusCode);

        // Reminders: the agency reminds its region's centres not yet submitted; recorded and audited; not twice a day.
        var notSubmitted = regional["counts"]!["not_started"]!.GetValue<int>() + regional["counts"]!["draft"]!.GetValue<int>();
        Assert.True(notSubmitted > 0);
        var audit = await app.AuditCountAsync();
        var refused = await ars.PostAsJsonAsync(new Uri(Routes.Api.ReportCampaignReminders, UriKind.Relative), new { year = Year, centre_ids = new[] { otherCentre } }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(audit, await app.AuditCountAsync());
        var sent = await JsonAsync(await ars.PostAsJsonAsync(new Uri(Routes.Api.ReportCampaignReminders, UriKind.Relative), new { year = Year }, Ct), HttpStatusCode.OK, "remind");
        Assert.Equal(notSubmitted, sent["sent"]!.GetValue<int>());
        Assert.Equal(audit + notSubmitted, await app.AuditCountAsync()); // one audit entry per reminder
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var today = DateOnly.FromDateTime(DateTime.Today);
            Assert.Equal(notSubmitted, await db.ReportReminders.CountAsync(r => r.Year == Year && r.Day == today && !r.Fictitious, Ct));
            Assert.Equal(notSubmitted, await db.Set<Notification>().Where(n => n.Reason == CampaignTracking.ReminderReason).Select(n => n.AudienceScopeId).Distinct().CountAsync(Ct));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "report_reminder", Ct));
        }
        var again = await JsonAsync(await admin.PostAsJsonAsync(new Uri(Routes.Api.ReportCampaignReminders, UriKind.Relative), new { year = Year, region }, Ct), HttpStatusCode.OK, "again");
        Assert.Equal(0, again["sent"]!.GetValue<int>());
        Assert.Equal(notSubmitted, again["skipped"]!.GetValue<int>());
        var after = await JsonAsync(await Get(ars, $"{Routes.Api.ReportCampaign}?year={Year}&state=not_started&page_size=1"), HttpStatusCode.OK, "after");
        Assert.Equal(notSubmitted, after["reminded_today"]!.GetValue<int>());
        Assert.True(after["centres"]!["items"]![0]!["reminded_today"]!.GetValue<bool>());
        // A year whose window has not opened: 422, nothing sent.
        var early = await JsonAsync(await admin.PostAsJsonAsync(new Uri(Routes.Api.ReportCampaignReminders, UriKind.Relative), new { year = DateTime.Today.Year }, Ct),
            HttpStatusCode.UnprocessableEntity, "early");
        Assert.Contains("pas de relance avant", early["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_campaign_page_shows_names_and_reminds_and_the_report_list_pages_in_the_database(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (region, _) = await DemoArsAsync(app);
        using var admin = await app.SignInAsync("admin");
        using var ars = await app.SignInAsync("ars-idf");
        using var head = await app.SignInAsync("responsable");
        using var anonymous = app.PageClient();

        // The list of reports: linked to the campaign for the ministry and the agency, paged (50 rows), sorted, filtered.
        var list = await admin.GetPageAsync(Routes.Pages.Reports + "?Year=2024");
        Assert.Contains($"href=\"{Routes.Pages.ReportCampaign}\"", list, StringComparison.Ordinal);
        Assert.True(list.Length < 200_000, $"{list.Length} characters");
        Assert.Equal(50, System.Text.RegularExpressions.Regex.Count(list, "<td>2024</td>"));
        Assert.Contains("fr-pagination", list, StringComparison.Ordinal);
        var past = await admin.GetPageAsync(Routes.Pages.Reports + "?Year=2024&page=99999");
        Assert.Contains("au-delà de la dernière", past, StringComparison.Ordinal);
        Assert.DoesNotContain(Routes.Pages.ReportCampaign, await head.GetPageAsync(Routes.Pages.Reports), StringComparison.Ordinal);
        var filtered = await admin.GetPageAsync(Routes.Pages.Reports + "?Year=2024&Status=validated&Sort=centre");
        Assert.DoesNotContain(">Transmis</span>", filtered, StringComparison.Ordinal);
        // Unknown type or sort on the page: the defaults (the API answers 400).
        await admin.GetPageAsync(Routes.Pages.Reports + "?Type=inconnu&Sort=nimporte");

        // The API list: paged with the registry's convention (page_size clamped at 1,000, page 0 → 400, past the last page → empty).
        using var api = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var first = await JsonAsync(await Get(api, $"{Routes.Api.Reports}?year=2024&page_size=5000"), HttpStatusCode.OK, "page_size 5000");
        Assert.Equal(1000, first["page_size"]!.GetValue<int>());
        var total = first["total"]!.GetValue<int>();
        var beyond = await JsonAsync(await Get(api, $"{Routes.Api.Reports}?year=2024&page=9999"), HttpStatusCode.OK, "beyond");
        Assert.Empty(beyond["items"]!.AsArray());
        Assert.Equal(total, beyond["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, (await Get(api, $"{Routes.Api.Reports}?page=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Get(api, $"{Routes.Api.Reports}?sort=poids")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Get(api, $"{Routes.Api.Reports}?order=travers")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Get(api, $"{Routes.Api.Reports}?type=hopital")).StatusCode);
        var ccmr = await JsonAsync(await Get(api, $"{Routes.Api.Reports}?year=2024&type=ccmr&sort=centre&order=desc&page_size=20"), HttpStatusCode.OK, "ccmr");
        var names = ccmr["items"]!.AsArray().Select(r => r!["centre_name"]!.GetValue<string>()).ToList();
        Assert.All(ccmr["items"]!.AsArray(), r => Assert.Equal("ccmr", r!["kind"]!.GetValue<string>()));
        Assert.Equal(20, names.Count);
        Assert.True(ccmr["total"]!.GetValue<int>() < total);
        var word = names[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).OrderByDescending(w => w.Length).First();
        var search = await JsonAsync(await Get(api, $"{Routes.Api.Reports}?year=2024&q={Uri.EscapeDataString(word)}"), HttpStatusCode.OK, "search");
        Assert.Contains(search["items"]!.AsArray(), r => r!["centre_name"]!.GetValue<string>() == names[0]);

        // The campaign page: the ministry sees every region, the agency its own by name; others are refused.
        var ministryPage = await admin.GetPageAsync(Routes.Pages.ReportCampaign + $"?Year={Year}");
        Assert.Contains($"Suivi de la campagne des rapports annuels {Year}", ministryPage, StringComparison.Ordinal);
        Assert.Contains("même point du calendrier", ministryPage, StringComparison.Ordinal);
        Assert.Contains("id=\"Region\"", ministryPage, StringComparison.Ordinal);
        string regionName;
        await using (var s = app.Services.CreateAsyncScope())
            regionName = await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Regions.Where(r => r.Code == region).Select(r => r.Name).SingleAsync(Ct);
        var arsPage = await ars.GetPageAsync(Routes.Pages.ReportCampaign + $"?Year={Year}");
        Assert.Contains(regionName, arsPage, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"Region\"", arsPage, StringComparison.Ordinal);
        using (var r = await head.GetAsync(new Uri(Routes.Pages.ReportCampaign, UriKind.Relative), Ct)) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await anonymous.GetAsync(new Uri(Routes.Pages.ReportCampaign, UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Contains(Routes.Pages.SignIn, r.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
        if (DateTime.Today < new DateTime(DateTime.Today.Year, 4, 1)) return;

        // Reminding through the page: the agency's button; a centre head posting the same form is refused and nothing is written.
        Assert.Contains(Routes.Pages.ReportCampaign + "/remind", arsPage, StringComparison.Ordinal);
        var audit = await app.AuditCountAsync();
        var headToken = HtmlForm.AntiforgeryToken(await head.GetPageAsync("/"));
        using (var r = await head.PostFormAsync(Routes.Pages.ReportCampaign + $"/remind?Year={Year}", [new(HtmlForm.AntiforgeryField, headToken)]))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal(audit, await app.AuditCountAsync());
        var arsToken = HtmlForm.AntiforgeryToken(arsPage);
        using (var r = await ars.PostFormAsync(Routes.Pages.ReportCampaign + $"/remind?Year={Year}", [new(HtmlForm.AntiforgeryField, arsToken)]))
        {
            var html = await r.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("relancés", html, StringComparison.Ordinal);
        }
        Assert.True(await app.AuditCountAsync() > audit);
        using (var r = await ars.PostFormAsync(Routes.Pages.ReportCampaign + $"/remind?Year={Year}", [new(HtmlForm.AntiforgeryField, arsToken)]))
        {
            var html = await r.Content.ReadAsStringAsync(Ct);
            Assert.Contains("0 centre relancé", html, StringComparison.Ordinal);
            Assert.Contains("Déjà relancé aujourd", html, StringComparison.Ordinal);
        }
    }
}
