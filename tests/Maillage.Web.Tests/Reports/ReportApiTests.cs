using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Maillage.Core.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Reports;

/// <summary>
/// Annual reports through the API on both databases: prefill from measured activity and the 10 % flag, the whole
/// workflow with its refusals and scopes, the deadline, the stored compliance and the exception decision, the
/// lists and the dashboard, and the CSV/XLSX import/export round trip.
/// </summary>
public sealed class ReportApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Site(string Id, string LegalEntity, string Region, string Filiere, string OtherCentre);

    private static async Task<Site> ResponsableSiteAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var centreId = (await DemoAccounts.PlanAsync(db, Ct)).Single(a => a.UserName == "responsable").ScopeId!;
        var c = await db.Centres.Include(x => x.Network).Include(x => x.Establishment).ThenInclude(e => e!.Departement).SingleAsync(x => x.Id == centreId, Ct);
        var other = await db.Centres.Where(x => x.Id != centreId && x.ClosedOn == null).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync(Ct);
        return new Site(c.Id, c.Establishment!.LegalEntityFiness ?? c.EstablishmentFiness, c.Establishment.Departement!.RegionCode, c.Network!.FiliereAcronym, other);
    }

    private static async Task AddMeasuredAsync(MaillageFactory app, string centreId, int year)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var import = new ActivityImportRecord { ImportedAt = DateTimeOffset.UtcNow, ImportedBy = "test", FileName = "x.csv", Sha256 = new string('0', 64), RejectsByReason = "{}", Years = "" };
        db.ActivityImports.Add(import);
        await db.SaveChangesAsync(Ct);
        // The demo's first start may have measured this centre and year already (docs/demo-data.md): the test sets its own figures.
        db.ActivityIndicators.RemoveRange(db.ActivityIndicators.Where(a => a.CentreId == centreId && a.Year == year));
        db.ActivityIndicators.Add(new ActivityIndicatorRecord
        {
            CentreId = centreId, Year = year, ActivePatients = 200, Consultations = 300, DayHospitalStays = 50, FullHospitalStays = 10,
            BedsideOpinions = 4, FileOpinions = 6, RcpOrganised = 0, RcpNational = 3, ImportId = import.Id,
        });
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage r, HttpStatusCode expected, string what)
    {
        var body = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == expected, $"{what}: {(int)r.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static Task<HttpResponseMessage> Put(HttpClient c, string url, object body) => c.PutAsJsonAsync(new Uri(url, UriKind.Relative), body, Ct);
    private static Task<HttpResponseMessage> Post(HttpClient c, string url, object body) => c.PostAsJsonAsync(new Uri(url, UriKind.Relative), body, Ct);
    private static Task<HttpResponseMessage> Get(HttpClient c, string url) => c.GetAsync(new Uri(url, UriKind.Relative), Ct);

    private static JsonObject Fields(int activePatients, string? doi = "10.1000/abc", int? year = null) => Fields(activePatients, doi, year ?? DateTime.Today.Year);

    private static JsonObject Fields(int activePatients, string? doi, int year) => new()
    {
        ["active_patients"] = activePatients, ["consultations"] = 330, ["day_hospital_stays"] = 50, ["full_hospital_stays"] = 10,
        ["expert_opinions"] = 10, ["rcp_organised"] = 0, ["rcp_attended"] = 3, ["etp_programmes"] = 1, ["pnds_written"] = 0, ["pnds_updated"] = 1,
        ["tele_expertise"] = 12, ["bndmr_entry"] = true, ["sigaps_points_4y"] = 420, ["du_diu_coordinated"] = 1, ["other_teaching"] = "DPC",
        ["association_conventions"] = 2, ["action_plan_revised"] = true,
        ["publications"] = new JsonArray(new JsonObject { ["title"] = "Étude", ["journal"] = "Revue", ["year"] = year, ["doi"] = doi, ["pmid"] = null }),
        ["research_projects"] = new JsonArray(
            new JsonObject { ["title"] = "PHRC 1", ["year"] = year - 1, ["funder"] = "PHRC" },
            new JsonObject { ["title"] = "ANR 1", ["year"] = year - 3, ["funder"] = "ANR" }),
    };

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_report_goes_from_prefilled_draft_to_transmitted_with_every_refusal_scoped_and_audited(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var site = await ResponsableSiteAsync(app);
        var year = DateTime.Today.Year;
        var url = $"{Routes.Api.Reports}/{site.Id}/{year}";
        await AddMeasuredAsync(app, site.Id, year);
        using var head = await app.ApiClientAsync(UserRole.CentreHead, site.Id);
        using var otherHead = await app.ApiClientAsync(UserRole.CentreHead, site.OtherCentre);
        using var direction = await app.ApiClientAsync(UserRole.Establishment, site.LegalEntity);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var ars = await app.ApiClientAsync(UserRole.RegionalAgency, site.Region);
        using var otherArs = await app.ApiClientAsync(UserRole.RegionalAgency, site.Region == "94" ? "11" : "94");
        using var filiere = await app.ApiClientAsync(UserRole.FiliereCoordinator, site.Filiere);
        using var anonymous = app.CreateClient();

        // Prefill: an unsaved draft carries the measured activity, nothing flagged.
        var draft = await JsonAsync(await Get(head, url), HttpStatusCode.OK, "GET draft");
        Assert.False(draft["saved"]!.GetValue<bool>());
        Assert.Equal("draft", draft["status"]!.GetValue<string>());
        Assert.Equal(200, draft["fields"]!["active_patients"]!.GetValue<int>());
        Assert.Equal(10, draft["fields"]!["expert_opinions"]!.GetValue<int>());
        Assert.All(draft["comparison"]!.AsArray(), c => Assert.False(c!["flagged"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(anonymous, url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get(ars, url)).StatusCode);

        // The 10 % boundary on saved figures: 220 for 200 measured is exactly 10 %, not flagged; 221 is.
        var saved = await JsonAsync(await Put(head, url, Fields(220)), HttpStatusCode.OK, "PUT 220");
        Assert.False(Flag(saved, "active_patients"));
        Assert.False(Flag(saved, "consultations")); // 330 declared for 300 measured: exactly 10 %, not flagged
        saved = await JsonAsync(await Put(head, url, Fields(221)), HttpStatusCode.OK, "PUT 221");
        Assert.True(Flag(saved, "active_patients"));
        Assert.True(saved["funded_pi_projects_5y"] is not null, saved.ToJsonString());
        Assert.Equal(2, saved["funded_pi_projects_5y"]!.GetValue<int>());
        Assert.NotNull(saved["verdict"]!.GetValue<string>());
        // Six findings, plus bndmr (the report declares the BNDMR entry) and verified_active_patients (an extract measured
        // 200 patients for this centre and year): the measured file active verifies the declared one against the same minimum.
        var byCriterion = saved["findings"]!.AsArray().ToDictionary(f => f!["criterion"]!.GetValue<string>(), f => f!);
        Assert.Equal(8, byCriterion.Count);
        Assert.Equal("met", byCriterion["bndmr"]["status"]!.GetValue<string>());
        Assert.Equal("met", byCriterion["verified_active_patients"]["status"]!.GetValue<string>());
        Assert.Equal("200", byCriterion["verified_active_patients"]["actual"]!.GetValue<string>());

        // A malformed DOI does not block the draft: it is kept as typed with a warning naming the field (issue 13 §4); the
        // submission stays strict (ReportDraftWebTests). Out-of-scope writers are refused; nothing is written.
        var bad = await JsonAsync(await Put(head, url, Fields(221, doi: "pas-un-doi")), HttpStatusCode.OK, "PUT bad DOI");
        Assert.Equal("publications[1].doi", Assert.Single(bad["field_warnings"]!.AsArray())!["field"]!.GetValue<string>());
        Assert.Equal("pas-un-doi", bad["raw_fields"]!["publications[1].doi"]!.GetValue<string>());
        await JsonAsync(await Put(head, url, Fields(221)), HttpStatusCode.OK, "PUT fixed DOI");
        Assert.Equal(HttpStatusCode.Forbidden, (await Put(otherHead, url, Fields(221))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Put(ars, url, Fields(221))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Put(anonymous, url, Fields(221))).StatusCode);

        // Workflow: only the head submits, only the direction validates and transmits, only the ministry reopens.
        var t = url + "/transitions";
        var refused = await JsonAsync(await Post(direction, t, new { action = "submit" }), HttpStatusCode.Forbidden, "direction submits");
        Assert.Equal("Seul le responsable du centre peut soumettre le rapport.", refused["detail"]!.GetValue<string>());
        refused = await JsonAsync(await Post(direction, t, new { action = "validate" }), HttpStatusCode.UnprocessableEntity, "validate a draft");
        Assert.Contains("seul un rapport soumis peut être validé", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("submitted", (await JsonAsync(await Post(head, t, new { action = "submit" }), HttpStatusCode.OK, "submit"))["status"]!.GetValue<string>());
        refused = await JsonAsync(await Put(head, url, Fields(200)), HttpStatusCode.UnprocessableEntity, "edit a submitted report");
        Assert.Contains("n'est plus modifiable", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(head, t, new { action = "validate" })).StatusCode);
        Assert.Equal("validated", (await JsonAsync(await Post(direction, t, new { action = "validate" }), HttpStatusCode.OK, "validate"))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await Get(ars, url)).StatusCode);
        Assert.Equal("transmitted", (await JsonAsync(await Post(direction, t, new { action = "transmit" }), HttpStatusCode.OK, "transmit"))["status"]!.GetValue<string>());

        // Transmitted: the region's agency and the filière read it; another region does not.
        Assert.Equal(HttpStatusCode.OK, (await Get(ars, url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get(filiere, url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get(otherArs, url)).StatusCode);
        Assert.Contains((await JsonAsync(await Get(ars, $"{Routes.Api.Reports}?year={year}&centre_id={site.Id}"), HttpStatusCode.OK, "ARS list"))["items"]!.AsArray(), r => r!["centre_id"]!.GetValue<string>() == site.Id);
        Assert.DoesNotContain((await JsonAsync(await Get(otherArs, $"{Routes.Api.Reports}?year={year}&centre_id={site.Id}"), HttpStatusCode.OK, "other ARS list"))["items"]!.AsArray(), r => r!["centre_id"]!.GetValue<string>() == site.Id);

        // Reopening: the ministry only, with a reason.
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(direction, t, new { action = "reopen", reason = "x" })).StatusCode);
        var noReason = await JsonAsync(await Post(admin, t, new { action = "reopen", reason = " " }), HttpStatusCode.UnprocessableEntity, "reopen without reason");
        Assert.NotNull(noReason["errors"]!["reason"]);
        var reopened = await JsonAsync(await Post(admin, t, new { action = "reopen", reason = "Chiffres à corriger" }), HttpStatusCode.OK, "reopen");
        Assert.Equal("draft", reopened["status"]!.GetValue<string>());
        Assert.Equal("Chiffres à corriger", reopened["last_reason"]!.GetValue<string>());

        // The compliance of the stored report: one finding per criterion, each with its rule and source — bndmr (declared)
        // and verified_active_patients (measured activity exists) included, since their input is known.
        var compliance = await JsonAsync(await Get(head, url + "/compliance"), HttpStatusCode.OK, "compliance");
        Assert.Equal($"{year}-12-31", compliance["as_of"]!.GetValue<string>());
        Assert.Equal(["cs_hdj", "active_patients", "floor_25", "research", "head_status", "head_age", "bndmr", "verified_active_patients"],
            compliance["findings"]!.AsArray().Select(f => f!["criterion"]!.GetValue<string>()));
        Assert.All(compliance["findings"]!.AsArray(), f => Assert.False(string.IsNullOrEmpty(f!["source"]!.GetValue<string>())));

        // Everything was audited under the report's id.
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var audit = await db.AuditEntries.Where(a => a.Entity == "annual_report" && a.EntityId == $"{site.Id}/{year}").ToListAsync(Ct);
        Assert.True(audit.Count >= 6, $"{audit.Count} audit entries");
        Assert.Contains(audit, a => a.After?.Contains("\"Status\":\"Transmitted\"", StringComparison.Ordinal) == true);
    }

    private static bool Flag(JsonNode report, string field) =>
        report["comparison"]!.AsArray().Single(c => c!["field"]!.GetValue<string>() == field)!["flagged"]!.GetValue<bool>();

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Submission_after_the_window_is_accepted_with_a_warning_and_an_accepted_exception_changes_the_verdict(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var site = await ResponsableSiteAsync(app);
        using var head = await app.ApiClientAsync(UserRole.CentreHead, site.Id);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var direction = await app.ApiClientAsync(UserRole.Establishment, site.LegalEntity);

        // A year at least N−2 (its reporting window, to 30 June of the next year, has closed) without a demo report. The
        // 31 March date is the end of BaMaRa data entry, not the report's deadline (DGOS, présentation maladies rares du
        // 7 avril 2022, « Questions concernant la relabellisation en mai 2022 (PEMR Paris Nord) »): a late submission is
        // accepted with a warning, the ministry decides.
        var past = Enumerable.Range(2, 3).Select(k => DateTime.Today.Year - k).First(y => y != Core.Demo.DemoReports.Year);
        var url = $"{Routes.Api.Reports}/{site.Id}/{past}";
        var draft = await JsonAsync(await Put(head, url, Fields(220, year: past)), HttpStatusCode.OK, "draft of a past year");
        Assert.Equal($"{past + 1}-03-31", draft["data_entry_cutoff"]!.GetValue<string>());
        Assert.Equal($"{past + 1}-04-01", draft["report_window_opens"]!.GetValue<string>());
        Assert.Equal($"{past + 1}-06-30", draft["deadline"]!.GetValue<string>());
        Assert.True(draft["deadline_passed"]!.GetValue<bool>());
        Assert.Contains("submit", draft["allowed_actions"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Contains($"30 juin {past + 1}", Assert.Single(draft["warnings"]!.AsArray())!.GetValue<string>(), StringComparison.Ordinal);
        var late = await JsonAsync(await Post(head, url + "/transitions", new { action = "submit" }), HttpStatusCode.OK, "late submit");
        Assert.Equal("submitted", late["status"]!.GetValue<string>());
        Assert.True(late["submitted_late"]!.GetValue<bool>());
        Assert.Contains($"30 juin {past + 1}", Assert.Single(late["warnings"]!.AsArray())!.GetValue<string>(), StringComparison.Ordinal);
        // The report page shows the same warning and both dates.
        var headUser = await app.CreateUserAsync(UserRole.CentreHead, site.Id);
        using (var page = await app.SignInAsync(headUser.UserName!, TestUsers.Password))
        {
            var html = await page.GetPageAsync($"{Routes.Pages.Reports}/{site.Id}/{past}");
            Assert.Contains("data-report-warning=\"late\"", html, StringComparison.Ordinal);
            Assert.Contains($"30 juin {past + 1}", html, StringComparison.Ordinal);
            Assert.Contains("data-calendar=\"data-entry-cutoff\"", html, StringComparison.Ordinal);
        }

        // A constitutive site of 2024 below its activity thresholds (but above the floor, head eligible): reopen, claim, accept.
        string constitutive;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var candidates = await db.AnnualReports.AsNoTracking().Where(r => r.Year == 2024 && r.Verdict == "non_compliant").ToListAsync(Ct);
            var constitutives = await db.Centres.Where(c => c.Role == SiteRole.Constitutive).Select(c => c.Id).ToListAsync(Ct);
            constitutive = candidates.Where(r => constitutives.Contains(r.CentreId)).Select(r => (r, f: Core.Features.Reports.ReportJson.Findings(r)))
                .Where(x => x.f.Where(f => f.Status == "not_met").All(f => f.Criterion is "cs_hdj" or "active_patients")
                    && x.f.All(f => f.Status is not "missing"))
                .Select(x => x.r.CentreId).Order(StringComparer.Ordinal).First();
        }
        var curl = $"{Routes.Api.Reports}/{constitutive}/2024";
        var before = await JsonAsync(await Get(admin, curl), HttpStatusCode.OK, "constitutive 2024");
        Assert.Equal("non_compliant", before["verdict"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Post(admin, curl + "/transitions", new { action = "reopen", reason = "Exception à instruire" })).StatusCode);
        var fields = before["fields"]!.DeepClone().AsObject();
        fields["claimed_exception"] = "prevalence_ratio";
        fields["exception_justification"] = null;
        // The draft keeps a claim without justification, with a warning; the checklist marks the justification missing.
        var missing = await JsonAsync(await Put(admin, curl, fields), HttpStatusCode.OK, "claim without justification");
        Assert.Equal("exception_justification", Assert.Single(missing["field_warnings"]!.AsArray())!["field"]!.GetValue<string>());
        Assert.Contains(missing["checklist"]!["items"]!.AsArray(), i => i!["field"]!.GetValue<string>() == "exception_justification" && i["state"]!.GetValue<string>() == "missing");
        fields["exception_justification"] = "Maladie très rare : file active élevée au regard de la prévalence.";
        Assert.Equal(HttpStatusCode.OK, (await Put(admin, curl, fields)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Put(direction, curl + "/exception", new { accept = true, note = "ok" })).StatusCode);
        var noNote = await JsonAsync(await Put(admin, curl + "/exception", new { accept = true, note = "" }), HttpStatusCode.UnprocessableEntity, "accept without text");
        Assert.NotNull(noNote["errors"]!["note"]);
        var accepted = await JsonAsync(await Put(admin, curl + "/exception", new { accept = true, note = "Ratio justifié par le dossier." }), HttpStatusCode.OK, "accept");
        Assert.Equal("compliant_with_exception", accepted["verdict"]!.GetValue<string>());
        Assert.True(accepted["exception"]!["accepted"]!.GetValue<bool>());
        Assert.Contains(accepted["findings"]!.AsArray(), f => f!["status"]!.GetValue<string>() == "exception");
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Export_then_import_changes_nothing_and_a_bad_file_is_refused_whole_with_file_line_and_field(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        foreach (var format in new[] { "csv", "xlsx" })
        {
            using var export = await Get(admin, $"{Routes.Api.Reports}/export?format={format}&year=2024");
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            var bytes = await export.Content.ReadAsByteArrayAsync(Ct);
            var audit = await app.AuditCountAsync();
            var result = await JsonAsync(await Upload(admin, "rapports." + format, bytes), HttpStatusCode.OK, "re-import " + format);
            Assert.True(result["rows"]!.GetValue<int>() > 100);
            Assert.Equal(result["rows"]!.GetValue<int>(), result["unchanged"]!.GetValue<int>());
            Assert.Equal(0, result["updated"]!.GetValue<int>() + result["created"]!.GetValue<int>());
            Assert.Equal(audit, await app.AuditCountAsync());
        }

        // A file with one good row (a new draft) and one bad row: nothing is applied, the error is located.
        var site = await ResponsableSiteAsync(app);
        var year = DateTime.Today.Year;
        var csv = "centre_id;year;active_patients;consultations;publications\n"
            + $"{site.Id};{year};150;300;\n"
            + $"{site.OtherCentre};{year};douze;300;\n";
        var before = await app.AuditCountAsync();
        var failed = await JsonAsync(await Upload(admin, "lot.csv", Encoding.UTF8.GetBytes(csv)), HttpStatusCode.UnprocessableEntity, "bad import");
        var error = failed["errors"]!.AsArray().Single()!;
        Assert.Equal("lot.csv", error["file"]!.GetValue<string>());
        Assert.Equal(3, error["line"]!.GetValue<int>());
        Assert.Equal("active_patients", error["column"]!.GetValue<string>());
        Assert.Equal(before, await app.AuditCountAsync());

        // The good file creates the draft once; importing it again changes nothing.
        var good = "centre_id;year;active_patients;consultations\n" + $"{site.Id};{year};150;300\n";
        var first = await JsonAsync(await Upload(admin, "lot.csv", Encoding.UTF8.GetBytes(good)), HttpStatusCode.OK, "good import");
        Assert.Equal(1, first["created"]!.GetValue<int>());
        var afterFirst = await app.AuditCountAsync();
        var again = await JsonAsync(await Upload(admin, "lot.csv", Encoding.UTF8.GetBytes(good)), HttpStatusCode.OK, "import again");
        Assert.Equal(1, again["unchanged"]!.GetValue<int>());
        Assert.Equal(afterFirst, await app.AuditCountAsync());

        // Out of scope: a centre head importing another centre's report gets 403 and nothing changes.
        using var head = await app.ApiClientAsync(UserRole.CentreHead, site.Id);
        var other = "centre_id;year;active_patients\n" + $"{site.OtherCentre};{year};99\n";
        Assert.Equal(HttpStatusCode.Forbidden, (await Upload(head, "autre.csv", Encoding.UTF8.GetBytes(other))).StatusCode);
        Assert.Equal(afterFirst, await app.AuditCountAsync());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_dashboard_counts_the_official_demo_reports_by_year_filiere_and_region(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var d = await JsonAsync(await Get(admin, Routes.Api.Compliance + "/dashboard?year=2024"), HttpStatusCode.OK, "dashboard");
        var list = await AllPagesAsync(admin, Routes.Api.Reports + "?year=2024");
        var trend = d["trend"]!.AsArray().Single(t => t!["year"]!.GetValue<int>() == 2024)!;
        Assert.Equal(list.Count, trend["total"]!.GetValue<int>());
        var nonCompliant = list.Count(r => r!["verdict"]!.GetValue<string>() == "non_compliant");
        Assert.True(nonCompliant > 0 && nonCompliant < list.Count / 2, $"{nonCompliant} of {list.Count}");
        Assert.Equal(nonCompliant, trend["non_compliant"]!.GetValue<int>());
        Assert.Equal(nonCompliant, d["by_region"]!.AsArray().Sum(g => g!["non_compliant"]!.GetValue<int>()));
        Assert.Equal(nonCompliant, d["non_compliant"]!.AsArray().Count);
        Assert.All(list, r => Assert.True(r!["fictitious"]!.GetValue<bool>()));
        Assert.NotEmpty(d["insufficient_activity"]!.AsArray());

        // A region filter keeps only that region's sites.
        var idf = await JsonAsync(await Get(admin, Routes.Api.Compliance + "/dashboard?year=2024&region=11"), HttpStatusCode.OK, "dashboard IDF");
        Assert.All(idf["by_region"]!.AsArray(), g => Assert.Equal("11", g!["key"]!.GetValue<string>()));

        // The network level: non-compliant sites per CRMR network (its sites, and the CCMR/CRC attached), and a network filter.
        var byNetwork = d["by_network"]!.AsArray();
        Assert.NotEmpty(byNetwork);
        var worst = byNetwork[0]!;
        Assert.True(worst["non_compliant"]!.GetValue<int>() > 0);
        var one = await JsonAsync(await Get(admin, $"{Routes.Api.Compliance}/dashboard?year=2024&network={worst["key"]!.GetValue<string>()}"), HttpStatusCode.OK, "dashboard network");
        Assert.Equal(worst["non_compliant"]!.GetValue<int>(), one["non_compliant"]!.AsArray().Count);
        Assert.Equal(worst["total"]!.GetValue<int>(), one["trend"]!.AsArray().Single(t => t!["year"]!.GetValue<int>() == 2024)!["total"]!.GetValue<int>());
        using var export = await Get(admin, Routes.Api.Compliance + "/dashboard/export?format=csv&year=2024");
        var csv = await export.Content.ReadAsStringAsync(Ct);
        // One line per stored finding: the six criteria, plus bndmr and verified_active_patients where their input is known.
        int findings;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            findings = (await db.AnnualReports.AsNoTracking().Where(r => r.Year == 2024).ToListAsync(Ct)).Sum(r => Core.Features.Reports.ReportJson.Findings(r).Count);
        }
        Assert.InRange(findings, list.Count * 6, list.Count * 8);
        Assert.Equal(findings + 1, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, string name, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", name);
        return await client.PostAsync(new Uri(Routes.Api.Reports + "/import", UriKind.Relative), form, Ct);
    }

    /// <summary>Every item of a paged list (<c>page_size</c> at its maximum), checking that the pages add up to the total.</summary>
    internal static async Task<List<JsonNode?>> AllPagesAsync(HttpClient client, string url)
    {
        var items = new List<JsonNode?>();
        for (var page = 1; ; page++)
        {
            var body = await JsonAsync(await Get(client, $"{url}&page={page}&page_size=1000"), HttpStatusCode.OK, $"page {page}");
            var chunk = body["items"]!.AsArray();
            items.AddRange(chunk.Select(x => x?.DeepClone()));
            if (chunk.Count == 0 || items.Count >= body["total"]!.GetValue<int>()) { Assert.Equal(body["total"]!.GetValue<int>(), items.Count); return items; }
        }
    }
}
