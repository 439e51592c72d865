using Maillage.Browser.Tests.Infrastructure;
using Maillage.Browser.Tests.Pages;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

/// <summary>The app of the report scenario (it writes).</summary>
public sealed class ReportBrowserApp : BrowserApp;

/// <summary>
/// The browser scenario for annual reports: the centre head fills the report (autosave), submits it; the
/// establishment direction validates it; the compliance page shows the verdict with each finding.
/// </summary>
public sealed class ReportScenarioTests(ReportBrowserApp app) : IClassFixture<ReportBrowserApp>
{
    private const string DirectionUser = "direction-rapport";

    [Fact]
    public async Task The_head_fills_and_submits_the_report_the_direction_validates_it_and_sees_the_compliance_verdict()
    {
        var (centreId, legalEntity) = await ResponsableCentreAsync();
        await EnsureDirectionAsync(legalEntity);
        var year = DateTime.Today.Year;

        // The centre head fills the form; a change is saved automatically, then the draft is saved and submitted.
        var headPage = await app.NewPageAsync();
        var signIn = new SignInPage(headPage);
        await signIn.GotoAsync();
        await signIn.SignInAsync("responsable", DemoAccounts.Password);
        await headPage.WaitForURLAsync(u => !u.Contains(Routes.Pages.SignIn, StringComparison.Ordinal));
        var report = new ReportPage(headPage, centreId, year);
        await report.GotoAsync();
        await Assertions.Expect(report.Status).ToHaveTextAsync("Brouillon");
        await report.ActivePatients.FillAsync("260");
        await report.ActivePatients.BlurAsync();
        await Assertions.Expect(report.Autosave).ToContainTextAsync("Brouillon enregistré automatiquement");
        await report.Consultations.FillAsync("410");
        await report.DayHospitalStays.FillAsync("35");
        await report.ResearchProjects.FillAsync($"Cohorte nationale | {year - 1} | PHRC\nRegistre européen | {year - 2} | Europe");
        await report.SaveAsync();
        await Assertions.Expect(report.SuccessMessage).ToContainTextAsync("Le rapport a été enregistré.");
        await Assertions.Expect(report.ActivePatients).ToHaveValueAsync("260");
        await report.ActAsync("submit");
        await Assertions.Expect(report.SuccessMessage).ToContainTextAsync("soumis à la direction");
        await Assertions.Expect(report.Status).ToHaveTextAsync("Soumis");
        report.AssertNoProblems();

        // The establishment direction validates it: the report is locked.
        var directionPage = await app.NewPageAsync();
        var signIn2 = new SignInPage(directionPage);
        await signIn2.GotoAsync();
        await signIn2.SignInAsync(DirectionUser, DemoAccounts.Password);
        await directionPage.WaitForURLAsync(u => !u.Contains(Routes.Pages.SignIn, StringComparison.Ordinal));
        var toValidate = new ReportPage(directionPage, centreId, year);
        await toValidate.GotoAsync();
        await Assertions.Expect(toValidate.Status).ToHaveTextAsync("Soumis");
        await toValidate.ActAsync("validate");
        await Assertions.Expect(toValidate.Status).ToHaveTextAsync("Validé");
        await Assertions.Expect(toValidate.ActivePatients).ToBeDisabledAsync();

        // The compliance page: a verdict and one finding per criterion, each with its rule.
        await toValidate.OpenComplianceAsync();
        await Assertions.Expect(toValidate.Verdict).ToBeVisibleAsync();
        var verdict = await toValidate.Verdict.GetAttributeAsync("data-verdict");
        Assert.Contains(verdict, new[] { "compliant", "compliant_with_exception", "non_compliant", "incomplete" });
        await Assertions.Expect(directionPage.Locator("#constats tbody tr")).ToHaveCountAsync(6);
        await Assertions.Expect(directionPage.Locator("#constats tr[data-criterion='active_patients'] [data-status]")).ToHaveTextAsync("atteint");
        await Assertions.Expect(directionPage.Locator("#constats tr[data-criterion='research'] [data-status]")).ToHaveTextAsync("atteint");
        await Screenshots.TakeAsync(directionPage, "rapport-conformite");
        toValidate.AssertNoProblems();
    }

    private async Task<(string CentreId, string LegalEntity)> ResponsableCentreAsync()
    {
        await using var s = app.Factory.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var id = (await DemoAccounts.PlanAsync(db, TestContext.Current.CancellationToken)).Single(a => a.UserName == "responsable").ScopeId!;
        var c = await db.Centres.Include(x => x.Establishment).SingleAsync(x => x.Id == id, TestContext.Current.CancellationToken);
        return (id, c.Establishment!.LegalEntityFiness ?? c.EstablishmentFiness);
    }

    /// <summary>The direction of the head's legal entity (the demo "etablissement" account is AP-HP's, which may be another one).</summary>
    private async Task EnsureDirectionAsync(string legalEntity)
    {
        await using var s = app.Factory.Services.CreateAsyncScope();
        var users = s.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByNameAsync(DirectionUser) is not null) return;
        var result = await users.CreateAsync(new AppUser
        {
            UserName = DirectionUser, Role = UserRole.Establishment, ScopeId = legalEntity, DisplayName = "Direction de l'établissement (test)",
        }, DemoAccounts.Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
