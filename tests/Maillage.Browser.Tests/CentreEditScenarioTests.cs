using Maillage.Browser.Tests.Infrastructure;
using Maillage.Browser.Tests.Pages;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

/// <summary>The app of a browser scenario that edits data (not shared with read-only browser tests).</summary>
public sealed class EditingBrowserApp : BrowserApp;

/// <summary>
/// The browser scenario: the home page's figures, a search from the home box, the centre's page, sign-in,
/// an edit through the form, and the change in the centre's "Historique" under the user's name. Screenshots of the
/// home and centre pages go to .tmp/screenshots/ (gitignored) for a look at the DSFR rendering.
/// </summary>
public sealed class CentreEditScenarioTests(EditingBrowserApp app) : IClassFixture<EditingBrowserApp>
{
    [Fact]
    public async Task A_centre_head_finds_the_centre_from_the_home_page_edits_its_phone_and_sees_it_in_the_history()
    {
        var (centreId, centreName) = await ResponsableCentreAsync();
        var home = new HomePage(await app.NewPageAsync());

        await home.GotoAsync();
        await Assertions.Expect(home.Heading).ToHaveTextAsync("Le réseau maladies rares en chiffres");
        // CARDIOGEN's published figures: 4 coordinating sites, 14 constitutive sites, 60 CCMR.
        await Assertions.Expect(home.FiliereRow("CARDIOGEN")).ToBeVisibleAsync();
        var cells = await home.FiliereRow("CARDIOGEN").Locator("td").AllInnerTextsAsync();
        Assert.Equal(["4", "14", "60"], cells.Skip(1).Take(3).Select(c => c.Trim()));
        await Screenshots.TakeAsync(home.Page, "home");
        home.AssertNoProblems();

        var results = await home.SearchAsync(centreName);
        await Assertions.Expect(results.CentreLink(centreId)).ToBeVisibleAsync();
        results.AssertNoProblems();

        var centre = await results.OpenCentreAsync(centreId);
        await Assertions.Expect(centre.Heading).ToHaveTextAsync(centreName);
        await centre.SignInAsync("responsable", DemoAccounts.Password);
        await Assertions.Expect(centre.SignedInUser).ToContainTextAsync("responsable");

        var edit = await centre.EditAsync();
        await edit.Phone.FillAsync("01 98 76 54 32");
        var saved = await edit.SaveAsync();
        edit.AssertNoProblems();

        await Assertions.Expect(saved.SuccessMessage).ToContainTextAsync("Les modifications du centre ont été enregistrées.");
        // The history names the account by its display name, never its user name (docs/security.md, "History authors").
        await Assertions.Expect(saved.LatestChange).ToContainTextAsync("Responsable de centre — démo");
        await Assertions.Expect(saved.LatestChange).ToContainTextAsync("01 98 76 54 32");
        await Screenshots.TakeAsync(saved.Page, "centre");
        centre.AssertNoProblems();
        saved.AssertNoProblems();
    }

    /// <summary>The centre whose head the demo account "responsable" is (a CARDIOGEN coordinating site).</summary>
    private async Task<(string Id, string Name)> ResponsableCentreAsync()
    {
        await using var s = app.Factory.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var id = (await DemoAccounts.PlanAsync(db, TestContext.Current.CancellationToken)).Single(a => a.UserName == "responsable").ScopeId!;
        var name = await db.Centres.Where(c => c.Id == id).Select(c => c.Name).SingleAsync(TestContext.Current.CancellationToken);
        return (id, name);
    }
}
