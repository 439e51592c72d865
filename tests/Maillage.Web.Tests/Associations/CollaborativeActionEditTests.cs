using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Associations;

/// <summary>
/// Editing an association's collaborative action from its page and the API, on both databases (docs/associations.md):
/// the association itself and the ministry only, the version read checked (a stale save refused in French with the
/// user's input kept), inputs bounded with the field named.
/// </summary>
public sealed class CollaborativeActionEditTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri U(string url) => new(url, UriKind.Relative);

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage r, HttpStatusCode expected, string what)
    {
        var body = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == expected, $"{what}: {(int)r.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient c, string url, object body, int? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, U(url)) { Content = JsonContent.Create(body) };
        if (ifMatch is { } v) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        return await c.SendAsync(request, Ct);
    }

    private static async Task<(HttpStatusCode Status, string Html)> PostAsync(HttpClient page, HtmlForm form)
    {
        using var r = await page.PostAsync(U(form.Action!), form.Content(), Ct);
        return (r.StatusCode, WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct)));
    }

    private static HtmlForm FormOf(string html)
    {
        Assert.Contains("id=\"form-modifier-action\"", html, StringComparison.Ordinal);
        return HtmlForm.All(html).Single(f => f.Action?.EndsWith("/modifier", StringComparison.Ordinal) == true);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_collaborative_action_is_edited_from_its_page_and_the_API_with_its_version_checked(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string own, other;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            own = (await DemoAccounts.PlanAsync(db, Ct)).Single(a => a.UserName == "association").ScopeId!;
            other = await db.Associations.Where(a => a.Id != own).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync(Ct);
        }
        using var mine = await app.ApiClientAsync(UserRole.Association, own);
        var created = await JsonAsync(await mine.PostAsJsonAsync(U(Routes.Api.CollaborativeActions),
            new { title = "Journée patients", partner_kind = "filiere", partner_id = "CARDIOGEN", starts_on = "2026-05-01", status = "planned" }, Ct), HttpStatusCode.Created, "create");
        var id = created["id"]!.GetValue<string>();
        var apiUrl = $"{Routes.Api.CollaborativeActions}/{id}";
        async Task<JsonNode> ActionAsync() => await JsonAsync(await mine.GetAsync(U(apiUrl), Ct), HttpStatusCode.OK, "action");

        // The page: a link from the space, the form filled with the action as it is.
        using var page = await app.SignInAsync("association");
        var editUrl = $"{Routes.Pages.Associations}/{own}/actions/{id}/modifier";
        Assert.Contains(editUrl, await page.GetPageAsync($"{Routes.Pages.Associations}/{own}/espace"), StringComparison.Ordinal);
        var form = FormOf(await page.GetPageAsync(editUrl));
        Assert.Equal("Journée patients", form["Action.Title"]);
        Assert.Equal("filiere", form["Action.PartnerKind"]);
        Assert.Equal("CARDIOGEN", form["Action.PartnerId"]);
        Assert.Equal("2026-05-01", form["Action.StartsOn"]);
        Assert.Equal("1", form["Version"]);

        form.Set("Action.Title", "Journée nationale des patients").Set("Action.Description", "Avec la filière").Set("Action.Status", "done")
            .Set("Action.Initiative", "association").Set("Action.EndsOn", "2026-05-01");
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(page, form)).Status);
        var action = await ActionAsync();
        Assert.Equal("Journée nationale des patients", action["title"]!.GetValue<string>());
        Assert.Equal("done", action["status"]!.GetValue<string>());
        Assert.Equal("association", action["initiative"]!.GetValue<string>());
        Assert.Equal("2026-05-01", action["ends_on"]!.GetValue<string>());
        Assert.Equal(2, action["version"]!.GetValue<int>());

        // The form of version 1 again: stale, refused in French, the input kept, nothing written; the form now carries version 2.
        form.Set("Action.Title", "Titre écrasé");
        var (staleStatus, stale) = await PostAsync(page, form);
        Assert.Equal(HttpStatusCode.OK, staleStatus);
        Assert.Contains("data-conflict=\"version\"", stale, StringComparison.Ordinal);
        Assert.Contains("Modifié entre-temps", stale, StringComparison.Ordinal);
        Assert.Contains("value=\"Titre écrasé\"", stale, StringComparison.Ordinal);
        Assert.Equal("2", FormOf(stale)["Version"]);
        Assert.Equal("Journée nationale des patients", (await ActionAsync())["title"]!.GetValue<string>());

        // Bounds: an end on the start day is accepted (above), the day before refused; a title of 201 characters refused.
        var fresh = FormOf(await page.GetPageAsync(editUrl));
        var (badStatus, bad) = await PostAsync(page, fresh.Set("Action.EndsOn", "2026-04-30").Set("Action.Title", new string('t', 201)));
        Assert.Equal(HttpStatusCode.OK, badStatus);
        Assert.Contains("Fin : avant le début.", bad, StringComparison.Ordinal);
        Assert.Contains("Intitulé", bad, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-04-30\"", bad, StringComparison.Ordinal);
        Assert.Equal(2, (await ActionAsync())["version"]!.GetValue<int>());
        var (partnerStatus, partner) = await PostAsync(page, fresh.Set("Action.EndsOn", "").Set("Action.Title", "Ok").Set("Action.PartnerKind", "centre").Set("Action.PartnerId", "NOPE-1"));
        Assert.Equal(HttpStatusCode.OK, partnerStatus);
        Assert.Contains("« NOPE-1 » inconnu", partner, StringComparison.Ordinal);

        // The API: 412 on the version read before (French detail), 200 on the current one.
        object Body(string title) => new { title, partner_kind = "filiere", partner_id = "CARDIOGEN", starts_on = "2026-05-01", status = "in_progress" };
        var staleApi = await JsonAsync(await PutAsync(mine, apiUrl, Body("API"), 1), HttpStatusCode.PreconditionFailed, "stale PUT");
        Assert.Contains("Modifié entre-temps", staleApi["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, (await JsonAsync(await PutAsync(mine, apiUrl, Body("API"), 2), HttpStatusCode.OK, "PUT"))["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PutAsync(mine, apiUrl, Body(new string('t', 201)), 3)).StatusCode);

        // Who: another association is refused (API, and its address does not hold this action); a centre head too;
        // anonymous is sent to sign in; the ministry edits.
        using var theirs = await app.ApiClientAsync(UserRole.Association, other);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(theirs, apiUrl, Body("Détournée"), 3)).StatusCode);
        using (var head = await app.SignInAsync("responsable"))
        using (var refused = await head.GetAsync(U(editUrl), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var anonymous = app.PageClient())
        using (var challenge = await anonymous.GetAsync(U(editUrl), Ct))
            Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        using var admin = await app.SignInAsync("admin");
        var adminForm = FormOf(await admin.GetPageAsync(editUrl));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, adminForm.Set("Action.Status", "abandoned"))).Status);
        Assert.Equal("abandoned", (await ActionAsync())["status"]!.GetValue<string>());
        using (var elsewhere = await admin.GetAsync(U($"{Routes.Pages.Associations}/{other}/actions/{id}/modifier"), Ct))
            Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }
}
