using Maillage.Browser.Tests.Infrastructure;
using Maillage.Browser.Tests.Pages;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Features.Associations;
using Maillage.Domain.Associations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

/// <summary>The app of the roles' day tasks (the committee's opinion and the association's action write).</summary>
public sealed class RoleDayBrowserApp : BrowserApp;

/// <summary>
/// One day's task, in a browser, for the roles the other scenarios do not follow (issue 13, « Done means »): the follow-up
/// committee gives its opinion on the dossier referred to it, from Mon espace; an association records a collaborative
/// action with a centre chosen by name in a picker; a regional agency opens, from Mon espace, a report transmitted in its
/// region and reads it as text.
/// </summary>
public sealed class RoleDayScenarioTests(RoleDayBrowserApp app) : IClassFixture<RoleDayBrowserApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(IPage Page, MySpacePage Home)> SignedInAsync(string user)
    {
        var page = await app.NewPageAsync();
        var signIn = new SignInPage(page);
        await Steps.RunAsync(page, "open the sign-in page", signIn.GotoAsync);
        await Steps.RunAsync(page, "sign in as " + user, () => signIn.SignInAsync(user, DemoAccounts.Password));
        await Steps.RunAsync(page, "land on Mon espace", () => page.WaitForURLAsync("**" + Routes.Pages.MySpace));
        return (page, new MySpacePage(page));
    }

    [Fact]
    public async Task The_committee_gives_its_opinion_on_the_dossier_referred_to_it_from_its_home()
    {
        var (page, home) = await SignedInAsync(Maillage.Core.Demo.DemoCommittee.MemberUserName);
        var link = home.Items("committee").First.GetByRole(AriaRole.Link).First;
        await Steps.RunAsync(page, "follow the referred dossier", () => link.ClickAndWaitForNewPageAsync());
        var path = new Uri(page.Url).AbsolutePath;
        Assert.StartsWith(Routes.Pages.Procedures + "/", path, StringComparison.Ordinal);
        var dossier = new DossierPage(page, path);
        await Assertions.Expect(dossier.State).ToHaveTextAsync("Avis du comité de suivi en attente");

        await Steps.RunAsync(page, "give the committee's opinion", () => dossier.ActAsync("Enregistrer l'avis du comité", "Avis favorable du comité, réuni ce jour.", "favourable"));
        await Assertions.Expect(dossier.State).ToHaveTextAsync("Décision de la DGOS en attente");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Avis favorable du comité, réuni ce jour.");
        home.AssertNoProblems();
    }

    [Fact]
    public async Task An_association_records_a_collaborative_action_with_a_centre_chosen_by_name()
    {
        string associationId;
        (string Id, string Name) centre;
        await using (var s = app.Factory.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            associationId = (await DemoAccounts.PlanAsync(db, Ct)).Single(a => a.UserName == "association").ScopeId!;
            var c = await db.Centres.AsNoTracking().Where(x => x.ClosedOn == null).OrderBy(x => x.Id).Skip(7).FirstAsync(Ct);
            centre = (c.Id, c.Name);
        }
        var (page, _) = await SignedInAsync("association");
        await Steps.RunAsync(page, "open the association's space", async () =>
        {
            var response = await page.GotoAsync($"{Routes.Pages.Associations}/{Uri.EscapeDataString(associationId)}/espace");
            Assert.True(response!.Ok, $"the space answered {response.Status}");
        });
        var form = page.Locator("#form-action");
        await Steps.RunAsync(page, "fill a new action", async () =>
        {
            await page.Locator("summary").Filter(new() { HasText = "Nouvelle action collaborative" }).ClickAsync();
            await form.Locator("#Action-Title").FillAsync("Journée patients-soignants");
            await form.Locator("#Action-Description").FillAsync("Une journée d'information co-organisée avec le centre.");
            await form.Locator("#Action-PartnerKind").SelectOptionAsync(PartnerKind.Centre.Code());
            // The centre by its identifier, chosen in the suggestions, which show its name.
            await page.PickAsync("#Action-PartnerId", centre.Id, centre.Id);
            await Assertions.Expect(form.Locator("#Action-PartnerId")).ToHaveValueAsync(centre.Name);
            await form.Locator("#Action-StartsOn").FillAsync(DateTime.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        });
        await Steps.RunAsync(page, "add the action", () => form.GetByRole(AriaRole.Button, new() { Name = "Ajouter l’action" }).ClickAndWaitForNewPageAsync());
        var row = page.Locator("#table-actions tbody tr").Filter(new() { HasText = "Journée patients-soignants" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync(centre.Name);

        await using (var s = app.Factory.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var saved = await db.CollaborativeActions.AsNoTracking().SingleAsync(a => a.AssociationId == associationId && a.Title == "Journée patients-soignants", Ct);
            Assert.Equal(PartnerKind.Centre, saved.PartnerKind);
            Assert.Equal(centre.Id, saved.PartnerId);
        }
    }

    [Fact]
    public async Task A_regional_agency_reads_a_report_transmitted_in_its_region_from_its_home()
    {
        var (page, home) = await SignedInAsync("ars-idf");
        var link = home.Items("report").First.GetByRole(AriaRole.Link).First;
        await Steps.RunAsync(page, "follow the transmitted reports", () => link.ClickAndWaitForNewPageAsync());
        Assert.StartsWith(Routes.Pages.Reports, new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        var rows = page.Locator("#rapports tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        foreach (var region in await rows.Locator("td:nth-child(6)").AllInnerTextsAsync())
            Assert.Equal("Île-de-France", region.Trim());
        foreach (var status in await rows.Locator("td:nth-child(7)").AllInnerTextsAsync())
            Assert.Equal("transmis", status.Trim(), ignoreCase: true);

        await Steps.RunAsync(page, "open the first report", () => rows.First.Locator("td:nth-child(2) a").ClickAndWaitForNewPageAsync());
        var segments = new Uri(page.Url).AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var report = new ReportPage(page, Uri.UnescapeDataString(segments[^2]), int.Parse(segments[^1], System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(report.Status).ToHaveAttributeAsync("data-report-status", "transmitted");
        await Assertions.Expect(report.ReadOnly).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("form button[type=submit]").Filter(new() { HasText = "Enregistrer le brouillon" })).ToHaveCountAsync(0);
        home.AssertNoProblems();
        report.AssertNoProblems();
    }
}
