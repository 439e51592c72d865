using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Features.Home;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Home;

/// <summary>
/// Mon espace (docs/home.md), page and API on both databases: each demo role lands there after signing in and sees its
/// own items and notifications; a user never sees another scope's items; a jury member named or assigned is notified
/// (in the application and through the mail outbox) and alone sees it; marking read is idempotent and one's own.
/// </summary>
public sealed class MySpaceTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri U(string url) => new(url, UriKind.Relative);

    /// <summary>The demo accounts and the section each one's home must list (null: none required by the base demo).</summary>
    public static IEnumerable<TheoryDataRow<DatabaseProvider, string, string?>> DemoHomes()
    {
        (string User, string? Section)[] homes =
        [
            ("admin", "dossier"), ("etablissement", "report"), ("responsable", "report"), ("filiere-cardiogen", "filiere_report"),
            (DemoCommitteeUser, "committee"), ("ars-idf", "report"), ("expert", null), ("association", null),
        ];
        foreach (var row in Databases.All())
            foreach (var (user, section) in homes)
                yield return new TheoryDataRow<DatabaseProvider, string, string?>(row.Data, user, section) { Skip = row.Skip };
    }

    private const string DemoCommitteeUser = Maillage.Core.Demo.DemoCommittee.MemberUserName;

    [Theory, MemberData(nameof(DemoHomes))]
    public async Task A_demo_account_lands_on_its_home_with_its_items_notifications_and_role(DatabaseProvider db, string userName, string? section)
    {
        var app = apps[db];
        using var client = app.PageClient();
        var form = HtmlForm.PostBack(await client.GetPageAsync(Routes.Pages.SignIn + "?returnUrl=%2F"));
        form.Set("Input.UserName", userName).Set("Input.Password", DemoAccounts.Password);
        using (var signIn = await client.PostAsync(U(Routes.Pages.SignIn), form.Content(), Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal(Routes.Pages.MySpace, signIn.Headers.Location!.OriginalString);
        }
        var html = WebUtility.HtmlDecode(await client.GetPageAsync(Routes.Pages.MySpace));
        var account = (await DemoAccountsAsync(app)).Single(a => a.UserName == userName);
        Assert.Contains("<h1>Mon espace</h1>", html, StringComparison.Ordinal);
        Assert.Contains(account.DisplayName, html, StringComparison.Ordinal);
        Assert.Contains(HomeService.About(account.Role)[0], html, StringComparison.Ordinal);
        Assert.Contains("data-notification=", html, StringComparison.Ordinal);
        if (section is not null) Assert.Contains($"data-home-item=\"{section}\"", html, StringComparison.Ordinal);
        // The public home links to it once signed in; the navigation too.
        var home = await client.GetPageAsync(Routes.Pages.Home);
        Assert.Contains("id=\"appel-mon-espace\"", home, StringComparison.Ordinal);
        Assert.Contains("id=\"lien-mon-espace\"", home, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Anonymous_callers_are_sent_to_sign_in_and_the_api_answers_401(DatabaseProvider db)
    {
        using var client = apps[db].PageClient();
        using var page = await client.GetAsync(U(Routes.Pages.MySpace), Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(Routes.Pages.SignIn, new Uri(new Uri("http://localhost"), page.Headers.Location!).AbsolutePath, StringComparison.Ordinal);
        Assert.DoesNotContain("lien-mon-espace", await client.GetPageAsync(Routes.Pages.Home), StringComparison.Ordinal);
        using var api = apps[db].CreateClient();
        using var home = await api.GetAsync(U(Routes.Api.Me + "/home"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, home.StatusCode);
        using var read = await api.PostAsync(U(Routes.Api.Me + "/notifications/1/read"), null, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_api_answers_the_items_of_the_callers_scope_only(DatabaseProvider db)
    {
        var app = apps[db];
        var accounts = await DemoAccountsAsync(app);
        var centre = accounts.Single(a => a.UserName == "responsable").ScopeId!;
        string otherCentre, otherEj;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var data = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            otherCentre = await data.Centres.AsNoTracking().Where(c => c.Id != centre && c.ClosedOn == null).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(Ct);
            var aphp = accounts.Single(a => a.UserName == "etablissement").ScopeId!;
            otherEj = await data.Establishments.AsNoTracking().Where(e => e.Level == Maillage.Domain.Registry.EstablishmentLevel.LegalEntity && e.Finess != aphp)
                .OrderBy(e => e.Finess).Select(e => e.Finess).FirstAsync(Ct);
        }

        using var head = await app.ApiClientAsync(UserRole.CentreHead, centre);
        var json = JsonNode.Parse(await head.GetStringAsync(U(Routes.Api.Me + "/home"), Ct))!;
        Assert.Equal("centre_head", json["role"]!.GetValue<string>());
        var items = json["items"]!.AsArray();
        var report = Assert.Single(items, i => i!["kind"]!.GetValue<string>() == "report" && i["href"]!.GetValue<string>().StartsWith($"/rapports/{centre}/", StringComparison.Ordinal));
        Assert.NotNull(report!["deadline"]);
        Assert.False(string.IsNullOrWhiteSpace(report["subject"]!.GetValue<string>()));
        Assert.DoesNotContain(centre, report["subject"]!.GetValue<string>(), StringComparison.Ordinal); // a name, not the identifier

        // Another centre's head: nothing of the first centre, its own report instead.
        using var other = await app.ApiClientAsync(UserRole.CentreHead, otherCentre);
        var otherItems = JsonNode.Parse(await other.GetStringAsync(U(Routes.Api.Me + "/home"), Ct))!["items"]!.AsArray();
        Assert.DoesNotContain(otherItems, i => i!["href"]!.GetValue<string>().Contains($"/rapports/{centre}/", StringComparison.Ordinal));
        Assert.Contains(otherItems, i => i!["href"]!.GetValue<string>().StartsWith($"/rapports/{otherCentre}/", StringComparison.Ordinal));

        // The demo establishment's direction has reports to validate or transmit; another legal entity's direction none of them.
        var aphpItems = await ItemsAsync(app, new Caller("etablissement", UserRole.Establishment, accounts.Single(a => a.UserName == "etablissement").ScopeId));
        var aphpReports = aphpItems.Where(i => i.Kind == HomeItemKind.Report).Select(i => i.Link).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(aphpReports);
        var otherDirection = await ItemsAsync(app, new Caller("autre-direction", UserRole.Establishment, otherEj));
        Assert.DoesNotContain(otherDirection, i => aphpReports.Contains(i.Link));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_jury_member_named_and_assigned_is_notified_alone_and_marks_read_idempotently(DatabaseProvider db)
    {
        await using var app = new MaillageFactory(db);
        var admin = new Caller("admin", UserRole.NationalAdmin, null);
        var expertUser = await app.CreateUserAsync(UserRole.Expert, null);
        var bystanderUser = await app.CreateUserAsync(UserRole.Expert, null);
        string callId, dossierId, title;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var data = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var users = data.Users.Single(u => u.UserName == expertUser.UserName);
            users.Email = "expert.jury@example.org";
            await data.SaveChangesAsync(Ct);
            var calls = s.ServiceProvider.GetRequiredService<CallService>();
            var today = DateOnly.FromDateTime(DateTime.Today);
            var call = await calls.CreateAsync(admin, new CallInput(CallKind.LabellingCampaign, "Campagne de labellisation (test)", null, today, today.AddDays(10), today.AddDays(40),
                "2023-2028", "2099-2103", new DateOnly(2099, 1, 1), new DateOnly(2103, 12, 31)), Ct);
            Assert.Equal(ProcedureStatus.Ok, call.Status);
            callId = call.DossierId!;
            var member = await calls.AddMemberAsync(admin, callId, new JuryMemberInput(expertUser.UserName, "Dr Juré Test", JurySeat.Expert, false, null, null, null), Ct);
            Assert.Equal(ProcedureStatus.Ok, member.Status);

            // Named: one notification to that account, with its address, put in the mail outbox.
            var named = await data.Set<Notification>().AsNoTracking().SingleAsync(n => n.RecipientUserName == expertUser.UserName, Ct);
            Assert.Equal(CallService.JuryMemberReason, named.Reason);
            Assert.Null(named.AudienceRole);
            Assert.Equal("expert.jury@example.org", named.Email);
            Assert.NotNull(named.EmailNextAttemptAt);
            Assert.Contains("Campagne de labellisation (test)", named.Body, StringComparison.Ordinal);

            var expert = new Caller(expertUser.UserName, UserRole.Expert, null);
            Assert.Equal(ProcedureStatus.Ok, (await calls.DeclareAsync(expert, callId, "Aucun lien d'intérêts.", false, Ct)).Status);
            var seat = await data.Establishments.AsNoTracking().OrderBy(e => e.Finess).Select(e => e.Finess).FirstAsync(Ct);
            dossierId = "LAB-TEST-0001";
            title = "Candidature du réseau fictif (test)";
            data.Set<Dossier>().Add(new Dossier
            {
                Id = dossierId, Kind = ProcedureKind.LabellingApplication, State = DossierState.JuryReview, Title = title, CallId = callId, SeatFiness = seat,
                CreatedBy = "admin", CreatedAt = DateTimeOffset.UtcNow,
            });
            await data.SaveChangesAsync(Ct);
            var id = int.Parse(member.DossierId!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(ProcedureStatus.Ok, (await calls.AssignAsync(admin, dossierId, id, Ct)).Status);
            var assigned = await data.Set<Notification>().AsNoTracking().SingleAsync(n => n.RecipientUserName == expertUser.UserName && n.DossierId == dossierId, Ct);
            Assert.Equal(CallService.JuryAssignedReason, assigned.Reason);
            Assert.NotNull(assigned.EmailNextAttemptAt);
        }

        // The member's home: the dossier to assess (by its title) and both notifications, unread; a bystander sees none.
        var home = await HomeAsync(app, new Caller(expertUser.UserName, UserRole.Expert, null));
        var review = Assert.Single(home.Items, i => i.Kind == HomeItemKind.Jury);
        Assert.Equal(title, review.Subject);
        Assert.Equal($"/procedures/{dossierId}#evaluation", review.Link);
        Assert.Equal(2, home.Notifications.Count);
        Assert.Equal(2, home.Unread);
        Assert.Contains(home.Notifications, n => n.Link == $"/procedures/{dossierId}" && n.LinkLabel!.Contains(title, StringComparison.Ordinal));
        var bystander = await HomeAsync(app, new Caller(bystanderUser.UserName, UserRole.Expert, null));
        Assert.Empty(bystander.Notifications);
        Assert.Empty(bystander.Items);

        // Read through the API: twice is once; another account cannot mark (nor learn about) it.
        var first = home.Notifications[0].Id;
        using var expertApi = await app.ApiClientAsync(expertUser);
        using var bystanderApi = await app.ApiClientAsync(bystanderUser);
        for (var i = 0; i < 2; i++)
        {
            using var r = await expertApi.PostAsync(U($"{Routes.Api.Me}/notifications/{first}/read"), null, Ct);
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }
        using (var r = await bystanderApi.PostAsync(U($"{Routes.Api.Me}/notifications/{first}/read"), null, Ct))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await expertApi.PostAsync(U($"{Routes.Api.Me}/notifications/999999999/read"), null, Ct))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        var json = JsonNode.Parse(await expertApi.GetStringAsync(U(Routes.Api.Me + "/home"), Ct))!;
        Assert.Equal(1, json["unread"]!.GetValue<int>());
        Assert.True(json["notifications"]!.AsArray().Single(n => n!["id"]!.GetValue<int>() == first)!["read"]!.GetValue<bool>());
        Assert.Contains(json["items"]!.AsArray(), i => i!["kind"]!.GetValue<string>() == "jury" && i["subject"]!.GetValue<string>() == title);
        await using (var s = app.Services.CreateAsyncScope())
            Assert.Equal(1, await s.ServiceProvider.GetRequiredService<MaillageDbContext>().NotificationReads.CountAsync(r => r.UserName == expertUser.UserName, Ct));

        // The page: « Tout marquer comme lu » reads the rest.
        using var page = await app.SignInAsync(expertUser.UserName!, TestUsers.Password);
        var html = await page.GetPageAsync(Routes.Pages.MySpace);
        Assert.Contains("data-read=\"false\"", html, StringComparison.Ordinal);
        var all = HtmlForm.All(html).Single(f => f.Action?.Contains("ToutLu", StringComparison.OrdinalIgnoreCase) == true);
        using (var r = await page.PostAsync(U(WebUtility.HtmlDecode(all.Action!)), all.Content(), Ct))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        html = await page.GetPageAsync(Routes.Pages.MySpace);
        Assert.DoesNotContain("data-read=\"false\"", html, StringComparison.Ordinal);
        Assert.Equal(0, (await HomeAsync(app, new Caller(expertUser.UserName, UserRole.Expert, null))).Unread);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Opening_a_succession_tells_the_parties_asked_for_an_opinion_not_the_author(DatabaseProvider db)
    {
        await using var app = new MaillageFactory(db);
        await using var s = app.Services.CreateAsyncScope();
        var data = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var accounts = await DemoAccounts.PlanAsync(data, Ct);
        var centre = accounts.Single(a => a.UserName == "responsable").ScopeId!;
        var ej = await data.Centres.AsNoTracking().Where(c => c.Id == centre).Select(c => c.Establishment!.LegalEntityFiness ?? c.EstablishmentFiness).SingleAsync(Ct);
        var head = new Caller("responsable", UserRole.CentreHead, centre);
        var r = await s.ServiceProvider.GetRequiredService<ProcedureService>().OpenCentreHeadSuccessionAsync(head, centre,
            new SuccessorInput(null, "Pr", "Alex", "Relève", null, null, Maillage.Domain.Registry.HeadStatus.PuPh, new DateOnly(1976, 5, 4), true, null), null, null, Ct);
        Assert.Equal(ProcedureStatus.Ok, r.Status);
        var asked = await data.Set<Notification>().AsNoTracking().Where(n => n.DossierId == r.DossierId && n.Reason == ProcedureService.AskedReason).ToListAsync(Ct);
        Assert.Contains(asked, n => n.AudienceRole == UserRole.Establishment && n.AudienceScopeId == ej);
        Assert.DoesNotContain(asked, n => n.AudienceRole == UserRole.CentreHead && n.AudienceScopeId == centre);
        // The direction sees it on its home, with the dossier's title; the demo establishment account is that direction when AP-HP holds the centre.
        var direction = await HomeAsync(app, new Caller("direction-test", UserRole.Establishment, ej));
        Assert.Contains(direction.Notifications, n => n.Link == $"/procedures/{r.DossierId}" && n.Subject.Contains("Succession", StringComparison.Ordinal));
        Assert.Contains(direction.Items, i => i.Kind == HomeItemKind.Dossier && i.Link.StartsWith($"/procedures/{r.DossierId}#", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<DemoAccounts.Account>> DemoAccountsAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        return await DemoAccounts.PlanAsync(s.ServiceProvider.GetRequiredService<MaillageDbContext>(), Ct);
    }

    private static async Task<HomeView> HomeAsync(MaillageFactory app, Caller caller)
    {
        await using var s = app.Services.CreateAsyncScope();
        return await s.ServiceProvider.GetRequiredService<HomeService>().HomeAsync(caller, Ct);
    }

    private static async Task<IReadOnlyList<HomeItem>> ItemsAsync(MaillageFactory app, Caller caller) => (await HomeAsync(app, caller)).Items;
}
