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
/// The associations' space (Alliance maladies rares, fiche pratique « Centres de référence et de compétence », mai 2022,
/// annexes 1 and 3) on both databases: an association edits only its own survey and action, results are aggregated and
/// suppressed under 10 (small counts are personal data), shared with the partner centre's head only, stale writes refused.
/// </summary>
public sealed class AssociationSpaceTests
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

    private static object Responses(int n, int q1, int q2) => new { responses = Enumerable.Range(0, n).Select(_ => new int?[] { q1, q2 }).ToArray() };

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_association_edits_only_its_own_and_results_are_suppressed_under_ten(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string own, other, centre, otherCentre;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var plan = await DemoAccounts.PlanAsync(db, Ct);
            own = plan.Single(a => a.UserName == "association").ScopeId!;
            other = await db.Associations.Where(a => a.Id != own).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync(Ct);
            centre = plan.Single(a => a.UserName == "responsable").ScopeId!;
            otherCentre = await db.Centres.Where(c => c.Id != centre).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(Ct);
        }
        using var mine = await app.ApiClientAsync(UserRole.Association, own);
        using var theirs = await app.ApiClientAsync(UserRole.Association, other);
        using var head = await app.ApiClientAsync(UserRole.CentreHead, centre);
        using var otherHead = await app.ApiClientAsync(UserRole.CentreHead, otherCentre);
        using var committee = await app.ApiClientAsync(UserRole.FollowUpCommittee, null);

        var survey = new
        {
            title = "Délais et information", partner_kind = "centre", partner_id = centre,
            questions = new[] { new { text = "Vous a-t-on proposé l'ETP ?", scale = "yes_no" }, new { text = "Satisfait des délais ?", scale = "satisfaction4" } },
        };
        var created = await JsonAsync(await mine.PostAsJsonAsync(U(Routes.Api.Surveys), survey, Ct), HttpStatusCode.Created, "create survey");
        var id = created["id"]!.GetValue<string>();
        var url = $"{Routes.Api.Surveys}/{id}";
        var version = created["version"]!.GetValue<int>();

        // Another association can neither read, change nor answer it; a draft is not shared with the centre yet.
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(theirs, url, survey, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await theirs.GetAsync(U(url), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await theirs.PostAsJsonAsync(U(url + "/responses"), Responses(1, 1, 1), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await head.GetAsync(U(url), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await committee.GetAsync(U(url), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await theirs.GetAsync(U($"{Routes.Api.Associations}/{own}/space"), Ct)).StatusCode);

        // Open it with the version read; the same version again is stale.
        var opened = new { survey.title, survey.partner_kind, survey.partner_id, status = "open" };
        var afterOpen = await JsonAsync(await PutAsync(mine, url, opened, version), HttpStatusCode.OK, "open");
        var stale = await JsonAsync(await PutAsync(mine, url, opened with { }, version), HttpStatusCode.PreconditionFailed, "stale");
        Assert.Equal(afterOpen["version"]!.GetValue<int>(), stale["current_version"]!.GetValue<int>());

        // 9 questionnaires: nothing shown, not even the number; out-of-scale answers refused, nothing written.
        await JsonAsync(await mine.PostAsJsonAsync(U(url + "/responses"), Responses(9, 2, 3), Ct), HttpStatusCode.OK, "9 responses");
        var bad = await JsonAsync(await mine.PostAsJsonAsync(U(url + "/responses"), Responses(1, 3, 1), Ct), HttpStatusCode.UnprocessableEntity, "out of scale");
        Assert.Contains("1 à 2", bad["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var nine = await JsonAsync(await head.GetAsync(U(url), Ct), HttpStatusCode.OK, "head reads 9");
        Assert.Null(nine["respondents"]?.GetValue<int?>());
        Assert.All(nine["questions"]!.AsArray(), q => Assert.True(q!["suppressed"]!.GetValue<bool>()));

        // The 10th: shown, but the empty « Non » (0) is a small count, alone, so the 10 goes with it.
        await JsonAsync(await mine.PostAsJsonAsync(U(url + "/responses"), Responses(1, 2, 3), Ct), HttpStatusCode.OK, "10th response");
        var ten = await JsonAsync(await head.GetAsync(U(url), Ct), HttpStatusCode.OK, "head reads 10");
        Assert.Equal(10, ten["respondents"]!.GetValue<int>());
        var q1 = ten["questions"]![0]!;
        Assert.False(q1["suppressed"]!.GetValue<bool>());
        Assert.All(q1["counts"]!.AsArray(), c => Assert.Null(c));

        // 10 more the other way: 10 and 10 shown; the two empty values of the second question stay hidden.
        await JsonAsync(await mine.PostAsJsonAsync(U(url + "/responses"), Responses(10, 1, 4), Ct), HttpStatusCode.OK, "10 more");
        var twenty = await JsonAsync(await mine.GetAsync(U(url), Ct), HttpStatusCode.OK, "owner reads 20");
        Assert.Equal(new[] { 10, 10 }, twenty["questions"]![0]!["counts"]!.AsArray().Select(c => c!.GetValue<int>()).ToArray());
        Assert.Equal(new int?[] { null, null, 10, 10 }, twenty["questions"]![1]!["counts"]!.AsArray().Select(c => c?.GetValue<int>()).ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await otherHead.GetAsync(U(url), Ct)).StatusCode);
        await using (var s = app.Services.CreateAsyncScope())
            Assert.Equal(20, await s.ServiceProvider.GetRequiredService<MaillageDbContext>().SurveyResponses.CountAsync(r => r.SurveyId == id, Ct));

        // Collaborative actions: its own only.
        var action = await JsonAsync(await mine.PostAsJsonAsync(U(Routes.Api.CollaborativeActions),
            new { title = "Journée patients", partner_kind = "filiere", partner_id = "CARDIOGEN", starts_on = "2026-05-01", status = "planned" }, Ct), HttpStatusCode.Created, "action");
        var actionUrl = $"{Routes.Api.CollaborativeActions}/{action["id"]}";
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(theirs, actionUrl, new { title = "Détournée", partner_kind = "filiere", partner_id = "CARDIOGEN", starts_on = "2026-05-01" }, null)).StatusCode);
        var unknown = await JsonAsync(await mine.PostAsJsonAsync(U(Routes.Api.CollaborativeActions),
            new { title = "X", partner_kind = "centre", partner_id = "NOPE-1", starts_on = "2026-05-01" }, Ct), HttpStatusCode.UnprocessableEntity, "unknown partner");
        Assert.NotNull(unknown["errors"]!["partner_id"]);

        var space = await JsonAsync(await mine.GetAsync(U($"{Routes.Api.Associations}/{own}/space"), Ct), HttpStatusCode.OK, "space");
        Assert.Contains(space["surveys"]!.AsArray(), x => x!["id"]!.GetValue<string>() == id);
        Assert.Contains(space["actions"]!.AsArray(), x => x!["id"]!.GetValue<string>() == action["id"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_pages_show_the_space_to_its_association_and_the_results_to_the_centre(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string own, other;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            own = (await DemoAccounts.PlanAsync(db, Ct)).Single(a => a.UserName == "association").ScopeId!;
            other = await db.Associations.Where(a => a.Id != own).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync(Ct);
        }
        var demoSurvey = $"ENQ-{DateTime.Today.Year}-0001";
        using var association = await app.SignInAsync("association");
        var space = await association.GetPageAsync($"{Routes.Pages.Associations}/{own}/espace");
        Assert.Contains("enquête fictive", space, StringComparison.Ordinal);
        Assert.Contains("table-actions", space, StringComparison.Ordinal);
        // The partner of a new survey or action is chosen with a picker (docs/pickers.md), not a typed code: the field asks the
        // centres' or the filières' suggestions as the select next to it says, and the filières' route answers a partial name.
        foreach (var form in new[] { "Survey", "Action" })
        {
            Assert.Contains($"data-picker=\"partner\" data-suggest-url=\"{Routes.Api.Suggestions}/centres\" data-suggest-from=\"{form}-PartnerKind\"", space, StringComparison.Ordinal);
            Assert.Matches($"<select[^>]*id=\"{form}-PartnerKind\"[^>]*>.*data-suggest-url=\"{Routes.Api.Suggestions}/centres\".*data-suggest-url=\"{Routes.Api.Suggestions}/filieres\"", space);
        }
        Assert.DoesNotContain("Identifiant du centre ou sigle de la filière", space, StringComparison.Ordinal);
        using (var filieres = await association.GetAsync(U($"{Routes.Api.Suggestions}/filieres?q=cardio"), Ct))
            Assert.Contains("CARDIOGEN", await filieres.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using (var refused = await association.GetAsync(U($"{Routes.Pages.Associations}/{other}/espace"), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // The demo survey's results, shared with the demo head's centre: aggregated, small counts hidden.
        using var head = await app.SignInAsync("responsable");
        var results = await head.GetPageAsync($"{Routes.Pages.Surveys}/{demoSurvey}");
        Assert.Contains("Total des réponses", results, StringComparison.Ordinal);
        Assert.Contains("masqué", results, StringComparison.Ordinal);
        Assert.DoesNotContain("form-reponses", results, StringComparison.Ordinal); // the centre reads, does not edit
        Assert.Contains(demoSurvey, await head.GetPageAsync(Routes.Pages.Surveys), StringComparison.Ordinal);
        using var committee = await app.SignInAsync("comite");
        using (var refused = await committee.GetAsync(U($"{Routes.Pages.Surveys}/{demoSurvey}"), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
