using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Maillage.Browser.Tests.Infrastructure;
using Maillage.Browser.Tests.Pages;
using Maillage.Core.Data;
using Maillage.Domain.Activity;
using Maillage.Core.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

/// <summary>The app of the activity upload scenario (it imports data: not shared with read-only browser tests).</summary>
public sealed class ActivityImportBrowserApp : BrowserApp;

/// <summary>
/// The browser scenario for activity extracts: the national administrator signs in, uploads a small generated
/// extract on /activite/import, sees the upload progress, then the job's progress and its finished summary (with the
/// reject reason and the rejects file), and the new row in the import history.
/// </summary>
public sealed class ActivityImportScenarioTests(ActivityImportBrowserApp app) : IClassFixture<ActivityImportBrowserApp>
{
    /// <summary>A deterministic extract over the first open sites: 600 valid acts and one row with an impossible date.</summary>
    private async Task<byte[]> GenerateAsync()
    {
        await using var s = app.Factory.Services.CreateAsyncScope();
        var sites = await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Centres.AsNoTracking().Where(c => c.ClosedOn == null)
            .OrderBy(c => c.Id).Take(5).Select(c => new { c.Id, c.EstablishmentFiness }).ToListAsync(TestContext.Current.CancellationToken);
        _firstSite = sites[0].Id;
        string[] contexts = ["CS", "TLC", "HDJ", "CS_MULTI", "AVIS_DOSSIER", "RCP_ORG"];
        var text = new StringBuilder(ActivityExtract.Header).Append('\n');
        for (var i = 0; i < 600; i++)
        {
            var site = sites[i % sites.Count];
            var patient = (0x1000_0000_0000_0000L + (i % 150)).ToString("x16", CultureInfo.InvariantCulture);
            var date = new DateOnly(2024, 1, 1).AddDays(i % 360).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{patient};{site.EstablishmentFiness};{site.Id};{date};{contexts[i % contexts.Length]};;;confirme;1980;F;75;0\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"1000000000000001;{sites[0].EstablishmentFiness};{sites[0].Id};2024-02-30;CS;;;confirme;1980;F;75;0\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Fact]
    public async Task The_national_administrator_uploads_an_extract_follows_its_progress_and_finds_it_in_the_history()
    {
        var extract = await GenerateAsync();
        var page = await app.NewPageAsync();
        var signIn = new SignInPage(page);
        await signIn.GotoAsync();
        await signIn.SignInAsync("admin", DemoAccounts.Password);
        await page.WaitForURLAsync(url => !url.Contains(Routes.Pages.SignIn, StringComparison.Ordinal));

        var import = new ActivityImportPage(page);
        await import.GotoAsync();
        await Assertions.Expect(import.Heading).ToHaveTextAsync("Importer une extraction d'activité");
        await import.ChooseFileAsync("bamara-navigateur-2024.csv", extract);
        await import.MaxRejectRate.FillAsync("1");

        // Hold the upload request a moment, so that the upload progress can be seen before the job's page opens.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/activite/import", async route =>
        {
            // A ceiling, not a timing: the assertions below may each wait up to 60 s on a loaded machine.
            if (route.Request.Method == "POST") await release.Task.WaitAsync(TimeSpan.FromMinutes(5));
            await route.ContinueAsync();
        });
        await import.ImportButton.ClickAsync();
        await Assertions.Expect(import.UploadProgress).ToBeVisibleAsync();
        await Assertions.Expect(import.UploadStatus).ToContainTextAsync("Téléversement");
        await Assertions.Expect(import.UploadStatus).ToHaveAttributeAsync("aria-live", "polite");
        release.SetResult();

        await page.WaitForURLAsync(new Regex(Routes.Pages.ActivityImport + "/[0-9a-f]{32}$"));
        // The import runs as a job: a generous ceiling for a loaded machine (not a timing assertion).
        await Assertions.Expect(import.JobState).ToHaveTextAsync("Terminé", new() { Timeout = 180_000 });
        await Assertions.Expect(import.JobProgress).ToHaveAttributeAsync("value", "100");
        await Assertions.Expect(import.JobStatus).ToContainTextAsync("601 lignes");
        await Assertions.Expect(import.Summary).ToContainTextAsync("appliqué");
        await Assertions.Expect(import.Summary).ToContainTextAsync("activity_date_invalid");
        await Assertions.Expect(import.RejectsLink).ToBeVisibleAsync();
        await Assertions.Expect(import.HistoryRows.First).ToContainTextAsync("bamara-navigateur-2024.csv");
        await Assertions.Expect(import.HistoryRows.First).ToContainTextAsync("admin");
        await Screenshots.TakeAsync(page, "activity-import");
        import.AssertNoProblems();

        // The centre's page: its indicators per year as charts, and the table as the accessible alternative.
        var centre = new CentrePage(page, _firstSite!);
        await centre.GotoAsync();
        var charts = page.Locator("#graphiques-activite bar-chart");
        await Assertions.Expect(charts).ToHaveCountAsync(2);
        await Assertions.Expect(charts.First.Locator("canvas")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("section[aria-labelledby='titre-activite'] table tbody tr").First.Locator("th")).ToHaveTextAsync("2024");
        await Screenshots.TakeAsync(page, "centre-activity");
        centre.AssertNoProblems();
    }

    private string? _firstSite;
}
