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
/// Editing an action of a filière's 5-year plan and a line of its training census, from the pages and the API, on both
/// databases (docs/filieres-reports.md): the filière's coordinator and the ministry only, the version read checked (a
/// stale save refused in French with the user's input kept), inputs bounded with the field named.
/// </summary>
public sealed class FiliereEditFormsTests
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

    private static async Task<(HttpStatusCode Status, string Html)> PostAsync(HttpClient page, HtmlForm form)
    {
        using var r = await page.PostAsync(new Uri(form.Action!, UriKind.Relative), form.Content(), Ct);
        return (r.StatusCode, await r.Content.ReadAsStringAsync(Ct));
    }

    private static HtmlForm FormOf(string html, string id)
    {
        Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
        return HtmlForm.All(html).Single(f => f.Action?.EndsWith("/modifier", StringComparison.Ordinal) == true);
    }

    private static async Task<(string OtherFiliere, string HostRegion)> FactsAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var f = await db.Filieres.Include(x => x.Host).ThenInclude(h => h!.Departement).SingleAsync(x => x.Acronym == Filiere, Ct);
        var other = await db.Filieres.Where(x => x.Acronym != Filiere).OrderBy(x => x.Acronym).Select(x => x.Acronym).FirstAsync(Ct);
        return (other, f.Host!.Departement!.RegionCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_action_of_the_plan_is_edited_from_its_page_and_the_API_with_its_version_checked(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var facts = await FactsAsync(app);
        using var api = await app.ApiClientAsync(UserRole.FiliereCoordinator, Filiere);
        var plan = $"{Routes.Api.Filieres}/{Filiere}/action-plan";
        var created = await JsonAsync(await Send(api, HttpMethod.Post, plan + "/actions", new
        {
            title = "Registre commun", mission = "data", owner = "Groupe données", status = "planned", plan_start = 2025,
            milestones = new[] { new { title = "Lancement", due = "2026-03-31", reached = false } },
        }), HttpStatusCode.Created, "create");
        var id = created["id"]!.GetValue<string>();
        async Task<JsonNode> ActionAsync() => (await JsonAsync(await Send(api, HttpMethod.Get, plan + "?plan_start=2025"), HttpStatusCode.OK, "plan"))["actions"]!.AsArray()
            .Single(a => a!["id"]!.GetValue<string>() == id)!;

        // The page: a link from the plan, the form filled with the action as it is.
        using var page = await app.SignInAsync("filiere-cardiogen");
        var editUrl = $"/filieres/{Filiere}/plan-actions/{id}/modifier";
        Assert.Contains(editUrl, await page.GetPageAsync($"/filieres/{Filiere}/plan-actions?debut=2025"), StringComparison.Ordinal);
        var html = await page.GetPageAsync(editUrl);
        var form = FormOf(html, "formulaire-modifier-action");
        Assert.Equal("Groupe données", form["Input.Owner"]);
        Assert.Equal("1", form["Version"]);
        Assert.Equal("2026-03-31 | Lancement", form["Input.Milestones"]);

        // Owner, status and milestones changed: saved, the API reads them.
        form.Set("Input.Owner", "Cellule de coordination").Set("Input.Status", "in_progress")
            .Set("Input.Milestones", "2026-03-31 | Lancement | atteint\n2029-12-31 | Bilan");
        var (status, _) = await PostAsync(page, form);
        Assert.Equal(HttpStatusCode.Redirect, status);
        var action = await ActionAsync();
        Assert.Equal("Cellule de coordination", action["owner"]!.GetValue<string>());
        Assert.Equal("in_progress", action["status"]!.GetValue<string>());
        Assert.Equal(2, action["milestones"]!.AsArray().Count);
        Assert.True(action["milestones"]![0]!["reached"]!.GetValue<bool>());
        Assert.False(action["milestones"]![1]!["reached"]!.GetValue<bool>());
        Assert.Equal(2, action["version"]!.GetValue<int>());

        // The same form again (version 1): stale, refused in French, the input kept, nothing written.
        form.Set("Input.Owner", "Écrasement");
        var (staleStatus, stale) = await PostAsync(page, form);
        Assert.Equal(HttpStatusCode.OK, staleStatus);
        Assert.Contains("data-conflict=\"version\"", stale, StringComparison.Ordinal);
        Assert.Contains("value=\"Écrasement\"", WebUtility.HtmlDecode(stale), StringComparison.Ordinal);
        Assert.Equal("Cellule de coordination", (await ActionAsync())["owner"]!.GetValue<string>());
        // The re-shown form carries the current version: saving it again replaces it knowingly.
        Assert.Equal("2", FormOf(stale, "formulaire-modifier-action")["Version"]);

        // Bounds: the owner at 200 characters is accepted, 201 refused with the field named; a milestone outside the plan refused.
        var fresh = FormOf(await page.GetPageAsync(editUrl), "formulaire-modifier-action");
        var (longStatus, tooLong) = await PostAsync(page, fresh.Set("Input.Owner", new string('p', 201)));
        Assert.Equal(HttpStatusCode.OK, longStatus);
        Assert.Contains("Porteur : au plus 200 caractères.", WebUtility.HtmlDecode(tooLong), StringComparison.Ordinal);
        var (outsideStatus, outside) = await PostAsync(page, fresh.Set("Input.Owner", "Bureau").Set("Input.Milestones", "2030-01-01 | Trop tard"));
        Assert.Equal(HttpStatusCode.OK, outsideStatus);
        Assert.Contains("hors du plan", WebUtility.HtmlDecode(outside), StringComparison.Ordinal);
        Assert.Contains("2030-01-01 | Trop tard", WebUtility.HtmlDecode(outside), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(page, fresh.Set("Input.Owner", new string('p', 200)).Set("Input.Milestones", "2029-12-31 | Bilan"))).Status);
        Assert.Equal(3, (await ActionAsync())["version"]!.GetValue<int>());

        // The API: the version read is checked (412 in French), the current one accepted.
        object Body(string owner) => new { title = "Registre commun", mission = "data", owner, status = "done", plan_start = 2025 };
        var staleApi = await JsonAsync(await Send(api, HttpMethod.Put, $"{plan}/actions/{id}", Body("API"), 2), HttpStatusCode.PreconditionFailed, "stale PUT");
        Assert.Contains("Modifié entre-temps", staleApi["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var saved = await JsonAsync(await Send(api, HttpMethod.Put, $"{plan}/actions/{id}", Body("API"), 3), HttpStatusCode.OK, "PUT");
        Assert.Equal(4, saved["version"]!.GetValue<int>());
        Assert.Equal("done", (await ActionAsync())["status"]!.GetValue<string>());
        var tooLongApi = await JsonAsync(await Send(api, HttpMethod.Put, $"{plan}/actions/{id}", Body(new string('p', 201)), 4), HttpStatusCode.UnprocessableEntity, "PUT 201");
        Assert.NotNull(tooLongApi["errors"]!["owner"]);

        // Who: the host's ARS reads the plan but does not edit it; another filière's coordinator neither; anonymous is sent to sign in.
        using var ars = await app.ApiClientAsync(UserRole.RegionalAgency, facts.HostRegion);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(ars, HttpMethod.Put, $"{plan}/actions/{id}", Body("ARS"), 4)).StatusCode);
        using var other = await app.ApiClientAsync(UserRole.FiliereCoordinator, facts.OtherFiliere);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(other, HttpMethod.Put, $"{plan}/actions/{id}", Body("Autre"), 4)).StatusCode);
        using (var arsPage = await app.SignInAsync("ars-idf"))
        using (var refused = await arsPage.GetAsync(new Uri(editUrl, UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var anonymous = app.PageClient())
        using (var challenge = await anonymous.GetAsync(new Uri(editUrl, UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        // The ministry edits it; under another filière's address the action is unknown.
        using var admin = await app.SignInAsync("admin");
        Assert.Contains("formulaire-modifier-action", await admin.GetPageAsync(editUrl), StringComparison.Ordinal);
        using (var elsewhere = await admin.GetAsync(new Uri($"/filieres/{facts.OtherFiliere}/plan-actions/{id}/modifier", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_census_line_is_edited_from_its_page_and_the_API_with_its_version_checked(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var facts = await FactsAsync(app);
        using var api = await app.ApiClientAsync(UserRole.FiliereCoordinator, Filiere);
        var census = $"{Routes.Api.Filieres}/{Filiere}/census";
        var created = await JsonAsync(await Send(api, HttpMethod.Post, census + "/trainings", new { kind = "diu", title = "DIU cardiogénétique", year = 2024 }),
            HttpStatusCode.Created, "create");
        var id = created["id"]!.GetValue<string>();
        async Task<JsonNode> LineAsync() => (await JsonAsync(await Send(api, HttpMethod.Get, census), HttpStatusCode.OK, "census"))["trainings"]!.AsArray()
            .Single(t => t!["id"]!.GetValue<string>() == id)!;

        using var page = await app.SignInAsync("filiere-cardiogen");
        var editUrl = $"/filieres/{Filiere}/recensement/formations/{id}/modifier";
        Assert.Contains(editUrl, await page.GetPageAsync($"/filieres/{Filiere}/recensement"), StringComparison.Ordinal);
        var form = FormOf(await page.GetPageAsync(editUrl), "formulaire-modifier-formation");
        Assert.Equal("DIU cardiogénétique", form["Title"]);
        Assert.Equal("diu", form["Kind"]);
        Assert.Equal("2024", form["Year"]);

        form.Set("Kind", "e_learning").Set("Title", "Module en ligne de cardiogénétique").Set("Year", "2025").Set("Link", "https://example.org/module");
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(page, form)).Status);
        var line = await LineAsync();
        Assert.Equal("e_learning", line["kind"]!.GetValue<string>());
        Assert.Equal("Module en ligne de cardiogénétique", line["title"]!.GetValue<string>());
        Assert.Equal(2025, line["year"]!.GetValue<int>());
        Assert.Equal(2, line["version"]!.GetValue<int>());

        // Stale (the form of version 1): refused in French, input kept, nothing written.
        form.Set("Title", "Titre écrasé");
        var (staleStatus, stale) = await PostAsync(page, form);
        Assert.Equal(HttpStatusCode.OK, staleStatus);
        Assert.Contains("data-conflict=\"version\"", stale, StringComparison.Ordinal);
        Assert.Contains("value=\"Titre écrasé\"", WebUtility.HtmlDecode(stale), StringComparison.Ordinal);
        Assert.Equal("Module en ligne de cardiogénétique", (await LineAsync())["title"]!.GetValue<string>());

        // Bounds: the year from 1980 to next year, a web address as link, the title at most 300 characters.
        var fresh = FormOf(await page.GetPageAsync(editUrl), "formulaire-modifier-formation");
        var (badStatus, bad) = await PostAsync(page, fresh.Set("Year", "1979").Set("Link", "javascript:alert(1)").Set("Title", new string('t', 301)));
        Assert.Equal(HttpStatusCode.OK, badStatus);
        var text = WebUtility.HtmlDecode(bad);
        Assert.Contains("Année 1979", text, StringComparison.Ordinal);
        Assert.Contains("une adresse web complète est attendue", text, StringComparison.Ordinal);
        Assert.Contains("Intitulé : 301 caractères, au plus 300.", text, StringComparison.Ordinal);
        Assert.Contains("value=\"1979\"", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(page, fresh.Set("Year", "1980").Set("Link", "").Set("Title", new string('t', 300)))).Status);
        Assert.Equal(3, (await LineAsync())["version"]!.GetValue<int>());

        // The API: 412 on the version read before, 200 on the current one.
        Assert.Equal(HttpStatusCode.PreconditionFailed,
            (await Send(api, HttpMethod.Put, $"{census}/trainings/{id}", new { kind = "diu", title = "DIU", year = 2024 }, 2)).StatusCode);
        Assert.Equal(4, (await JsonAsync(await Send(api, HttpMethod.Put, $"{census}/trainings/{id}", new { kind = "diu", title = "DIU", year = 2024 }, 3),
            HttpStatusCode.OK, "PUT"))["version"]!.GetValue<int>());

        // Who: another filière's coordinator is refused (page and API); anonymous is sent to sign in; the public reads the census only.
        using var other = await app.ApiClientAsync(UserRole.FiliereCoordinator, facts.OtherFiliere);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(other, HttpMethod.Put, $"{census}/trainings/{id}", new { kind = "diu", title = "DIU", year = 2024 }, 4)).StatusCode);
        using (var ars = await app.SignInAsync("ars-idf"))
        using (var refused = await ars.GetAsync(new Uri(editUrl, UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var anonymous = app.PageClient())
        {
            using (var challenge = await anonymous.GetAsync(new Uri(editUrl, UriKind.Relative), Ct))
                Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
            Assert.DoesNotContain(editUrl, await anonymous.GetPageAsync($"/filieres/{Filiere}/recensement"), StringComparison.Ordinal);
        }
        using var admin = await app.SignInAsync("admin");
        using (var elsewhere = await admin.GetAsync(new Uri($"/filieres/{facts.OtherFiliere}/recensement/formations/{id}/modifier", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }
}
