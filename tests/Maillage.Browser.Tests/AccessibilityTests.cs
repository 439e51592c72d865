using Maillage.Browser.Tests.Infrastructure;
using Maillage.Browser.Tests.Pages;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

/// <summary>
/// axe-core on every page type (issue 13 §7): the public pages as anonymous, the working pages as the national
/// administration, and an error page. The test fails on any serious or critical violation and lists them all.
/// </summary>
public sealed class AccessibilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Public_pages_have_no_serious_or_critical_accessibility_violation()
    {
        var (centre, network, _, _) = await SamplesAsync();
        var page = await app.NewPageAsync();
        await AssertNoViolationsAsync(page, [
            Routes.Pages.Home, Routes.Pages.Directory, Routes.Pages.Structures, $"{Routes.Pages.Centres}/{centre}", $"{Routes.Pages.Networks}/{network}",
            Routes.Pages.Filieres, Routes.Pages.Territory, Routes.Pages.SignIn,
        ]);
    }

    [Fact]
    public async Task Working_pages_have_no_serious_or_critical_accessibility_violation()
    {
        var (centre, _, report, dossier) = await SamplesAsync();
        var page = await app.NewPageAsync();
        var signIn = new SignInPage(page);
        await signIn.GotoAsync();
        await signIn.SignInAsync("admin", DemoAccounts.Password);
        await page.WaitForURLAsync(url => !url.Contains(Routes.Pages.SignIn, StringComparison.Ordinal));
        await AssertNoViolationsAsync(page, [
            Routes.Pages.Registry, Routes.Pages.Reports, report, Routes.Pages.Procedures, dossier, Routes.Pages.Compliance,
            Routes.Pages.Compliance + "/tableau-de-bord", Routes.Pages.Territory, Routes.Pages.Territory + "/couverture", Routes.Pages.Funding,
            $"{Routes.Pages.Centres}/{centre}/modifier", Routes.Pages.Procedures + "/nouveau",
            .. await EditFormsAsync(),
        ]);
    }

    /// <summary>The edit forms of a filière's plan action, a training census line and an association's collaborative action
    /// (the demo's first of each).</summary>
    private async Task<string[]> EditFormsAsync()
    {
        await using var s = app.Factory.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var ct = TestContext.Current.CancellationToken;
        var action = await db.FiliereActions.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.FiliereAcronym }).FirstAsync(ct);
        var training = await db.FiliereTrainings.AsNoTracking().OrderBy(t => t.Id).Select(t => new { t.Id, t.FiliereAcronym }).FirstAsync(ct);
        var collaborative = await db.CollaborativeActions.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.AssociationId }).FirstAsync(ct);
        return
        [
            $"/filieres/{Uri.EscapeDataString(action.FiliereAcronym)}/plan-actions/{Uri.EscapeDataString(action.Id)}/modifier",
            $"/filieres/{Uri.EscapeDataString(training.FiliereAcronym)}/recensement/formations/{Uri.EscapeDataString(training.Id)}/modifier",
            $"{Routes.Pages.Associations}/{Uri.EscapeDataString(collaborative.AssociationId)}/actions/{Uri.EscapeDataString(collaborative.Id)}/modifier",
        ];
    }

    [Fact]
    public async Task An_error_page_has_no_serious_or_critical_accessibility_violation()
    {
        var page = await app.NewPageAsync();
        var response = await page.GotoAsync("/cette-page-n-existe-pas");
        Assert.Equal(404, response!.Status);
        var violations = await Axe.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, "axe-core found on the 404 page:\n" + string.Join('\n', violations));
    }

    private static async Task AssertNoViolationsAsync(IPage page, IEnumerable<string> urls)
    {
        var failures = new List<string>();
        foreach (var url in urls)
        {
            var response = await page.GotoAsync(url);
            Assert.True(response!.Ok, $"{url}: {response.Status}");
            foreach (var v in await Axe.SeriousViolationsAsync(page))
                failures.Add($"{url}: {v}");
        }
        Assert.True(failures.Count == 0, "axe-core found:\n" + string.Join('\n', failures));
    }

    /// <summary>A centre, a network, a report page and a dossier page of the demo.</summary>
    private async Task<(string Centre, string Network, string Report, string Dossier)> SamplesAsync()
    {
        await using var s = app.Factory.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var ct = TestContext.Current.CancellationToken;
        var network = await db.Networks.AsNoTracking().OrderBy(n => n.Id).Select(n => n.Id).FirstAsync(ct);
        var centre = await db.Centres.AsNoTracking().Where(c => c.NetworkId == network).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(ct);
        var report = await db.AnnualReports.AsNoTracking().OrderByDescending(r => r.Year).ThenBy(r => r.CentreId).Select(r => new { r.CentreId, r.Year }).FirstAsync(ct);
        var dossier = await db.Set<Maillage.Core.Features.Procedures.Dossier>().AsNoTracking().OrderBy(d => d.Id).Select(d => d.Id).FirstAsync(ct);
        return (centre, network, $"{Routes.Pages.Reports}/{Uri.EscapeDataString(report.CentreId)}/{report.Year}", $"{Routes.Pages.Procedures}/{Uri.EscapeDataString(dossier)}");
    }
}
