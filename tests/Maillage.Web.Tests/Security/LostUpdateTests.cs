using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Maillage.Core.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Issue 10 §6, no silent lost update: every editable aggregate (reports, registry objects, dossiers) carries a version;
/// the API answers it as the ETag and refuses a stale If-Match with 412 naming the current version and who changed it;
/// the pages carry it in a hidden field, keep the user's input on a stale save and say who changed the object and when;
/// the report's autosave shows the conflict instead of "saved".
/// </summary>
public sealed partial class LostUpdateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> ResponsableCentreAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        return (await DemoAccounts.PlanAsync(db, Ct)).Single(a => a.UserName == "responsable").ScopeId!;
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string url, JsonNode body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request, Ct);
    }

    private static async Task<(JsonObject Body, string ETag)> GetAsync(HttpClient client, string url)
    {
        using var r = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
        var text = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)r.StatusCode} {text}");
        Assert.NotNull(r.Headers.ETag);
        return (JsonNode.Parse(text)!.AsObject(), r.Headers.ETag!.Tag);
    }

    /// <summary>A 412 problem naming the current version and the user who changed the object.</summary>
    private static async Task AssertStaleAsync(HttpResponseMessage r, string currentETag, string changedBy)
    {
        var text = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == HttpStatusCode.PreconditionFailed, $"expected 412: {(int)r.StatusCode} {text}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(currentETag.Trim('"'), problem["current_version"]!.ToString());
        Assert.Contains(changedBy, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Modifié entre-temps", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Two_api_clients_editing_one_report_the_second_gets_412_and_the_first_change_is_kept(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var centre = await ResponsableCentreAsync(app);
        var url = $"{Routes.Api.Reports}/{centre}/{DateTime.Today.Year}";
        var first = await app.CreateUserAsync(UserRole.CentreHead, centre);
        using var a = await app.ApiClientAsync(first);
        using var b = await app.ApiClientAsync(UserRole.CentreHead, centre);

        var (_, read) = await GetAsync(a, url);
        Assert.Equal(read, (await GetAsync(b, url)).ETag);
        using (var r = await PutAsync(a, url, new JsonObject { ["active_patients"] = 111 }, read))
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");
        var (saved, current) = await GetAsync(a, url);
        Assert.NotEqual(read, current);
        Assert.Equal(111, saved["fields"]!["active_patients"]!.GetValue<int>());

        using (var r = await PutAsync(b, url, new JsonObject { ["active_patients"] = 222 }, read))
            await AssertStaleAsync(r, current, first.UserName!);
        Assert.Equal(111, (await GetAsync(b, url)).Body["fields"]!["active_patients"]!.GetValue<int>());

        // A malformed If-Match is the client's error; without If-Match the write is accepted (docs/security.md).
        using (var r = await PutAsync(b, url, new JsonObject { ["active_patients"] = 222 }, "pas-une-version"))
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await PutAsync(b, url, new JsonObject { ["active_patients"] = 333 }, current))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.NotEqual(current, r.Headers.ETag?.Tag);
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_registry_object_and_a_dossier_section_refuse_a_stale_if_match(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var centre = await ResponsableCentreAsync(app);
        var firstAdmin = await app.CreateUserAsync(UserRole.NationalAdmin, null);
        using var a = await app.ApiClientAsync(firstAdmin);
        using var b = await app.ApiClientAsync(UserRole.NationalAdmin, null);

        // A person: the ETag of the GET, a first PUT moves it, the second from the same ETag is refused.
        string person;
        await using (var s = app.Services.CreateAsyncScope())
            person = await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Mandates
                .Where(m => m.CentreId == centre && m.To == null).Select(m => m.PersonId).FirstAsync(Ct);
        var (p, read) = await GetAsync(a, $"{Routes.Api.People}/{person}");
        var body = new JsonObject
        {
            ["title"] = p["title"]?.GetValue<string>(), ["first_name"] = p["first_name"]!.GetValue<string>(), ["last_name"] = "Premier",
            ["rpps"] = p["rpps"]?.GetValue<string>(), ["status"] = p["status"]?.GetValue<string>(), ["birth_date"] = p["birth_date"]?.GetValue<string>(),
            ["clinical_activity"] = p["clinical_activity"]?.GetValue<bool?>(), ["email"] = p["email"]?.GetValue<string>(),
        };
        using (var r = await PutAsync(a, $"{Routes.Api.People}/{person}", body, read))
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");
        var current = (await GetAsync(a, $"{Routes.Api.People}/{person}")).ETag;
        body["last_name"] = "Second";
        using (var r = await PutAsync(b, $"{Routes.Api.People}/{person}", body, read))
            await AssertStaleAsync(r, current, firstAdmin.UserName!);
        Assert.Equal("Premier", (await GetAsync(a, $"{Routes.Api.People}/{person}")).Body["last_name"]!.GetValue<string>());

        // A dossier's section: a section bumps its dossier's version.
        var dossier = await OpenSuccessionAsync(app, centre);
        var (_, dRead) = await GetAsync(a, $"{Routes.Api.Dossiers}/{dossier}");
        using (var r = await PutAsync(a, $"{Routes.Api.Dossiers}/{dossier}/sections/mission_care", new JsonObject { ["text"] = "Premier projet." }, dRead))
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");
        var (_, dCurrent) = await GetAsync(a, $"{Routes.Api.Dossiers}/{dossier}");
        Assert.NotEqual(dRead, dCurrent);
        using (var r = await PutAsync(b, $"{Routes.Api.Dossiers}/{dossier}/sections/mission_care", new JsonObject { ["text"] = "Second projet." }, dRead))
            await AssertStaleAsync(r, dCurrent, firstAdmin.UserName!);
        var sections = (await GetAsync(a, $"{Routes.Api.Dossiers}/{dossier}")).Body["sections"]!.AsArray();
        Assert.Equal("Premier projet.", sections.Single(x => x!["key"]!.GetValue<string>() == "mission_care")!["text"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_report_page_keeps_the_input_on_a_stale_save_and_its_autosave_shows_the_conflict(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var centre = await ResponsableCentreAsync(app);
        var year = DateTime.Today.Year;
        var page = $"{Routes.Pages.Reports}/{centre}/{year}";
        using var browser = await app.SignInAsync("responsable");

        // Autosaves chain: each answer carries the version the next one starts from.
        var form = ReportForm(await browser.GetPageAsync(page));
        form.Set("Input.ActivePatients", "101");
        var first = await AutosaveAsync(browser, page, form);
        Assert.Contains("data-autosave=\"ok\"", first, StringComparison.Ordinal);
        form.Set("Version", OobVersion(first)).Set("Input.ActivePatients", "102");
        Assert.Contains("data-autosave=\"ok\"", await AutosaveAsync(browser, page, form), StringComparison.Ordinal);

        // Someone else saves through the API while the page is open.
        form = ReportForm(await browser.GetPageAsync(page));
        var other = await app.CreateUserAsync(UserRole.CentreHead, centre);
        using (var api = await app.ApiClientAsync(other))
        using (var r = await PutAsync(api, $"{Routes.Api.Reports}/{centre}/{year}", new JsonObject { ["active_patients"] = 111 }, null))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        // The autosave says so instead of "saved".
        form.Set("Input.ActivePatients", "222");
        var conflict = await AutosaveAsync(browser, page, form);
        Assert.Contains("data-autosave=\"conflict\"", conflict, StringComparison.Ordinal);
        Assert.DoesNotContain("enregistré automatiquement", conflict, StringComparison.Ordinal);
        Assert.Contains("data-conflict=\"version\"", conflict, StringComparison.Ordinal);
        Assert.Contains(other.UserName!, conflict, StringComparison.Ordinal);

        // The full save redisplays the form with the user's input and the alert; the other change is kept.
        using (var r = await browser.PostFormAsync(page, form.Fields))
        {
            var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("data-conflict=\"version\"", html, StringComparison.Ordinal);
            Assert.Contains(other.UserName!, html, StringComparison.Ordinal);
            Assert.Equal("222", ReportForm(html)["Input.ActivePatients"]);
        }
        await using (var s = app.Services.CreateAsyncScope())
            Assert.Equal(111, (await s.ServiceProvider.GetRequiredService<MaillageDbContext>().AnnualReports.AsNoTracking()
                .SingleAsync(x => x.CentreId == centre && x.Year == year, Ct)).ActivePatients);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_registry_and_dossier_pages_keep_the_input_on_a_stale_save(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var centre = await ResponsableCentreAsync(app);
        using var browser = await app.SignInAsync("responsable");
        var other = await app.CreateUserAsync(UserRole.NationalAdmin, null);
        using var api = await app.ApiClientAsync(other);

        // A centre's edit form, then a change through the API, then the form's save.
        var edit = $"{Routes.Pages.Centres}/{centre}/modifier";
        var form = HtmlForm.PostBack(await browser.GetPageAsync(edit));
        Assert.True(form.Has("Version"));
        CentreKind kind;
        await using (var s = app.Services.CreateAsyncScope())
            kind = (await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Centres.AsNoTracking().SingleAsync(x => x.Id == centre, Ct)).Kind;
        var collection = kind switch { CentreKind.ReferenceSite => "sites", CentreKind.CompetenceCentre => "competence-centres", _ => "resource-centres" };
        var body = (await GetAsync(api, $"{Routes.Api.Prefix}/{collection}/{centre}")).Body;
        body["phone"] = "01 11 11 11 11";
        using (var r = await PutAsync(api, $"{Routes.Api.Prefix}/{collection}/{centre}", body, null))
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");
        form.Set("Input.Phone", "02 22 22 22 22");
        using (var r = await browser.PostFormAsync(edit, form.Fields))
        {
            var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct));
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {r.Headers.Location}");
            Assert.Contains("data-conflict=\"version\"", html, StringComparison.Ordinal);
            Assert.Contains(other.UserName!, html, StringComparison.Ordinal);
            Assert.Equal("02 22 22 22 22", HtmlForm.PostBack(html)["Input.Phone"]);
        }
        await using (var s = app.Services.CreateAsyncScope())
            Assert.Equal("01 11 11 11 11", (await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Centres.AsNoTracking()
                .SingleAsync(x => x.Id == centre, Ct)).Phone);

        // A dossier's sections: the same.
        var dossier = await OpenSuccessionAsync(app, centre);
        var page = $"{Routes.Pages.Procedures}/{dossier}";
        var sections = HtmlForm.All(await browser.GetPageAsync(page)).Single(f => f.Inner.Contains("id=\"section-mission_care\"", StringComparison.Ordinal));
        using (var r = await PutAsync(api, $"{Routes.Api.Dossiers}/{dossier}/sections/mission_care", new JsonObject { ["text"] = "Texte du ministère." }, null))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        sections.Set("Sections[mission_care]", "Texte du responsable.");
        using (var r = await browser.PostFormAsync(WebUtility.HtmlDecode(sections.Action!), sections.Fields))
        {
            var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct));
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {r.Headers.Location}");
            Assert.Contains("data-conflict=\"version\"", html, StringComparison.Ordinal);
            Assert.Contains(other.UserName!, html, StringComparison.Ordinal);
            Assert.Contains(">Texte du responsable.</textarea>", html, StringComparison.Ordinal);
        }
        var stored = (await GetAsync(api, $"{Routes.Api.Dossiers}/{dossier}")).Body["sections"]!.AsArray();
        Assert.Equal("Texte du ministère.", stored.Single(x => x!["key"]!.GetValue<string>() == "mission_care")!["text"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_write_between_read_and_save_is_caught_by_the_database_not_overwritten(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var centre = await ResponsableCentreAsync(app);
        await using var s1 = app.Services.CreateAsyncScope();
        await using var s2 = app.Services.CreateAsyncScope();
        var db1 = s1.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var db2 = s2.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var mine = await db1.Centres.SingleAsync(c => c.Id == centre, Ct);
        var theirs = await db2.Centres.SingleAsync(c => c.Id == centre, Ct);
        var version = mine.Version;
        theirs.Phone = "01 00 00 00 01";
        await db2.SaveChangesAsync(Ct);
        Assert.Equal(version + 1, theirs.Version);
        mine.Phone = "01 00 00 00 02";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db1.SaveChangesAsync(Ct));

        // A part's change (an attachment) bumps its aggregate too.
        await using var s3 = app.Services.CreateAsyncScope();
        var db3 = s3.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var network = await db3.Networks.Where(n => n.Id != theirs.NetworkId).OrderBy(n => n.Id).Select(n => n.Id).FirstAsync(Ct);
        db3.CentreAttachments.Add(new CentreAttachment { CentreId = centre, NetworkId = network });
        await db3.SaveChangesAsync(Ct);
        Assert.Equal(version + 2, (await db3.Centres.AsNoTracking().SingleAsync(c => c.Id == centre, Ct)).Version);
    }

    private static async Task<string> OpenSuccessionAsync(MaillageFactory app, string centre)
    {
        await using var s = app.Services.CreateAsyncScope();
        var procedures = s.ServiceProvider.GetRequiredService<ProcedureService>();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var open = await db.Set<Dossier>().Where(d => d.CentreId == centre && d.Kind == Maillage.Domain.Procedures.ProcedureKind.CentreHeadSuccession
            && d.State == Maillage.Domain.Procedures.DossierState.Draft).Select(d => d.Id).FirstOrDefaultAsync(Ct);
        if (open is not null) return open;
        var r = await procedures.OpenCentreHeadSuccessionAsync(new Caller("admin-test", UserRole.NationalAdmin, null), centre,
            new SuccessorInput(null, "Pr", "Camille", "Successeur", null, null, HeadStatus.PuPh, null, true, null), null, null, Ct);
        Assert.True(r.Status == ProcedureStatus.Ok, string.Join(" ", r.Errors.Select(e => e.Message)));
        return r.DossierId!;
    }

    private static HtmlForm ReportForm(string html) => HtmlForm.All(html).Single(f => f.Has("Input.ActivePatients"));

    private static async Task<string> AutosaveAsync(HttpClient browser, string page, HtmlForm form)
    {
        using var r = await browser.PostFormAsync(page + "/autosave", form.Fields);
        var text = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct));
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"autosave: {(int)r.StatusCode} {text}");
        return text;
    }

    private static string OobVersion(string fragment) =>
        OobVersionRegex().Match(fragment) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no version in: " + fragment);

    [GeneratedRegex("""id="report-version" value="(\d+)" hx-swap-oob""")]
    private static partial Regex OobVersionRegex();
}
