using Maillage.Browser.Tests.Infrastructure;
using Maillage.Browser.Tests.Pages;
using Maillage.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

/// <summary>The public directory in a real browser: suggestions, search by disease and by place, accessibility (axe-core).</summary>
public sealed class DirectoryTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_misspelt_French_synonym_is_suggested_and_leads_to_a_centre_page()
    {
        var g = await DirectoryTestData.FindGroupCaseAsync(app.Factory, TestContext.Current.CancellationToken);
        var search = new DirectorySearchPage(await app.NewPageAsync());
        await search.GotoAsync();

        await search.TypeDiseaseAsync(g.Misspelt);
        await Assertions.Expect(search.Suggestions).ToBeVisibleAsync();
        await Assertions.Expect(search.Disease).ToHaveAttributeAsync("aria-expanded", "true");
        var option = search.Suggestions.GetByRole(AriaRole.Option).First;
        await Assertions.Expect(option).ToContainTextAsync($"ORPHA:{g.DiseaseCode}");
        await Assertions.Expect(option).ToContainTextAsync(g.FrenchSynonym);
        await search.Disease.PressAsync("ArrowDown");
        await Assertions.Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        await search.Disease.PressAsync("Enter");
        await Assertions.Expect(search.Suggestions).ToBeHiddenAsync();
        await Assertions.Expect(search.Page.Locator("#maladie-code")).ToHaveValueAsync(g.DiseaseCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await search.Place.FillAsync("75013");
        await search.SubmitAsync();

        await Assertions.Expect(search.ChosenDisease).ToBeVisibleAsync();
        Assert.Contains($"orpha={g.DiseaseCode}", search.Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(search.CoveringNetworks).ToContainTextAsync("Labellisé pour le groupe");
        await Assertions.Expect(search.ChosenPlace).ToContainTextAsync("75013 Paris");

        var first = search.CentreLinks.First;
        var name = (await first.InnerTextAsync()).Trim();
        await first.ClickAsync();
        await search.Page.WaitForURLAsync("**/annuaire/centres/**");
        await Assertions.Expect(search.Page.Locator("h1")).ToHaveTextAsync(name);
        await Assertions.Expect(search.Page.Locator("main")).ToContainTextAsync("Maladies prises en charge");
        search.AssertNoProblems();
    }

    [Fact]
    public async Task Sickle_cell_disease_near_Paris_13_answers_MCGRE_first_then_in_English_through_the_language_selector()
    {
        var search = new DirectorySearchPage(await app.NewPageAsync());
        await search.GotoAsync();
        await search.TypeDiseaseAsync("drépanocytose");
        await search.Place.FillAsync("75013");
        await search.SubmitAsync();

        await Assertions.Expect(search.ChosenDisease).ToHaveTextAsync("Drépanocytose");
        var firstNetwork = search.CoveringNetworks.Locator("li").First;
        await Assertions.Expect(firstNetwork).ToHaveAttributeAsync("data-coverage", "maladie");
        await Assertions.Expect(firstNetwork).ToContainTextAsync("filière MCGRE");
        await Assertions.Expect(firstNetwork).ToContainTextAsync("Labellisé pour cette maladie (ORPHA:232).");
        await Assertions.Expect(search.CoveringNetworks).Not.ToContainTextAsync("BRAIN-TEAM");
        await Assertions.Expect(search.Results.First).ToContainTextAsync("Filière MCGRE");
        await Assertions.Expect(search.Results.First.Locator("a[href^='tel:']")).ToBeVisibleAsync();
        await Assertions.Expect(search.Page.Locator("#carte-resultats-bloc")).ToBeVisibleAsync();

        // The DSFR language selector: English, remembered on the next pages.
        await search.Page.Locator("#selecteur-langue .fr-translate__btn").First.ClickAsync();
        await search.Page.Locator("#menu-langue a[hreflang='en']").ClickAsync();
        await search.Page.WaitForURLAsync("**lang=en**");
        await Assertions.Expect(search.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(search.ChosenDisease).ToHaveTextAsync("Sickle cell anemia");
        await Assertions.Expect(search.CoveringNetworks.Locator("li").First).ToContainTextAsync("Designated for this disease (ORPHA:232).");
        await search.Page.Locator(".maillage-hit a[href^='/annuaire/centres/']").First.ClickAsync();
        await search.Page.WaitForURLAsync("**/annuaire/centres/**");
        await Assertions.Expect(search.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(search.Page.Locator("main")).ToContainTextAsync("Diseases cared for");
        search.AssertNoProblems();
    }

    [Fact]
    public async Task Without_scripts_the_form_still_lists_the_matching_diseases()
    {
        var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), JavaScriptEnabled = false, Locale = "fr-FR" });
        var search = new DirectorySearchPage(await context.NewPageAsync());
        await search.GotoAsync();
        await search.Page.Locator("#maladie").FillAsync("mucovisidose");
        await search.SubmitAsync();
        await Assertions.Expect(search.Page.Locator("main")).ToContainTextAsync("Mucoviscidose");
        await context.DisposeAsync();
    }

    [Fact]
    public async Task A_postcode_lists_the_nearest_centres_first()
    {
        var search = new DirectorySearchPage(await app.NewPageAsync());
        await search.GotoAsync();
        await search.Place.FillAsync("69003");
        await search.SubmitAsync();

        await Assertions.Expect(search.ChosenPlace).ToContainTextAsync("69003 Lyon");
        await Assertions.Expect(search.Page.GetByRole(AriaRole.Heading, new() { Name = "Dans votre département" })).ToBeVisibleAsync();
        await Assertions.Expect(search.Results.First).ToContainTextAsync("(Rhône)");
        await Assertions.Expect(search.Results.First).ToContainTextAsync(" km");
        search.AssertNoProblems();
    }

    [Fact]
    public async Task Home_search_result_and_centre_pages_have_no_serious_or_critical_accessibility_violation()
    {
        var g = await DirectoryTestData.FindGroupCaseAsync(app.Factory, TestContext.Current.CancellationToken);
        var page = await app.NewPageAsync();
        var urls = new List<string> { "/", Routes.Pages.Directory, $"{Routes.Pages.Directory}?orpha={g.DiseaseCode}&lieu=75013", Routes.Pages.Directory + "?q=mucovisidose" };
        urls.Add(Routes.Pages.Directory + "?orpha=232&lieu=75013&lang=en"); // English, with the map of the results
        urls.Add(Routes.Pages.Directory + "?orpha=232&lieu=75013&lang=fr");
        await page.GotoAsync(urls[2]);
        var centre = await page.Locator(".maillage-hit a[href^='/annuaire/centres/']").First.GetAttributeAsync("href");
        urls.Add(centre!);
        urls.Add(Routes.Pages.Directory + "/reseaux/" + g.NetworkId);

        var failures = new List<string>();
        foreach (var url in urls)
        {
            var response = await page.GotoAsync(url);
            Assert.True(response!.Ok, $"{url}: {response.Status}");
            foreach (var v in await AxeAsync(page))
                failures.Add($"{url}: {v}");
        }
        Assert.True(failures.Count == 0, "axe-core found:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task The_accessibility_check_does_report_a_serious_violation()
    {
        // The harness itself: a page with an unlabelled field and an image without text must fail the check above.
        var page = await app.NewPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html lang=\"fr\"><head><title>t</title></head><body><main><h1>t</h1><img src=\"data:,\"><input type=\"text\"></main></body></html>");
        var violations = await AxeAsync(page);
        Assert.Contains(violations, v => v.Contains("image-alt", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains(" label ", StringComparison.Ordinal));
    }

    private static Task<List<string>> AxeAsync(IPage page) => Axe.SeriousViolationsAsync(page);
}
