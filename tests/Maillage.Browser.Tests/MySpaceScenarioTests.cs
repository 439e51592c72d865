using Maillage.Browser.Tests.Infrastructure;
using Maillage.Browser.Tests.Pages;
using Maillage.Core.Features.Accounts;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

/// <summary>The app of the Mon espace scenarios (marking a notification read writes).</summary>
public sealed class MySpaceBrowserApp : BrowserApp;

/// <summary>
/// Mon espace in a browser (issue 13 §1), for every role that signs in: the person lands on the role's own home, sees
/// what waits (with a link to the page where the person acts, followed), the notifications and two lines on what
/// Maillage does for the role. The centre head, the establishment direction and the ministry also mark a notification
/// read, and their homes are saved as README's screenshots (docs/screenshots/mon-espace-*.png). The demo gives the jury
/// expert and the association nothing to do on a first start: their homes are read, with no item to follow.
/// </summary>
public sealed class MySpaceScenarioTests(MySpaceBrowserApp app) : IClassFixture<MySpaceBrowserApp>
{
    [Theory]
    [InlineData("responsable", "Responsable de centre", "report", "/rapports/", true)]
    [InlineData("etablissement", "Direction d'établissement", "report", "/rapports/", true)]
    [InlineData("admin", "Administration nationale", "dossier", "/procedures/", true)]
    [InlineData("ars-idf", "Agence régionale de santé", "report", "/rapports", false)]
    [InlineData("filiere-cardiogen", "Coordination de filière", "filiere_report", "/filieres/", false)]
    [InlineData(Maillage.Core.Demo.DemoCommittee.MemberUserName, "Comité de suivi de la labellisation", "committee", "/procedures/", false)]
    [InlineData("expert", "Expert membre d'un jury", null, null, false)]
    [InlineData("association", "Association", null, null, false)]
    public async Task A_person_signs_in_lands_on_the_home_of_the_role_and_follows_an_item(string userName, string role, string? section, string? target, bool readme)
    {
        var page = await app.NewPageAsync();
        var signIn = new SignInPage(page);
        await Steps.RunAsync(page, "open the sign-in page", signIn.GotoAsync);
        await Steps.RunAsync(page, "sign in as " + userName, () => signIn.SignInAsync(userName, DemoAccounts.Password));
        await Steps.RunAsync(page, "land on Mon espace", () => page.WaitForURLAsync("**" + Routes.Pages.MySpace));

        var home = new MySpacePage(page);
        await Steps.RunAsync(page, "read the home", async () =>
        {
            await Assertions.Expect(home.Heading).ToHaveTextAsync("Mon espace");
            await Assertions.Expect(home.Account).ToContainTextAsync(role);
            await Assertions.Expect(home.About).ToContainTextAsync("Maillage");
            if (section is not null) await Assertions.Expect(home.Items(section).First).ToBeVisibleAsync();
            Assert.True(await home.Notifications.CountAsync() > 0, "no notification on the home");
        });
        if (!readme || section is null || target is null)
        {
            await FollowAsync(page, home, section, target);
            return;
        }
        await Steps.GetAsync(page, "screenshot for README", () => Screenshots.TakeForDocsAsync(page, "mon-espace-" + userName));

        // A notification read stays read.
        var unread = await home.UnreadNotifications.CountAsync();
        Assert.True(unread > 0, "no unread notification");
        await Steps.RunAsync(page, "mark a notification read", async () =>
        {
            await home.MarkFirstReadAsync();
            await Assertions.Expect(home.UnreadNotifications).ToHaveCountAsync(unread - 1);
            await page.WaitForURLAsync("**" + Routes.Pages.MySpace + "**");
        });

        await FollowAsync(page, home, section, target);
    }

    /// <summary>The first item leads to the page where the person acts, and that page answers (nothing to follow without an item).</summary>
    private static async Task FollowAsync(IPage page, MySpacePage home, string? section, string? target)
    {
        if (section is null || target is null)
        {
            home.AssertNoProblems();
            return;
        }
        var link = home.Items(section).First.GetByRole(AriaRole.Link).First;
        var href = await Steps.GetAsync(page, "read the item's link", () => link.GetAttributeAsync("href"));
        Assert.StartsWith(target, href, StringComparison.Ordinal);
        await Steps.RunAsync(page, "follow the item's link", async () =>
        {
            await link.ClickAsync();
            await page.WaitForURLAsync(u => new Uri(u).AbsolutePath.StartsWith(target, StringComparison.Ordinal));
        });
        var response = await Steps.GetAsync(page, "reload " + href, () => page.ReloadAsync());
        Assert.True(response!.Ok, $"{href} answered {response.Status}");
        home.AssertNoProblems();
    }
}
