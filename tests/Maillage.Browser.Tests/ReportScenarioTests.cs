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
/// The browser scenario for annual reports: the centre head fills the report (autosave), types a malformed DOI
/// in the publications table, saves and reloads (the DOI is still there with its warning), fixes it, sees the checklist
/// complete and confirms the submission; the establishment direction validates it and reads it as text; the compliance
/// page shows the verdict with each finding.
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

        // The centre head fills the form; a change is saved automatically.
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
        foreach (var (field, value) in new[]
        {
            ("Consultations", "410"), ("DayHospitalStays", "35"), ("FullHospitalStays", "8"), ("EtpProgrammes", "1"), ("ExpertOpinions", "12"),
            ("RcpOrganised", "4"), ("RcpAttended", "3"), ("PndsWritten", "0"), ("PndsUpdated", "1"), ("TeleExpertise", "20"), ("BndmrEntry", "true"),
            ("SigapsPoints4y", "420"), ("DuDiuCoordinated", "1"), ("AssociationConventions", "2"), ("ActionPlanRevised", "true"),
        })
            await report.FillAsync("Input." + field, value);

        // The publications are a small table: a row is added, a malformed DOI typed; the projects too.
        await report.Cell("tableau-publications", 1, "Title").FillAsync("Cohorte nationale de patients");
        await report.Cell("tableau-publications", 1, "Journal").FillAsync("Orphanet J Rare Dis");
        await report.Cell("tableau-publications", 1, "Year").FillAsync(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await report.Cell("tableau-publications", 1, "Doi").FillAsync("10.abc/cohorte");
        // The blank row is there without JavaScript; « Ajouter une ligne » adds the second.
        await report.Cell("tableau-projets", 1, "Title").FillAsync("Cohorte nationale");
        await report.Cell("tableau-projets", 1, "Year").FillAsync((year - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await report.Cell("tableau-projets", 1, "Funder").FillAsync("PHRC");
        await report.AddRowAsync("tableau-projets");
        await report.Cell("tableau-projets", 2, "Title").FillAsync("Registre européen");
        await report.Cell("tableau-projets", 2, "Year").FillAsync((year - 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await report.Cell("tableau-projets", 2, "Funder").FillAsync("Europe");
        await report.SaveAsync();
        await Assertions.Expect(report.SuccessMessage).ToContainTextAsync("Le rapport a été enregistré.");

        // Reloaded: the malformed DOI is still there, as typed, with its warning; the rest was saved.
        await report.GotoAsync();
        await Assertions.Expect(report.ActivePatients).ToHaveValueAsync("260");
        await Assertions.Expect(report.Cell("tableau-publications", 1, "Doi")).ToHaveValueAsync("10.abc/cohorte");
        await Assertions.Expect(report.CellWarning("tableau-publications", 1, "Doi")).ToContainTextAsync("DOI « 10.abc/cohorte » invalide");
        await Assertions.Expect(report.DraftWarnings).ToContainTextAsync("un champ à corriger");
        await Assertions.Expect(report.Checklist.Locator("[data-checklist-field='publications']")).ToHaveAttributeAsync("data-state", "invalid");
        await Screenshots.TakeAsync(headPage, "rapport-brouillon-avertissement");

        // The confirmation screen refuses while the DOI is wrong; fixed, the checklist is complete and the head confirms.
        await report.OpenSubmissionAsync();
        await Assertions.Expect(headPage.Locator("[data-confirm='blocked']")).ToBeVisibleAsync();
        await report.GotoAsync();
        await report.Cell("tableau-publications", 1, "Doi").FillAsync("10.1000/cohorte");
        await report.SaveAsync();
        await Assertions.Expect(report.SuccessMessage).ToContainTextAsync("Le rapport a été enregistré.");
        await Assertions.Expect(report.DraftWarnings).ToHaveCountAsync(0);
        await Assertions.Expect(headPage.Locator("[data-checklist-complete='true']")).ToBeVisibleAsync();
        await report.OpenSubmissionAsync();
        await Assertions.Expect(headPage.Locator("[data-confirm='ready']")).ToBeVisibleAsync();
        await report.ActAsync("submit");
        await Assertions.Expect(report.SuccessMessage).ToContainTextAsync("soumis à la direction");
        await Assertions.Expect(report.Status).ToHaveTextAsync("Soumis");
        await Assertions.Expect(report.ReadOnly).ToBeVisibleAsync();
        report.AssertNoProblems();

        // The establishment direction validates it: the report is locked and reads as text, not greyed inputs.
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
        await Assertions.Expect(toValidate.ActivePatients).ToHaveCountAsync(0);
        await Assertions.Expect(directionPage.Locator("dd[data-field='active_patients']")).ToContainTextAsync("260");
        await Assertions.Expect(directionPage.Locator("#lecture-publications a[href='https://doi.org/10.1000/cohorte']")).ToBeVisibleAsync();

        // The compliance page: a verdict and one finding per criterion, each with its rule.
        await toValidate.OpenComplianceAsync();
        await Assertions.Expect(toValidate.Verdict).ToBeVisibleAsync();
        var verdict = await toValidate.Verdict.GetAttributeAsync("data-verdict");
        Assert.Contains(verdict, new[] { "compliant", "compliant_with_exception", "non_compliant", "incomplete" });
        // Six criteria, plus bndmr (declared) and verified_active_patients when an activity extract covers the year.
        await Assertions.Expect(directionPage.Locator("#constats tbody tr").Nth(6)).ToBeVisibleAsync();
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
