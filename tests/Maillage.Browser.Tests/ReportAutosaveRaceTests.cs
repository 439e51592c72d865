using Maillage.Browser.Tests.Infrastructure;
using Maillage.Browser.Tests.Pages;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

/// <summary>The app of the autosave race (it writes the responsable's report of the year).</summary>
public sealed class ReportAutosaveBrowserApp : BrowserApp;

/// <summary>
/// The report form's autosave must not race its own save (found by the project's CI under load: the head's « Enregistrer
/// le brouillon » was refused as « modifié entre-temps » by the head's own autosave, whose answer — the new version — had
/// not come back yet). The form's guard (report-rows.js) counts htmx's requests: here one is declared on its way, as htmx
/// announces it; the save clicked meanwhile must not leave the page until that request has ended, then goes and is applied.
/// </summary>
public sealed class ReportAutosaveRaceTests(ReportAutosaveBrowserApp app) : IClassFixture<ReportAutosaveBrowserApp>
{
    [Fact]
    public async Task A_save_clicked_while_an_autosave_is_on_its_way_waits_for_it_then_is_applied()
    {
        string centreId;
        await using (var s = app.Factory.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            centreId = (await DemoAccounts.PlanAsync(db, TestContext.Current.CancellationToken)).Single(a => a.UserName == "responsable").ScopeId!;
        }
        var page = await app.NewPageAsync();
        var signIn = new SignInPage(page);
        await signIn.GotoAsync();
        await signIn.SignInAsync("responsable", DemoAccounts.Password);
        await page.WaitForURLAsync(u => !u.Contains(Routes.Pages.SignIn, StringComparison.Ordinal));
        var report = new ReportPage(page, centreId, DateTime.Today.Year);
        await report.GotoAsync();
        await Assertions.Expect(report.Status).ToHaveTextAsync("Brouillon");
        await report.Consultations.FillAsync("417");

        // An autosave on its way, as htmx announces it on the form.
        await page.EvaluateAsync("() => { window.__maillageOldDocument = true; document.getElementById('formulaire-rapport')"
            + ".dispatchEvent(new CustomEvent('htmx:beforeRequest', { bubbles: true, cancelable: true })); }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__maillageOldDocument === true"), "the save left the page while the autosave was on its way");

        // Its answer comes: the save goes on its own and is applied.
        await page.EvaluateAsync("() => document.getElementById('formulaire-rapport')"
            + ".dispatchEvent(new CustomEvent('htmx:afterRequest', { bubbles: true }))");
        await Assertions.Expect(report.SuccessMessage).ToContainTextAsync("Le rapport a été enregistré.");
        await Assertions.Expect(report.Consultations).ToHaveValueAsync("417");
        report.AssertNoProblems();
    }
}
