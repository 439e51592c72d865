using Maillage.Browser.Tests.Infrastructure;
using Maillage.Browser.Tests.Pages;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

/// <summary>The app of the labelling scenario (it writes, so it is not shared).</summary>
public sealed class LabellingBrowserApp : BrowserApp;

/// <summary>A call's page (/procedures/appels/{id}).</summary>
public sealed class CallPage(IPage page, string path) : PageObject(page)
{
    protected override string Path => path;
}

/// <summary>
/// A labelling campaign through the pages only: the ministry opens it and names an expert, who files the declaration of
/// interests; the CARDIOGEN coordinator applies for the network; the filière gives its reasoned opinion; the dossier is
/// submitted, assessed, decided site by site and the results published into the registry with the official list.
/// </summary>
public sealed class LabellingScenarioTests(LabellingBrowserApp app) : IClassFixture<LabellingBrowserApp>
{
    private async Task<IPage> SignedInAsync(string user)
    {
        var signIn = new SignInPage(await app.NewPageAsync());
        await signIn.GotoAsync();
        await signIn.SignInAsync(user, DemoAccounts.Password);
        await Assertions.Expect(signIn.Page.Locator("body")).ToContainTextAsync(user);
        return signIn.Page;
    }

    private static async Task UploadAsync(IPage page, ILocator card, string fileName)
    {
        await card.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = fileName, MimeType = "application/pdf", Buffer = new PdfDocumentBuilder().Title(fileName).Paragraph("Pièce de la candidature.").ToBytes(),
        });
        await card.GetByRole(AriaRole.Button, new() { Name = "Déposer", Exact = true }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(page.Locator(".fr-alert--success").First).ToContainTextAsync("Pièce déposée");
    }

    private static async Task ActAsync(IPage page, string button)
    {
        await page.Locator("#form-actions").GetByRole(AriaRole.Button, new() { Name = button }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(page.Locator(".fr-alert--success").First).ToContainTextAsync("C'est fait");
    }

    [Fact]
    public async Task A_campaign_runs_from_the_call_to_the_official_list_through_the_pages()
    {
        var today = DateOnly.FromDateTime(DateTime.Today);
        string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // The ministry opens the campaign and names the demo expert.
        var adminPage = await SignedInAsync("admin");
        await adminPage.GotoAsync(Routes.Pages.Procedures + "/appels");
        await adminPage.Locator("label[for='kind-labelling_campaign']").ClickAsync();
        await adminPage.Locator("#Input-Title").FillAsync("Labellisation 2029-2033");
        await adminPage.Locator("#Input-OpensOn").FillAsync(Iso(today));
        await adminPage.Locator("#Input-Deadline").FillAsync(Iso(today.AddDays(30)));
        await adminPage.Locator("#Input-ReferentialCampaign").SelectOptionAsync("2023-2028");
        await adminPage.Locator("#Input-PeriodId").FillAsync("2029-2033");
        await adminPage.Locator("#Input-PeriodStart").FillAsync("2029-01-01");
        await adminPage.Locator("#Input-PeriodEnd").FillAsync("2033-12-31");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Ouvrir l'appel" }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(adminPage.Locator("#etat-appel")).ToHaveTextAsync("Ouvert aux dépôts");
        var callPath = new Uri(adminPage.Url).AbsolutePath;
        var admin = new CallPage(adminPage, callPath);
        await adminPage.PickAsync("#userName", "expert", "expert");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Nommer" }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(adminPage.Locator("main")).ToContainTextAsync("sans déclaration d'intérêts");

        // The expert files the declaration of interests.
        var expertPage = await SignedInAsync("expert");
        var expert = new CallPage(expertPage, callPath);
        await expert.GotoAsync();
        await expertPage.Locator("#declaration-texte").FillAsync("Aucun lien d'intérêts.");
        await expertPage.GetByRole(AriaRole.Button, new() { Name = "Remettre ma déclaration" }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(expertPage.Locator("main")).ToContainTextAsync("Déclaration remise le");

        // The coordinator opens the network's application and fills it; sites whose head is not single are left out.
        var headPage = await SignedInAsync("responsable");
        var head = new CallPage(headPage, callPath);
        await head.GotoAsync();
        await headPage.GetByRole(AriaRole.Button, new() { Name = "Ouvrir le dossier de candidature" }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(headPage.Locator("#etat-dossier")).ToHaveTextAsync("En préparation");
        var dossierPath = new Uri(headPage.Url).AbsolutePath;
        var dossierId = dossierPath.Split('/')[^1];
        List<string> withoutSingleHead;
        await using (var s = app.Factory.Services.CreateAsyncScope())
        {
            var procedures = s.ServiceProvider.GetRequiredService<ProcedureService>();
            var d = await procedures.LoadAsync(dossierId, TestContext.Current.CancellationToken);
            withoutSingleHead = (await procedures.ApplicationSitesAsync(d!, TestContext.Current.CancellationToken)).Where(x => x.HeadCount != 1).Select(x => x.CentreId).ToList();
        }
        foreach (var centre in withoutSingleHead)
        {
            await headPage.Locator("form").Filter(new() { Has = headPage.Locator($"input[name='centreId'][value='{centre}']") })
                .GetByRole(AriaRole.Button, new() { Name = "Retirer" }).ClickAndWaitForNewPageAsync();
            await Assertions.Expect(headPage.Locator(".fr-alert--success").First).ToContainTextAsync("Centre retiré");
        }
        foreach (var area in await headPage.Locator("#form-sections textarea").AllAsync()) await area.FillAsync("Contenu de la candidature.");
        await headPage.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les sections" }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(headPage.Locator(".fr-alert--success").First).ToContainTextAsync("Sections enregistrées");
        await UploadAsync(headPage, headPage.Locator("#piece-network_map"), "cartographie.pdf");
        await Assertions.Expect(headPage.Locator("#verifications")).ToBeVisibleAsync();
        await Assertions.Expect(headPage.Locator("main")).ToContainTextAsync("Les règles structurelles de la labellisation sont respectées.");

        // The filière gives its reasoned opinion from its task list.
        var filierePage = await SignedInAsync("filiere-cardiogen");
        await filierePage.GotoAsync(Routes.Pages.Procedures);
        // This dossier's link (the demo has dossiers of its own in the same task list).
        await filierePage.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("Donner l'avis : Avis indispensable et motivé") })
            .And(filierePage.Locator($"a[href^='{dossierPath}#']")).ClickAndWaitForNewPageAsync();
        var opinion = filierePage.Locator("form[id^='avis-piece-filiere_opinion']");
        await opinion.Locator("label[for$='-favourable']").ClickAsync();
        await opinion.Locator("textarea[name='reasons']").FillAsync("Réseau structurant pour la filière.");
        await opinion.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'avis" }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(filierePage.Locator(".fr-alert--success").First).ToContainTextAsync("Avis enregistré");

        // The associations' letters reached the ministry by post: it files them.
        await adminPage.GotoAsync(dossierPath);
        foreach (var card in await adminPage.Locator("section[id^='piece-association_support']").AllAsync())
            await UploadAsync(adminPage, adminPage.Locator("#" + await card.GetAttributeAsync("id")), "lettre-soutien.pdf");

        // Submitted by the coordinator; the ministry hands it to the jury and names the expert, who reviews.
        await headPage.GotoAsync(dossierPath);
        await ActAsync(headPage, "Déposer le dossier");
        await Assertions.Expect(headPage.Locator("#etat-dossier")).ToHaveTextAsync("Déposé");
        await adminPage.GotoAsync(dossierPath);
        await ActAsync(adminPage, "Transmettre au jury");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Désigner" }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(adminPage.Locator(".fr-alert--success").First).ToContainTextAsync("Évaluateur désigné");
        await expertPage.GotoAsync(Routes.Pages.Procedures);
        await expertPage.GetByRole(AriaRole.Link, new() { Name = "Évaluer le dossier (note sur 20 et avis motivé)" }).ClickAndWaitForNewPageAsync();
        await expertPage.Locator("#score").FillAsync("16");
        await expertPage.Locator("label[for='rec-favourable']").ClickAsync();
        await expertPage.Locator("#comments").FillAsync("Réseau complet, maillage territorial cohérent.");
        await expertPage.GetByRole(AriaRole.Button, new() { Name = "Enregistrer mon évaluation" }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(expertPage.Locator(".fr-alert--success").First).ToContainTextAsync("Évaluation enregistrée");

        // The ministry closes the assessment and decides each site, then the decision.
        await adminPage.GotoAsync(dossierPath);
        await Assertions.Expect(adminPage.Locator("main")).ToContainTextAsync("Réseau complet, maillage territorial cohérent.");
        await ActAsync(adminPage, "Clore l'évaluation du jury");
        var decisionForms = adminPage.Locator("form").Filter(new() { Has = adminPage.Locator("select[name='decision']") });
        var siteCount = await decisionForms.CountAsync();
        Assert.True(siteCount >= 2);
        for (var i = 0; i < siteCount; i++)
        {
            var form = decisionForms.Nth(i);
            await form.Locator("select[name='decision']").SelectOptionAsync("labelled");
            await form.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAndWaitForNewPageAsync();
            await Assertions.Expect(adminPage.Locator(".fr-alert--success").First).ToContainTextAsync("Décision du site enregistrée");
        }
        await ActAsync(adminPage, "Arrêter la décision site par site");
        await Assertions.Expect(adminPage.Locator("#etat-dossier")).ToHaveTextAsync("Décidé (site par site)");

        // The deadline passes; the ministry publishes; the official list of 2029 is offered.
        await using (var s = app.Factory.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var callId = callPath.Split('/')[^1];
            var call = await db.Set<Call>().SingleAsync(c => c.Id == callId, TestContext.Current.CancellationToken);
            call.Deadline = today.AddDays(-1);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        await admin.GotoAsync();
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Publier les résultats" }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(adminPage.Locator(".fr-alert--success").First).ToContainTextAsync("Résultats publiés : période 2029-2033");
        await Assertions.Expect(adminPage.Locator("#liste-officielle")).ToBeVisibleAsync();
        await adminPage.GetByRole(AriaRole.Link, new() { Name = "Liste 2029 et ses changements" }).ClickAsync();
        await Assertions.Expect(adminPage.Locator("main")).ToContainTextAsync("2029");
        admin.AssertNoProblems();
        expert.AssertNoProblems();
        head.AssertNoProblems();
    }
}
