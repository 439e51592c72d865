using System.Net;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Registry;

/// <summary>
/// « Pour les professeurs consultants après 68 ans : pas de possibilité de poursuivre leur activité de coordonnateur »
/// (DGOS, présentation maladies rares du 7 avril 2022, « Rappel des critères de labellisation »): the heads who reach 68
/// before their mandate's end are listed, with the date, to the ministry (every centre) and to the filière coordinator
/// (the filière's centres), on a page and through the API; the notification is raised ahead of the date, once.
/// Boundaries on the mandate's end: the 68th birthday on its last day is listed, the day after is not.
/// </summary>
public sealed class HeadAgeAlertTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.Today);

    internal sealed record Setup(string OnLastDay, string DayAfter, string SoonCentre, string FiliereA, string FiliereB);

    /// <summary>Three centres with one current head each, the first two in filière A, the third in another filière B.</summary>
    internal static async Task<Setup> ArrangeAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var today = Today;
        var rows = await db.Mandates.Include(m => m.Person)
            .Where(m => m.Role == MandateRole.CentreHead && m.CentreId != null && m.From <= today && m.To == null)
            .Join(db.Centres.Where(c => c.NetworkId != null && c.ClosedOn == null), m => m.CentreId, c => c.Id, (m, c) => new { Mandate = m, c.NetworkId })
            .Join(db.Networks, x => x.NetworkId, n => n.Id, (x, n) => new { x.Mandate, n.FiliereAcronym })
            .ToListAsync(Ct);
        // One head per centre and per person, so that changing a birth date concerns one row.
        var single = rows.GroupBy(r => r.Mandate.PersonId).Where(g => g.Count() == 1).Select(g => g.Single())
            .GroupBy(r => r.Mandate.CentreId).Where(g => g.Count() == 1).Select(g => g.Single()).ToList();
        var byFiliere = single.GroupBy(r => r.FiliereAcronym).Where(g => g.Count() >= 2).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var a = byFiliere[0].OrderBy(r => r.Mandate.CentreId, StringComparer.Ordinal).Take(2).ToList();
        var b = single.Where(r => r.FiliereAcronym != byFiliere[0].Key).OrderBy(r => r.Mandate.CentreId, StringComparer.Ordinal).First();
        // Everyone else is young: the lists below are exactly ours.
        foreach (var p in await db.People.ToListAsync(Ct)) p.BirthDate = p.BirthDate is null ? null : new DateOnly(1990, 1, 1);
        // A: the mandate ends in 100 days; the first head turns 68 on its last day, the second the day after.
        var end = today.AddDays(100);
        a[0].Mandate.To = end;
        a[0].Mandate.Person!.BirthDate = end.AddYears(-68);
        a[1].Mandate.To = end;
        a[1].Mandate.Person!.BirthDate = end.AddDays(1).AddYears(-68);
        // B: no end date (the labelling period's end), 68 in two months: the alert is due (lead time 6 months).
        b.Mandate.Person!.BirthDate = today.AddMonths(2).AddYears(-68);
        await db.SaveChangesAsync(Ct);
        return new Setup(a[0].Mandate.CentreId!, a[1].Mandate.CentreId!, b.Mandate.CentreId!, byFiliere[0].Key, b.FiliereAcronym);
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient c, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var r = await c.GetAsync(new Uri(url, UriKind.Relative), Ct);
        var text = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static List<string> Centres(JsonNode list) => list["heads"]!.AsArray().Select(h => h!["centre_id"]!.GetValue<string>()).ToList();

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Heads_reaching_68_are_listed_scoped_and_notified_once(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var setup = await ArrangeAsync(app);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var filiereA = await app.ApiClientAsync(UserRole.FiliereCoordinator, setup.FiliereA);
        using var filiereB = await app.ApiClientAsync(UserRole.FiliereCoordinator, setup.FiliereB);
        using var head = await app.ApiClientAsync(UserRole.CentreHead, setup.OnLastDay);
        using var anonymous = app.CreateClient();

        var all = await GetJsonAsync(admin, Routes.Api.HeadAgeAlerts);
        Assert.Equal(68, all["age"]!.GetValue<int>());
        Assert.Equal(6, all["lead_months"]!.GetValue<int>());
        Assert.Equal([setup.SoonCentre, setup.OnLastDay], Centres(all));
        var onLastDay = all["heads"]!.AsArray().Single(h => h!["centre_id"]!.GetValue<string>() == setup.OnLastDay)!;
        Assert.Equal(onLastDay["mandate_end"]!.GetValue<string>(), onLastDay["reaches_on"]!.GetValue<string>());
        Assert.False(onLastDay["mandate_end_is_period_end"]!.GetValue<bool>());
        var soon = all["heads"]!.AsArray().Single(h => h!["centre_id"]!.GetValue<string>() == setup.SoonCentre)!;
        Assert.True(soon["alert_due"]!.GetValue<bool>());
        Assert.True(soon["mandate_end_is_period_end"]!.GetValue<bool>());
        Assert.Equal(setup.OnLastDay, Assert.Single(Centres(await GetJsonAsync(filiereA, Routes.Api.HeadAgeAlerts))));
        Assert.Equal(setup.SoonCentre, Assert.Single(Centres(await GetJsonAsync(filiereB, Routes.Api.HeadAgeAlerts))));
        await GetJsonAsync(head, Routes.Api.HeadAgeAlerts, HttpStatusCode.Forbidden);
        await GetJsonAsync(anonymous, Routes.Api.HeadAgeAlerts, HttpStatusCode.Unauthorized);

        // The alerts due are raised once: the second run adds nothing (the centre in 100 days is due too: 6 months' lead).
        int first, second;
        await using (var s = app.Services.CreateAsyncScope())
            first = await s.ServiceProvider.GetRequiredService<HeadAgeAlerts>().RaiseDueAsync(Ct);
        await using (var s = app.Services.CreateAsyncScope())
            second = await s.ServiceProvider.GetRequiredService<HeadAgeAlerts>().RaiseDueAsync(Ct);
        Assert.True(first >= 4, $"{first} notifications"); // ministry ×2, filière A, filière B (at least one row each)
        Assert.Equal(0, second);
        var inboxB = (await GetJsonAsync(filiereB, Routes.Api.Notifications)).AsArray();
        var alert = Assert.Single(inboxB, n => n!["reason"]!.GetValue<string>() == HeadAgeAlerts.Reason)!;
        Assert.Contains("68 ans", alert["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(inboxB, n => n!["body"]!.GetValue<string>().Contains(setup.OnLastDay, StringComparison.Ordinal));
        Assert.Equal(2, (await GetJsonAsync(admin, Routes.Api.Notifications)).AsArray().Count(n => n!["reason"]!.GetValue<string>() == HeadAgeAlerts.Reason));
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            Assert.Equal(first, await db.Set<Maillage.Core.Features.Procedures.Notification>().CountAsync(n => n.Reason == HeadAgeAlerts.Reason, Ct));
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_page_shows_the_list_to_the_ministry_and_the_filiere_and_refuses_others(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var setup = await ArrangeAsync(app);
        using (var admin = await app.SignInAsync("admin"))
        {
            var html = await admin.GetPageAsync(Routes.Pages.HeadAgeAlerts);
            Assert.Contains($"data-centre=\"{setup.OnLastDay}\"", html, StringComparison.Ordinal);
            Assert.Contains($"data-centre=\"{setup.SoonCentre}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain($"data-centre=\"{setup.DayAfter}\"", html, StringComparison.Ordinal);
            Assert.Contains(Routes.Pages.HeadAgeAlerts, await admin.GetPageAsync(Routes.Pages.Registry), StringComparison.Ordinal);
        }
        var coordinator = await app.CreateUserAsync(UserRole.FiliereCoordinator, setup.FiliereB);
        using (var filiere = await app.SignInAsync(coordinator.UserName!, TestUsers.Password))
        {
            var html = await filiere.GetPageAsync(Routes.Pages.HeadAgeAlerts);
            Assert.Contains($"data-centre=\"{setup.SoonCentre}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain($"data-centre=\"{setup.OnLastDay}\"", html, StringComparison.Ordinal);
        }
        var headUser = await app.CreateUserAsync(UserRole.CentreHead, setup.OnLastDay);
        using (var headPage = await app.SignInAsync(headUser.UserName!, TestUsers.Password))
        using (var r = await headPage.GetAsync(new Uri(Routes.Pages.HeadAgeAlerts, UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }
}

/// <summary><c>maillage registry age-limit [--raise]</c>: the same list, and the alerts raised once, from the command line.</summary>
[Collection(nameof(ProcessStateCollection))]
public sealed class HeadAgeCliTests
{
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_cli_lists_the_heads_and_raises_the_alerts_once(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var setup = await HeadAgeAlertTests.ArrangeAsync(app);
        var (code, output, errors) = await CliRunner.RunAsync(app, "registry", "age-limit", "--raise");
        Assert.True(code == 0, errors);
        Assert.Contains(setup.OnLastDay, output, StringComparison.Ordinal);
        Assert.Contains(setup.SoonCentre, output, StringComparison.Ordinal);
        Assert.DoesNotContain(setup.DayAfter + " ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\n0 notification ajoutée.", "\n" + output, StringComparison.Ordinal);
        var (again, output2, errors2) = await CliRunner.RunAsync(app, "registry", "age-limit", "--raise");
        Assert.True(again == 0, errors2);
        Assert.Contains("0 notification ajoutée.", output2, StringComparison.Ordinal);
    }
}
