using System.Net;
using System.Text.RegularExpressions;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Navigation;

/// <summary>Issue 13, §3: a menu shows only what its reader may open. Every demo account signs in, follows every link of
/// the main navigation, the header and the funding tiles, and never meets a 403 (nor a 5xx).</summary>
public sealed partial class MenuLinksTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    /// <summary>Each demo account (README, "Comptes de démonstration") and the anonymous visitor (""), on each database.</summary>
    public static IEnumerable<TheoryDataRow<DatabaseProvider, string>> Accounts()
    {
        foreach (var db in Databases.All())
            foreach (var user in new[] { "admin", "ars-idf", "filiere-cardiogen", "expert", Maillage.Core.Demo.DemoCommittee.MemberUserName, "etablissement", "responsable", "association", "" })
                yield return new TheoryDataRow<DatabaseProvider, string>(db.Data, user) { Skip = db.Skip };
    }

    [Theory, MemberData(nameof(Accounts))]
    public async Task No_menu_link_answers_403_to_its_reader(DatabaseProvider db, string userName)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = apps[db];
        if (userName.Length > 0) await AssertDemoAccountAsync(app, userName);
        using var client = userName.Length == 0 ? app.PageClient() : await app.SignInAsync(userName);

        var home = await client.GetPageAsync(Routes.Pages.Home);
        var links = MenuLinks(home).ToList();
        Assert.Contains(Routes.Pages.Directory, links);
        links.AddRange(TileLinks(await client.GetPageAsync(Routes.Pages.Funding)));
        foreach (var href in links.Distinct(StringComparer.Ordinal))
        {
            using var response = await client.GetAsync(new Uri(href, UriKind.Relative), ct);
            Assert.True(response.StatusCode != HttpStatusCode.Forbidden && (int)response.StatusCode < 500,
                $"{(userName.Length == 0 ? "anonymous" : userName)}: GET {href} → {(int)response.StatusCode}");
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_simulator_is_offered_to_the_ministry_only(DatabaseProvider db)
    {
        var app = apps[db];
        using var admin = await app.SignInAsync("admin");
        using var ars = await app.SignInAsync("ars-idf");
        using var head = await app.SignInAsync("responsable");

        Assert.Contains("/financement/simulateur", TileLinks(await admin.GetPageAsync(Routes.Pages.Funding)));
        Assert.DoesNotContain("/financement/simulateur", TileLinks(await ars.GetPageAsync(Routes.Pages.Funding)));
        // The budget chain is for the ARS (its region) but not for a centre head.
        Assert.Contains(Routes.Pages.Budget, TileLinks(await ars.GetPageAsync(Routes.Pages.Funding)));
        Assert.DoesNotContain(Routes.Pages.Budget, TileLinks(await head.GetPageAsync(Routes.Pages.Funding)));
        // The committee's page: in the ministry's menu, not in a centre head's.
        Assert.Contains(Routes.Pages.Committee, MenuLinks(await admin.GetPageAsync(Routes.Pages.Home)));
        Assert.DoesNotContain(Routes.Pages.Committee, MenuLinks(await head.GetPageAsync(Routes.Pages.Home)));
    }

    private static async Task AssertDemoAccountAsync(MaillageFactory app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var plan = await DemoAccounts.PlanAsync(scope.ServiceProvider.GetRequiredService<MaillageDbContext>(), TestContext.Current.CancellationToken);
        Assert.Contains(plan, a => a.UserName == userName);
    }

    /// <summary>The links of the header (tools and main navigation): everything between the header's start and end.</summary>
    private static IEnumerable<string> MenuLinks(string html)
    {
        var start = html.IndexOf("<header", StringComparison.Ordinal);
        var end = html.IndexOf("</header>", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the page has a header");
        return Hrefs(html[start..end]);
    }

    /// <summary>The links of the page's tiles (the funding page's calculators).</summary>
    private static IEnumerable<string> TileLinks(string html) =>
        TileTitle().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));

    private static IEnumerable<string> Hrefs(string fragment) =>
        Href().Matches(fragment).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .Where(h => h.StartsWith('/') && !h.StartsWith("//", StringComparison.Ordinal) && !h.StartsWith(Routes.Pages.SignIn, StringComparison.Ordinal));

    [GeneratedRegex("<a [^>]*href=\"([^\"]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex("<h2 class=\"fr-tile__title\"><a href=\"([^\"]+)\"")]
    private static partial Regex TileTitle();
}
