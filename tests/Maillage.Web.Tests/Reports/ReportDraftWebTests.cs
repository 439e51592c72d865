using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Reports;

/// <summary>
/// Drafts that forgive, submissions that guard (issue 13 §4, docs/reports.md), through the API and the page on both
/// databases: a malformed DOI or figure is saved as typed with a warning per field, the rest of the draft is saved; a stale
/// save keeps the user's input; the checklist blocks an incomplete submission (422 with the checklist; the page's
/// confirmation screen); a submitted report reads as text; the PDF opens and names the centre.
/// </summary>
public sealed class ReportDraftWebTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(string Id, string Name, string OtherCentre)> HeadSiteAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var centreId = (await DemoAccounts.PlanAsync(db, Ct)).Single(a => a.UserName == "responsable").ScopeId!;
        var name = await db.Centres.Where(c => c.Id == centreId).Select(c => c.Name).SingleAsync(Ct);
        var other = await db.Centres.Where(x => x.Id != centreId && x.ClosedOn == null).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync(Ct);
        return (centreId, name, other);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage r, HttpStatusCode expected, string what)
    {
        var body = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == expected, $"{what}: {(int)r.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>A complete body, every required field valid, with <paramref name="doi"/> on its one publication.</summary>
    private static JsonObject Body(int year, string doi, int activePatients = 210) => new()
    {
        ["active_patients"] = activePatients, ["consultations"] = 330, ["day_hospital_stays"] = 50, ["full_hospital_stays"] = 10,
        ["expert_opinions"] = 10, ["rcp_organised"] = 0, ["rcp_attended"] = 3, ["etp_programmes"] = 1, ["pnds_written"] = 0, ["pnds_updated"] = 1,
        ["tele_expertise"] = 12, ["bndmr_entry"] = true, ["sigaps_points_4y"] = 420, ["du_diu_coordinated"] = 1, ["other_teaching"] = "DPC",
        ["association_conventions"] = 2, ["action_plan_revised"] = true,
        ["publications"] = new JsonArray(new JsonObject { ["title"] = "Étude de cohorte", ["journal"] = "Revue", ["year"] = year, ["doi"] = doi, ["pmid"] = null }),
        ["research_projects"] = new JsonArray(new JsonObject { ["title"] = "PHRC 1", ["year"] = year - 1, ["funder"] = "PHRC" }),
    };

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_api_saves_a_draft_with_a_bad_doi_as_typed_refuses_its_submission_with_the_checklist_and_serves_the_pdf(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (site, name, other) = await HeadSiteAsync(app);
        var year = DateTime.Today.Year;
        var url = $"{Routes.Api.Reports}/{site}/{year}";
        using var head = await app.ApiClientAsync(UserRole.CentreHead, site);
        using var otherHead = await app.ApiClientAsync(UserRole.CentreHead, other);
        using var anonymous = app.CreateClient();

        // Nothing saved yet: the checklist lists what is missing.
        var empty = await JsonAsync(await head.GetAsync(new Uri(url + "/checklist", UriKind.Relative), Ct), HttpStatusCode.OK, "checklist");
        Assert.False(empty["complete"]!.GetValue<bool>());
        Assert.Contains(empty["items"]!.AsArray(), i => i!["field"]!.GetValue<string>() == "sigaps_points_4y" && i["state"]!.GetValue<string>() == "missing");

        // A malformed DOI: the draft is saved (200), the DOI kept as typed with its warning, the other fields stored.
        var saved = await JsonAsync(await head.PutAsJsonAsync(new Uri(url, UriKind.Relative), Body(year, "10.abc/x"), Ct), HttpStatusCode.OK, "PUT bad DOI");
        Assert.True(saved["saved"]!.GetValue<bool>());
        Assert.Equal(210, saved["fields"]!["active_patients"]!.GetValue<int>());
        Assert.Equal("10.abc/x", saved["raw_fields"]!["publications[1].doi"]!.GetValue<string>());
        var warning = Assert.Single(saved["field_warnings"]!.AsArray())!;
        Assert.Equal("publications[1].doi", warning["field"]!.GetValue<string>());
        Assert.Contains("DOI « 10.abc/x » invalide", warning["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(saved["checklist"]!["complete"]!.GetValue<bool>());
        Assert.Contains(saved["checklist"]!["items"]!.AsArray(), i => i!["field"]!.GetValue<string>() == "publications" && i["state"]!.GetValue<string>() == "invalid");

        // Submitting stays strict: 422 with the checklist; nothing changes.
        var refused = await JsonAsync(await head.PostAsJsonAsync(new Uri(url + "/transitions", UriKind.Relative), new { action = "submit" }, Ct),
            HttpStatusCode.UnprocessableEntity, "submit with a bad DOI");
        Assert.NotNull(refused["errors"]!["publications"]);
        Assert.False(refused["checklist"]!["complete"]!.GetValue<bool>());
        Assert.Contains(refused["checklist"]!["items"]!.AsArray(), i => i!["field"]!.GetValue<string>() == "publications" && i["state"]!.GetValue<string>() == "invalid");
        Assert.Equal("draft", (await JsonAsync(await head.GetAsync(new Uri(url, UriKind.Relative), Ct), HttpStatusCode.OK, "GET"))["status"]!.GetValue<string>());

        // A bound is still a refusal: 16 publications.
        var sixteen = Body(year, "10.1000/a");
        sixteen["publications"] = new JsonArray(Enumerable.Range(0, 16).Select(_ => (JsonNode)new JsonObject { ["title"] = "T", ["year"] = year, ["doi"] = "10.1000/a" }).ToArray());
        var tooMany = await JsonAsync(await head.PutAsJsonAsync(new Uri(url, UriKind.Relative), sixteen, Ct), HttpStatusCode.UnprocessableEntity, "16 publications");
        Assert.NotNull(tooMany["errors"]!["publications"]);

        // Fixed: no warning, the checklist complete, the submission goes through.
        var fixedReport = await JsonAsync(await head.PutAsJsonAsync(new Uri(url, UriKind.Relative), Body(year, "10.1000/cohorte"), Ct), HttpStatusCode.OK, "PUT fixed");
        Assert.Empty(fixedReport["field_warnings"]!.AsArray());
        Assert.Empty(fixedReport["raw_fields"]!.AsObject());
        Assert.True(fixedReport["checklist"]!["complete"]!.GetValue<bool>());
        Assert.True((await JsonAsync(await head.GetAsync(new Uri(url + "/checklist", UriKind.Relative), Ct), HttpStatusCode.OK, "checklist"))["complete"]!.GetValue<bool>());
        var submitted = await JsonAsync(await head.PostAsJsonAsync(new Uri(url + "/transitions", UriKind.Relative), new { action = "submit" }, Ct), HttpStatusCode.OK, "submit");
        Assert.Equal("submitted", submitted["status"]!.GetValue<string>());

        // The PDF: a real PDF naming the centre; out of scope 403, anonymous 401, unknown centre 404.
        using var pdfResponse = await head.GetAsync(new Uri(url + "/pdf", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, pdfResponse.StatusCode);
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType?.MediaType);
        var pdf = await pdfResponse.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(PdfInspector.Inspect(pdf).IsPdf);
        var text = PdfText.All(pdf);
        Assert.Contains(name, text, StringComparison.Ordinal);
        Assert.Contains("10.1000/cohorte", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherHead.GetAsync(new Uri(url + "/pdf", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherHead.GetAsync(new Uri(url + "/checklist", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(url + "/pdf", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync(new Uri($"{Routes.Api.Reports}/NO-SUCH-SITE/{year}/pdf", UriKind.Relative), Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_page_keeps_an_invalid_doi_and_figure_as_typed_keeps_the_input_on_a_stale_save_confirms_the_submission_and_then_reads_as_text(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (site, name, _) = await HeadSiteAsync(app);
        var year = DateTime.Today.Year;
        var page = $"{Routes.Pages.Reports}/{site}/{year}";
        using var head = await app.SignInAsync("responsable");

        // Fill the form with a figure « douze » and a publication whose DOI is malformed, in the blank row.
        var form = HtmlForm.All(await head.GetPageAsync(page)).Single(f => f.Has("Input.ActivePatients"));
        Fill(form, year);
        form.Set("Input.ActivePatients", "douze");
        form.Set("Input.Publications[nouveau].Title", "Étude de cohorte").Set("Input.Publications[nouveau].Journal", "Revue")
            .Set("Input.Publications[nouveau].Year", year.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set("Input.Publications[nouveau].Doi", "10.abc/x");
        using (var r = await head.PostFormAsync(page, form.Fields))
            Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"save: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");

        // Reloaded: both values are still there, each with its warning next to it; the rest was saved.
        var html = await head.GetPageAsync(page);
        Assert.Contains("data-draft-warnings=\"2\"", html, StringComparison.Ordinal);
        Assert.Contains("« douze » n'est pas un nombre entier", Assert.Single(HtmlForm.FieldErrors(html, "Input.ActivePatients")), StringComparison.Ordinal);
        var reloaded = HtmlForm.All(html).Single(f => f.Has("Input.ActivePatients"));
        Assert.Equal("douze", reloaded["Input.ActivePatients"]);
        Assert.Equal("10.abc/x", reloaded["Input.Publications[0].Doi"]);
        Assert.Equal("330", reloaded["Input.Consultations"]);
        Assert.Contains("data-warning-for=\"Input.Publications[0].Doi\"", html, StringComparison.Ordinal);
        Assert.Contains("data-checklist-field=\"active_patients\" data-state=\"invalid\"", html, StringComparison.Ordinal);

        // The confirmation screen refuses to submit while the checklist is incomplete; a direct post is refused too.
        var confirm = await head.GetPageAsync(page + "/submit");
        Assert.Contains("data-confirm=\"blocked\"", confirm, StringComparison.Ordinal);
        var token = HtmlForm.AntiforgeryToken(confirm);
        using (var r = await head.PostFormAsync(page + "/submit", [new("Confirmed", "true"), new(HtmlForm.AntiforgeryField, token)]))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("File active", await r.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // Someone else saves in between: the head's next save is refused as stale and the page keeps what he typed.
        using (var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null))
        {
            var body = new JsonObject { ["active_patients"] = 99 };
            using var put = await admin.PutAsJsonAsync(new Uri($"{Routes.Api.Reports}/{site}/{year}", UriKind.Relative), body, Ct);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        reloaded.Set("Input.ActivePatients", "260").Set("Input.Publications[0].Doi", "10.1000/cohorte");
        using (var r = await head.PostFormAsync(page, reloaded.Fields))
        {
            var stale = await r.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("data-conflict=\"version\"", stale, StringComparison.Ordinal);
            var kept = HtmlForm.All(stale).Single(f => f.Has("Input.ActivePatients"));
            Assert.Equal("260", kept["Input.ActivePatients"]);
            Assert.Equal("10.1000/cohorte", kept.Fields.Single(f => f.Key.EndsWith("].Doi", StringComparison.Ordinal) && f.Value.Length > 0).Value);
            // Saved again deliberately, from the version the conflict showed.
            using var again = await head.PostFormAsync(page, kept.Fields);
            Assert.True(again.StatusCode == HttpStatusCode.Redirect, $"second save: {(int)again.StatusCode}");
        }

        // Complete: the confirmation screen offers the button; the confirmed submission locks the report.
        confirm = await head.GetPageAsync(page + "/submit");
        Assert.Contains("data-confirm=\"ready\"", confirm, StringComparison.Ordinal);
        var confirmForm = HtmlForm.All(confirm).Single(f => f.Has("Confirmed"));
        using (var r = await head.PostFormAsync(page + "/submit", confirmForm.Fields))
            Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"submit: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");

        // Submitted: text, not greyed inputs; the DOI is a link; the printable view and the PDF.
        var read = await head.GetPageAsync(page);
        Assert.Contains("data-report-status=\"submitted\"", read, StringComparison.Ordinal);
        Assert.Contains("data-report-readonly", read, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Input.ActivePatients\"", read, StringComparison.Ordinal);
        Assert.Contains("<dd data-field=\"active_patients\">260", read, StringComparison.Ordinal);
        Assert.Contains("href=\"https://doi.org/10.1000/cohorte\"", read, StringComparison.Ordinal);
        Assert.Contains("data-report-readonly", await head.GetPageAsync(page + "/impression"), StringComparison.Ordinal);
        using var pdf = await head.GetAsync(new Uri(page + "/pdf", UriKind.Relative), Ct);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Contains(name, PdfText.All(await pdf.Content.ReadAsByteArrayAsync(Ct)), StringComparison.Ordinal);
    }

    /// <summary>Every required field of the form, valid.</summary>
    private static void Fill(HtmlForm form, int year)
    {
        foreach (var (field, value) in new[]
        {
            ("ActivePatients", "210"), ("Consultations", "330"), ("DayHospitalStays", "50"), ("FullHospitalStays", "10"), ("EtpProgrammes", "1"),
            ("ExpertOpinions", "10"), ("RcpOrganised", "0"), ("RcpAttended", "3"), ("PndsWritten", "0"), ("PndsUpdated", "1"), ("TeleExpertise", "12"),
            ("BndmrEntry", "true"), ("SigapsPoints4y", "420"), ("DuDiuCoordinated", "1"), ("AssociationConventions", "2"), ("ActionPlanRevised", "true"),
        })
            form.Set("Input." + field, value);
        _ = year;
    }
}
