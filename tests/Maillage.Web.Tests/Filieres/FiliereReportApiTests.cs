using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Filieres;

/// <summary>
/// A filière's activity through the API and the pages on both databases (docs/filieres-reports.md): the annual report's
/// workflow (the centres' state machine with subject « filière », the campaign's deadline), who reads it at each status
/// (note d'information DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §2 « Evaluation » : ARS of the host for information,
/// DGOS for regulation and publication), the action plan's bounds, the census's bounds and scopes, stale versions.
/// </summary>
public sealed class FiliereReportApiTests
{
    private const string Filiere = "CARDIOGEN";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage r, HttpStatusCode expected, string what)
    {
        var body = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == expected, $"{what}: {(int)r.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static async Task<HttpResponseMessage> Send(HttpClient c, HttpMethod method, string url, object? body = null, int? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (body is not null) request.Content = JsonContent.Create(body);
        if (ifMatch is { } v) request.Headers.TryAddWithoutValidation("If-Match", $"\"{v}\"");
        return await c.SendAsync(request, Ct);
    }

    private static async Task<(string HostRegion, string OtherFiliere, string OwnNetwork, string ForeignNetwork)> FactsAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var f = await db.Filieres.Include(x => x.Host).ThenInclude(h => h!.Departement).SingleAsync(x => x.Acronym == Filiere, Ct);
        var other = await db.Filieres.Where(x => x.Acronym != Filiere).OrderBy(x => x.Acronym).Select(x => x.Acronym).FirstAsync(Ct);
        var own = await db.Networks.Where(n => n.FiliereAcronym == Filiere).OrderBy(n => n.Id).Select(n => n.Id).FirstAsync(Ct);
        var foreign = await db.Networks.Where(n => n.FiliereAcronym != Filiere).OrderBy(n => n.Id).Select(n => n.Id).FirstAsync(Ct);
        return (f.Host!.Departement!.RegionCode, other, own, foreign);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_filiere_report_goes_from_draft_to_received_with_its_readers_at_each_status_and_stale_writes_refused(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var facts = await FactsAsync(app);
        var year = DateTime.Today.Year;
        var url = $"{Routes.Api.Filieres}/{Filiere}/reports/{year}";
        using var coordinator = await app.ApiClientAsync(UserRole.FiliereCoordinator, Filiere);
        using var otherCoordinator = await app.ApiClientAsync(UserRole.FiliereCoordinator, facts.OtherFiliere);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var hostArs = await app.ApiClientAsync(UserRole.RegionalAgency, facts.HostRegion);
        using var otherArs = await app.ApiClientAsync(UserRole.RegionalAgency, facts.HostRegion == "11" ? "94" : "11");
        using var anonymous = app.CreateClient();

        var draft = await JsonAsync(await Send(coordinator, HttpMethod.Get, url), HttpStatusCode.OK, "GET draft");
        Assert.False(draft["saved"]!.GetValue<bool>());
        Assert.Equal(["save"], draft["allowed_actions"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(anonymous, HttpMethod.Get, url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(otherCoordinator, HttpMethod.Get, url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(hostArs, HttpMethod.Get, url)).StatusCode);

        // Writers: the coordinator of this filière and the ministry; the text bound is 4,000 characters, 4,001 is refused.
        var audit = await app.AuditCountAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(otherCoordinator, HttpMethod.Put, url, new { coordination = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(hostArs, HttpMethod.Put, url, new { coordination = "x" })).StatusCode);
        var tooLong = await JsonAsync(await Send(coordinator, HttpMethod.Put, url, new { coordination = new string('a', 4001) }, 0), HttpStatusCode.UnprocessableEntity, "PUT 4001");
        Assert.NotNull(tooLong["errors"]!["coordination"]);
        Assert.Equal(audit, await app.AuditCountAsync());
        var saved = await JsonAsync(await Send(coordinator, HttpMethod.Put, url, new { coordination = new string('a', 4000), research = "Projets" }, 0), HttpStatusCode.OK, "PUT 4000");
        Assert.Equal(1, saved["version"]!.GetValue<int>());
        Assert.Equal(4000, saved["texts"]!["coordination"]!.GetValue<string>().Length);
        Assert.True(await app.AuditCountAsync() > audit);
        saved = await JsonAsync(await Send(admin, HttpMethod.Put, url, new { coordination = "Animation", research = "Projets" }, 1), HttpStatusCode.OK, "PUT admin");
        Assert.Equal(2, saved["version"]!.GetValue<int>());
        // A write from version 1 after the ministry's change is stale: refused, the text kept as the ministry left it.
        var stale = await Send(coordinator, HttpMethod.Put, url, new { coordination = "Écrase" }, 1);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("Animation", (await JsonAsync(await Send(coordinator, HttpMethod.Get, url), HttpStatusCode.OK, "GET after stale"))["texts"]!["coordination"]!.GetValue<string>());

        // Submit: the coordinator only; then the host's ARS reads it, another ARS and the public do not yet.
        var transitions = url + "/transitions";
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(admin, HttpMethod.Post, transitions, new { action = "submit" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(coordinator, HttpMethod.Post, transitions, new { action = "validate_all" })).StatusCode);
        // A draft cannot be marked received (a rule of the workflow: 422, whoever asks).
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Send(admin, HttpMethod.Post, transitions, new { action = "mark_received" })).StatusCode);
        var submitted = await JsonAsync(await Send(coordinator, HttpMethod.Post, transitions, new { action = "submit" }, 2), HttpStatusCode.OK, "submit");
        Assert.Equal("submitted", submitted["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Send(coordinator, HttpMethod.Put, url, new { coordination = "après" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(hostArs, HttpMethod.Get, url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(otherArs, HttpMethod.Get, url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(anonymous, HttpMethod.Get, url)).StatusCode);

        // Received by the ministry: locked and public.
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(coordinator, HttpMethod.Post, transitions, new { action = "mark_received" })).StatusCode);
        var received = await JsonAsync(await Send(admin, HttpMethod.Post, transitions, new { action = "mark_received" }), HttpStatusCode.OK, "mark_received");
        Assert.Equal("received", received["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Send(anonymous, HttpMethod.Get, url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(otherArs, HttpMethod.Get, url)).StatusCode);
        Assert.Contains(year, (await JsonAsync(await Send(anonymous, HttpMethod.Get, $"{Routes.Api.Filieres}/{Filiere}/reports"), HttpStatusCode.OK, "list"))
            .AsArray().Select(r => r!["year"]!.GetValue<int>()));

        // Reopening: the ministry, with a reason.
        var noReason = await JsonAsync(await Send(admin, HttpMethod.Post, transitions, new { action = "reopen" }), HttpStatusCode.UnprocessableEntity, "reopen without reason");
        Assert.NotNull(noReason["errors"]!["reason"]);
        var reopened = await JsonAsync(await Send(admin, HttpMethod.Post, transitions, new { action = "reopen", reason = "Compléter la mission données" }), HttpStatusCode.OK, "reopen");
        Assert.Equal("draft", reopened["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(anonymous, HttpMethod.Get, url)).StatusCode);

        // After the campaign's deadline a past year's draft is still accepted (issue 12 §1, report calendar: the ministry
        // decides), and the answer says the deadline has passed.
        var pastUrl = $"{Routes.Api.Filieres}/{facts.OtherFiliere}/reports/2023";
        using var pastCoordinator = await app.ApiClientAsync(UserRole.FiliereCoordinator, facts.OtherFiliere);
        await JsonAsync(await Send(pastCoordinator, HttpMethod.Put, pastUrl, new { coordination = "Tardif" }), HttpStatusCode.OK, "PUT past");
        var late = await JsonAsync(await Send(pastCoordinator, HttpMethod.Post, pastUrl + "/transitions", new { action = "submit" }), HttpStatusCode.OK, "late submit");
        Assert.Equal("submitted", late["status"]!.GetValue<string>());
        Assert.True(late["deadline_passed"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await Send(admin, HttpMethod.Get, $"{Routes.Api.Filieres}/{Filiere}/reports/2010")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(admin, HttpMethod.Get, $"{Routes.Api.Filieres}/INCONNUE/reports/{year}")).StatusCode);

        // The page: the public reads the received demo report; the coordinator sees the form of the draft.
        using var publicPages = app.PageClient();
        var page = await publicPages.GetPageAsync($"/filieres/{Filiere}/rapport/2023");
        Assert.Contains("data-report-status=\"received\"", page, StringComparison.Ordinal);
        using var coordinatorPages = await app.SignInAsync("filiere-cardiogen");
        var form = HtmlForm.All(await coordinatorPages.GetPageAsync($"/filieres/{Filiere}/rapport/2025")).Single(f => f.Has("Texts[coordination]"));
        form.Set("Texts[data]", "Entrepôt de données");
        using (var r = await coordinatorPages.PostFormAsync($"/filieres/{Filiere}/rapport/2025", form.Fields))
            Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"page save: {(int)r.StatusCode}");
        Assert.Contains("Entrepôt de données", await coordinatorPages.GetPageAsync($"/filieres/{Filiere}/rapport/2025"), StringComparison.Ordinal);
        using var arsPages = await app.SignInAsync("ars-idf");
        using (var g = await arsPages.GetAsync(new Uri($"/filieres/{Filiere}/rapport/2025", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, g.StatusCode);
        Assert.Contains($"/filieres/{Filiere}/plan-actions", await publicPages.GetPageAsync($"/filieres/{Filiere}"), StringComparison.Ordinal);

        // The public list shows the received 2023 report, not the submitted 2024 one.
        var list = await publicPages.GetPageAsync($"/filieres/{Filiere}/rapports");
        Assert.Contains("data-year=\"2023\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain("data-year=\"2024\"", list, StringComparison.Ordinal);

        // A stale page save keeps the user's text and says so; nothing is overwritten.
        var old = HtmlForm.All(await coordinatorPages.GetPageAsync($"/filieres/{Filiere}/rapport/2025")).Single(f => f.Has("Texts[coordination]"));
        form = HtmlForm.All(await coordinatorPages.GetPageAsync($"/filieres/{Filiere}/rapport/2025")).Single(f => f.Has("Texts[coordination]"));
        form.Set("Texts[ern]", "Premier enregistrement");
        using (var r = await coordinatorPages.PostFormAsync($"/filieres/{Filiere}/rapport/2025", form.Fields))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        old.Set("Texts[ern]", "Second, depuis une version périmée");
        using (var r = await coordinatorPages.PostFormAsync($"/filieres/{Filiere}/rapport/2025", old.Fields))
        {
            var html = await r.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("data-conflict=\"version\"", html, StringComparison.Ordinal);
            Assert.Contains("Second, depuis une version périmée", html, StringComparison.Ordinal);
        }
        Assert.Contains("Premier enregistrement", await coordinatorPages.GetPageAsync($"/filieres/{Filiere}/rapport/2025"), StringComparison.Ordinal);

        // Every writing handler of the three pages: anonymous → sign-in, scoped demo accounts other than the filière's → 403, nothing written.
        var before = await app.AuditCountAsync();
        var posts = new (string Url, KeyValuePair<string, string>[] Fields)[]
        {
            ($"/filieres/{Filiere}/rapport/2025", [new("Texts[coordination]", "intrus"), new("Version", "0")]),
            ($"/filieres/{Filiere}/rapport/2024/submit", [new("Version", "1")]),
            ($"/filieres/{Filiere}/rapport/2024/markreceived", [new("Version", "1")]),
            ($"/filieres/{Filiere}/rapport/2023/reopen", [new("Version", "1"), new("Reason", "intrus")]),
            ($"/filieres/{Filiere}/plan-actions", [new("Input.Title", "intrus"), new("Input.Mission", "data"), new("Input.Owner", "x"), new("Input.Status", "planned"), new("Input.PlanStart", "2025")]),
            ($"/filieres/{Filiere}/plan-actions/review", [new("ActionId", $"PA-{Filiere}-001"), new("ReviewYear", "2025"), new("ReviewStatus", "done"), new("Version", "1")]),
            ($"/filieres/{Filiere}/recensement/training", [new("Kind", "du"), new("Title", "intrus"), new("Year", "2025")]),
            ($"/filieres/{Filiere}/recensement/laboratory", [new("Kind", "research"), new("Title", "intrus"), new("Establishment", "x")]),
            ($"/filieres/{Filiere}/recensement/registry", [new("NetworkId", facts.OwnNetwork), new("Kind", "cohort"), new("Title", "intrus")]),
            ($"/filieres/{Filiere}/recensement/delete", [new("LineId", $"LAB-{Filiere}-001"), new("Version", "1")]),
        };
        var anonymousToken = HtmlForm.AntiforgeryToken(await publicPages.GetPageAsync(Routes.Pages.SignIn));
        foreach (var (postUrl, fields) in posts)
        {
            using var r = await publicPages.PostFormAsync(postUrl, fields.Append(new(HtmlForm.AntiforgeryField, anonymousToken)));
            Assert.True(r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.ToString().Contains(Routes.Pages.SignIn, StringComparison.Ordinal) == true,
                $"anonymous {postUrl}: {(int)r.StatusCode} {r.Headers.Location}");
        }
        foreach (var user in new[] { "ars-idf", "etablissement", "responsable", "association" })
        {
            using var client = await app.SignInAsync(user);
            var token = HtmlForm.AntiforgeryToken(await client.GetPageAsync("/"));
            foreach (var (postUrl, fields) in posts)
            {
                using var r = await client.PostFormAsync(postUrl, fields.Append(new(HtmlForm.AntiforgeryField, token)));
                Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{user} {postUrl}: {(int)r.StatusCode}");
            }
        }
        Assert.Equal(before, await app.AuditCountAsync());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_action_plan_and_the_census_are_bounded_scoped_and_versioned(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var facts = await FactsAsync(app);
        using var coordinator = await app.ApiClientAsync(UserRole.FiliereCoordinator, Filiere);
        using var otherCoordinator = await app.ApiClientAsync(UserRole.FiliereCoordinator, facts.OtherFiliere);
        using var hostArs = await app.ApiClientAsync(UserRole.RegionalAgency, facts.HostRegion);
        using var anonymous = app.CreateClient();
        var plan = $"{Routes.Api.Filieres}/{Filiere}/action-plan";

        // The demo plan 2025–2029: read by the coordinator and the host's ARS, not by the public nor another coordinator.
        var demo = await JsonAsync(await Send(hostArs, HttpMethod.Get, plan), HttpStatusCode.OK, "plan as ARS");
        Assert.Equal(2025, demo["plan_start"]!.GetValue<int>());
        Assert.False(demo["can_edit"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(anonymous, HttpMethod.Get, plan)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(otherCoordinator, HttpMethod.Get, plan)).StatusCode);

        // Milestones within the plan: 31/12/2029 is the last day of a 2025 plan, 01/01/2030 is refused.
        object Action(string due) => new { title = "Registre commun", mission = "data", owner = "Groupe données", status = "planned", plan_start = 2025,
            milestones = new[] { new { title = "Lancement", due, reached = false } } };
        var outside = await JsonAsync(await Send(coordinator, HttpMethod.Post, plan + "/actions", Action("2030-01-01")), HttpStatusCode.UnprocessableEntity, "milestone 2030");
        Assert.NotNull(outside["errors"]!["milestones[1].due"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(otherCoordinator, HttpMethod.Post, $"{Routes.Api.Filieres}/{Filiere}/action-plan/actions", Action("2029-12-31"))).StatusCode);
        var created = await JsonAsync(await Send(coordinator, HttpMethod.Post, plan + "/actions", Action("2029-12-31")), HttpStatusCode.Created, "create action");
        var id = created["id"]!.GetValue<string>();
        Assert.StartsWith($"PA-{Filiere}-", id, StringComparison.Ordinal);
        var bad = await JsonAsync(await Send(coordinator, HttpMethod.Post, plan + "/actions", new { title = "", mission = "astrologie", owner = "x", status = "planned", plan_start = 2025 }),
            HttpStatusCode.UnprocessableEntity, "bad action");
        Assert.NotNull(bad["errors"]!["title"]);
        Assert.NotNull(bad["errors"]!["mission"]);

        // Yearly review: this year is accepted, next year is not yet; a review from a stale version is refused.
        var thisYear = DateTime.Today.Year;
        var reviewed = await JsonAsync(await Send(coordinator, HttpMethod.Put, $"{plan}/actions/{id}/reviews/{thisYear}", new { status = "in_progress", comment = "Lancé" }, 1),
            HttpStatusCode.OK, "review");
        Assert.Equal(2, reviewed["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Send(coordinator, HttpMethod.Put, $"{plan}/actions/{id}/reviews/{thisYear + 1}", new { status = "done" })).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Send(coordinator, HttpMethod.Put, $"{plan}/actions/{id}/reviews/{thisYear}", new { status = "done" }, 1)).StatusCode);
        var action = (await JsonAsync(await Send(coordinator, HttpMethod.Get, plan), HttpStatusCode.OK, "plan")).AsObject()["actions"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == id)!;
        Assert.Equal("in_progress", action["status"]!.GetValue<string>());
        Assert.Equal("Lancé", action["reviews"]![0]!["comment"]!.GetValue<string>());

        // The census is public; the demo counts CARDIOGEN's published 11 research and 9 diagnostic laboratories.
        var census = $"{Routes.Api.Filieres}/{Filiere}/census";
        var read = await JsonAsync(await Send(anonymous, HttpMethod.Get, census), HttpStatusCode.OK, "census");
        Assert.Equal(11, read["counts"]!["laboratory_research"]!.GetValue<int>());
        Assert.Equal(9, read["counts"]!["laboratory_diagnostic"]!.GetValue<int>());
        Assert.False(read["can_edit"]!.GetValue<bool>());

        // Training lines: the year is bounded by next year; a link must be a web address; writers are scoped.
        var next = thisYear + 1;
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(anonymous, HttpMethod.Post, census + "/trainings", new { kind = "diu", title = "DIU", year = next })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(otherCoordinator, HttpMethod.Post, census + "/trainings", new { kind = "diu", title = "DIU", year = next })).StatusCode);
        var late = await JsonAsync(await Send(coordinator, HttpMethod.Post, census + "/trainings", new { kind = "diu", title = "DIU", year = next + 1, link = "javascript:alert(1)" }),
            HttpStatusCode.UnprocessableEntity, "bad training");
        Assert.NotNull(late["errors"]!["year"]);
        Assert.NotNull(late["errors"]!["link"]);
        var training = await JsonAsync(await Send(coordinator, HttpMethod.Post, census + "/trainings", new { kind = "pnds_updated", title = "PNDS QT long (actualisation)", year = next, link = "https://www.has-sante.fr/" }),
            HttpStatusCode.Created, "training");
        var trainingId = training["id"]!.GetValue<string>();

        // Registries: a network of another filière is refused, one of this filière accepted.
        var foreign = await JsonAsync(await Send(coordinator, HttpMethod.Post, census + "/registries", new { network_id = facts.ForeignNetwork, kind = "cohort", name = "Cohorte" }),
            HttpStatusCode.UnprocessableEntity, "foreign network");
        Assert.NotNull(foreign["errors"]!["network_id"]);
        await JsonAsync(await Send(coordinator, HttpMethod.Post, census + "/registries", new { network_id = facts.OwnNetwork, kind = "cohort", name = "Cohorte test", start_year = 2020 }),
            HttpStatusCode.Created, "registry");
        var lab = await JsonAsync(await Send(coordinator, HttpMethod.Post, census + "/laboratories", new { kind = "diagnostic", name = "Labo", establishment = "CHU", establishment_finess = "999999999" }),
            HttpStatusCode.UnprocessableEntity, "unknown FINESS");
        Assert.NotNull(lab["errors"]!["establishment_finess"]);

        // Export (CSV, public): the new lines are there. Delete: a stale version is refused, the current one accepted.
        var csv = await (await Send(anonymous, HttpMethod.Get, $"{Routes.Api.Filieres}/census/export?filiere={Filiere}")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("filiere;category;id;kind;title;year", csv, StringComparison.Ordinal);
        Assert.Contains("PNDS QT long (actualisation)", csv, StringComparison.Ordinal);
        Assert.Contains("Cohorte test", csv, StringComparison.Ordinal);
        // The same rows as XLSX; a format the route does not offer is a 400 naming it.
        using (var xlsxAnswer = await Send(anonymous, HttpMethod.Get, $"{Routes.Api.Filieres}/census/export?filiere={Filiere}&format=xlsx"))
        {
            Assert.Equal(HttpStatusCode.OK, xlsxAnswer.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsxAnswer.Content.Headers.ContentType?.MediaType);
            await using var xlsx = await xlsxAnswer.Content.ReadAsStreamAsync(Ct);
            var sheet = Assert.Single(Maillage.Core.Infrastructure.Tabular.XlsxTable.Read(xlsx));
            Assert.Equal(csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1, sheet.Rows.Count);
            Assert.Contains(sheet.Rows, r => r.Cells.Contains("Cohorte test"));
        }
        using (var badFormat = await Send(anonymous, HttpMethod.Get, $"{Routes.Api.Filieres}/census/export?format=ods"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
            Assert.Contains("ods", await badFormat.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        var updated = await JsonAsync(await Send(coordinator, HttpMethod.Put, $"{census}/trainings/{trainingId}", new { kind = "pnds_updated", title = "PNDS QT long", year = next }, 1),
            HttpStatusCode.OK, "update training");
        Assert.Equal(2, updated["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Send(coordinator, HttpMethod.Delete, $"{census}/trainings/{trainingId}", null, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(coordinator, HttpMethod.Delete, $"{Routes.Api.Filieres}/{facts.OtherFiliere}/census/trainings/{trainingId}", null, 2)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Send(coordinator, HttpMethod.Delete, $"{census}/trainings/{trainingId}", null, 2)).StatusCode);

        // Pages: the public census page lists the laboratories; the coordinator's page offers the forms.
        using var publicPages = app.PageClient();
        var page = await publicPages.GetPageAsync($"/filieres/{Filiere}/recensement");
        Assert.Contains("id=\"laboratoires\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("formulaire-formation", page, StringComparison.Ordinal);
        using var coordinatorPages = await app.SignInAsync("filiere-cardiogen");
        Assert.Contains("formulaire-formation", await coordinatorPages.GetPageAsync($"/filieres/{Filiere}/recensement"), StringComparison.Ordinal);
        Assert.Contains("formulaire-action", await coordinatorPages.GetPageAsync($"/filieres/{Filiere}/plan-actions"), StringComparison.Ordinal);
    }
}
