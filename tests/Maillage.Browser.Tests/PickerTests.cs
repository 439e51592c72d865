using Maillage.Browser.Tests.Pages;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

/// <summary>
/// A picker in a real browser (issue 13 §2, docs/pickers.md): the national administration moves a centre of competence to
/// another establishment by typing a part of its name, choosing it in the suggestions and saving; the form sends the
/// FINESS, the page shows names.
/// </summary>
public sealed class PickerTests(EditingBrowserApp app) : IClassFixture<EditingBrowserApp>
{
    [Fact]
    public async Task An_establishment_is_chosen_by_name_and_the_form_sends_its_FINESS()
    {
        var (centreId, target) = await SampleAsync();
        var page = await app.NewPageAsync();
        var signIn = new SignInPage(page);
        await signIn.GotoAsync();
        await signIn.SignInAsync("admin", DemoAccounts.Password);
        await page.WaitForURLAsync(url => !url.Contains(Routes.Pages.SignIn, StringComparison.Ordinal));
        var edit = new CentreEditPage(page, centreId);
        await edit.GotoAsync();

        var field = page.GetByRole(AriaRole.Combobox, new() { Name = "Établissement géographique (ET)" });
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-expanded", "false");
        await field.FillAsync("");
        // Three letters open the suggestions; the rest of the name narrows them to the one sought.
        await field.PressSequentiallyAsync(target.Query[..3], new() { Delay = 30 });
        var list = page.GetByRole(AriaRole.Listbox, new() { Name = "Suggestions : Établissement géographique (ET)" });
        await Assertions.Expect(list).ToBeVisibleAsync();
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-expanded", "true");
        await field.PressSequentiallyAsync(target.Query[3..], new() { Delay = 10 });
        var option = list.GetByRole(AriaRole.Option).Filter(new() { HasText = $"FINESS {target.Finess}" });
        await Assertions.Expect(option).ToContainTextAsync(target.Name);
        await option.ClickAsync();

        await Assertions.Expect(list).ToBeHiddenAsync();
        await Assertions.Expect(field).ToHaveValueAsync(target.Name);
        await Assertions.Expect(page.Locator("input[type='hidden'][name='Input.EstablishmentFiness']")).ToHaveValueAsync(target.Finess);
        var centre = await edit.SaveAsync();
        await Assertions.Expect(centre.Page.Locator("main")).ToContainTextAsync(target.Name);

        await using var s = app.Factory.Services.CreateAsyncScope();
        var saved = await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Centres.AsNoTracking()
            .SingleAsync(c => c.Id == centreId, TestContext.Current.CancellationToken);
        Assert.Equal(target.Finess, saved.EstablishmentFiness);
        edit.AssertNoProblems();
    }

    /// <summary>An open centre of competence, and another establishment (ET) with a name no other shares, typed in lower case.</summary>
    private async Task<(string Centre, (string Finess, string Name, string Query) Target)> SampleAsync()
    {
        await using var s = app.Factory.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var ct = TestContext.Current.CancellationToken;
        var centre = await db.Centres.AsNoTracking().Where(c => c.Kind == CentreKind.CompetenceCentre && c.ClosedOn == null).OrderBy(c => c.Id).FirstAsync(ct);
        var sites = await db.Establishments.AsNoTracking().Where(e => e.Level == EstablishmentLevel.Site && e.Finess != centre.EstablishmentFiness).ToListAsync(ct);
        // Words without accented capitals: SQLite's lower() folds ASCII letters only.
        static string Query(string name) => string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= 3 && !w.Any(ch => ch > 127 && char.IsUpper(ch))).Take(6)).ToLowerInvariant();
        var target = sites.Where(e => Query(e.Name).Length >= 8).GroupBy(e => Query(e.Name)).Where(g => g.Count() == 1).Select(g => g.Single())
            .OrderBy(e => e.Finess, StringComparer.Ordinal).First();
        return (centre.Id, (target.Finess, target.Name, Query(target.Name)));
    }
}
