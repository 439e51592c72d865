using Maillage.Browser.Tests.Infrastructure;
using Maillage.Browser.Tests.Pages;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

/// <summary>The app of the succession scenario (it writes, so it is not shared).</summary>
public sealed class SuccessionBrowserApp : BrowserApp;

/// <summary>A dossier's page (/procedures/{id}) as its parties use it.</summary>
public sealed class DossierPage(IPage page, string path) : PageObject(page)
{
    protected override string Path => path;

    public ILocator State => Page.Locator("#etat-dossier");

    public ILocator Decision => Page.Locator("#decision");

    public ILocator Success => Page.Locator(".fr-alert--success").First;

    public async Task UploadAsync(string itemId, string fileName)
    {
        var card = Page.Locator($"#piece-{itemId.Replace(':', '-')}");
        await card.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = fileName, MimeType = "application/pdf", Buffer = new PdfDocumentBuilder().Title(fileName).Paragraph("Pièce du dossier de succession.").ToBytes(),
        });
        await card.GetByRole(AriaRole.Button, new() { Name = "Déposer", Exact = true }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(Page.Locator($"#piece-{itemId.Replace(':', '-')}")).ToContainTextAsync(fileName);
    }

    public async Task WriteSectionsAsync(IReadOnlyDictionary<string, string> texts)
    {
        foreach (var (key, text) in texts) await Page.Locator($"#section-{key}").FillAsync(text);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les sections" }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(Success).ToContainTextAsync("Sections enregistrées");
    }

    /// <summary>Gives every opinion this user may still give on the page, favourable.</summary>
    public async Task<int> GiveAllOpinionsAsync()
    {
        var given = 0;
        while (true)
        {
            var forms = Page.Locator("form").Filter(new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'avis" }) })
                .Filter(new() { HasNot = Page.Locator("input[type=radio]:checked") });
            if (await forms.CountAsync() == 0) return given;
            // Fix the form by its id: once its radio is checked, it no longer matches the filter above.
            var form = Page.Locator("#" + await forms.First.GetAttributeAsync("id"));
            // DSFR draws its own radio: the user clicks the label.
            await form.Locator("label[for$='-favourable']").ClickAsync();
            await form.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'avis" }).ClickAndWaitForNewPageAsync();
            await Assertions.Expect(Success).ToContainTextAsync("Avis enregistré");
            given++;
        }
    }

    public async Task ActAsync(string button, string? note = null, string? committeeOpinion = null)
    {
        if (note is not null) await Page.Locator("#note").FillAsync(note);
        if (committeeOpinion is not null) await Page.Locator("#opinion").SelectOptionAsync(committeeOpinion);
        await Page.Locator("#form-actions").GetByRole(AriaRole.Button, new() { Name = button }).ClickAndWaitForNewPageAsync();
    }
}

/// <summary>
/// The issue's browser scenario: a full succession of a centre head, from the outgoing head's letter to the registry
/// change, each step by the party the annex names, through the pages only.
/// </summary>
public sealed class SuccessionScenarioTests(SuccessionBrowserApp app) : IClassFixture<SuccessionBrowserApp>
{
    private async Task<IPage> SignedInAsync(string user)
    {
        var signIn = new SignInPage(await app.NewPageAsync());
        await signIn.GotoAsync();
        await signIn.SignInAsync(user, DemoAccounts.Password);
        await Assertions.Expect(signIn.Page.Locator("body")).ToContainTextAsync(user);
        return signIn.Page;
    }

    [Fact]
    public async Task A_head_is_succeeded_from_the_outgoing_letter_to_the_registry_change()
    {
        string centreId;
        await using (var s = app.Factory.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            centreId = (await DemoAccounts.PlanAsync(db, TestContext.Current.CancellationToken)).Single(a => a.UserName == "responsable").ScopeId!;
        }

        // The outgoing head opens the dossier and names the successor.
        var headPage = await SignedInAsync("responsable");
        await headPage.GotoAsync(Routes.Pages.Procedures + "/nouveau");
        // The fields by their labels' ids (the labels carry hints, so their accessible names are longer).
        await Assertions.Expect(headPage.Locator("#Input-CentreId")).ToHaveValueAsync(centreId);
        await headPage.Locator("#Input-Title").FillAsync("Pr");
        await headPage.Locator("#Input-FirstName").FillAsync("Dominique");
        await headPage.Locator("#Input-LastName").FillAsync("Relais");
        await headPage.Locator("#Input-Status").SelectOptionAsync("pu_ph");
        await headPage.Locator("#Input-BirthDate").FillAsync("1974-09-12");
        await headPage.Locator("#Input-Email").FillAsync("d.relais@example.org");
        await headPage.GetByRole(AriaRole.Button, new() { Name = "Ouvrir le dossier" }).ClickAndWaitForNewPageAsync();
        await Assertions.Expect(headPage.Locator("#successeur")).ToHaveTextAsync("Pr Dominique Relais");
        var dossierPath = new Uri(headPage.Url).AbsolutePath;
        var head = new DossierPage(headPage, dossierPath);
        await Assertions.Expect(head.State).ToHaveTextAsync("En préparation");

        // The head's letter, the successor's motivation letter and CV, and the project for the five missions.
        await head.UploadAsync("outgoing_letter", "courrier-depart.pdf");
        await head.UploadAsync("motivation_letter", "lettre-motivation.pdf");
        await head.UploadAsync("cv", "cv-relais.pdf");
        await head.WriteSectionsAsync(new Dictionary<string, string>
        {
            ["mission_coordination"] = "Animer le réseau et son comité de gouvernance.", ["mission_care"] = "Consultations pluridisciplinaires et ETP.",
            ["mission_expertise"] = "Actualiser le PNDS.", ["mission_teaching"] = "Coordonner le DIU.", ["mission_research"] = "Deux projets en investigateur principal.",
        });

        // The filière gives its opinion from its task list.
        var filierePage = await SignedInAsync("filiere-cardiogen");
        await filierePage.GotoAsync(Routes.Pages.Procedures);
        // This dossier's link (the demo has dossiers of its own in the same task list).
        await filierePage.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("Donner l'avis : Avis de la filière") })
            .And(filierePage.Locator($"a[href^='{dossierPath}#']")).ClickAndWaitForNewPageAsync();
        var filiere = new DossierPage(filierePage, dossierPath);
        Assert.Equal(1, await filiere.GiveAllOpinionsAsync());

        // The other opinions (direction, constitutive heads, associations) reached the ministry by post: it files them.
        var adminPage = await SignedInAsync("admin");
        var admin = new DossierPage(adminPage, dossierPath);
        await admin.GotoAsync();
        Assert.True(await admin.GiveAllOpinionsAsync() >= 2);

        // The head submits; the ministry refers to the committee, records its opinion, and designates.
        await head.GotoAsync();
        await head.ActAsync("Déposer le dossier");
        await Assertions.Expect(head.State).ToHaveTextAsync("Déposé");
        await admin.GotoAsync();
        await admin.ActAsync("Saisir le comité de suivi");
        await Assertions.Expect(admin.State).ToHaveTextAsync("Avis du comité de suivi en attente");
        await admin.ActAsync("Enregistrer l'avis du comité", "Avis favorable unanime.", "favourable");
        await Assertions.Expect(admin.State).ToHaveTextAsync("Décision de la DGOS en attente");
        await admin.ActAsync("Accepter (désigner)", "Désignation pour la durée restante de la labellisation.");
        await Assertions.Expect(admin.State).ToHaveTextAsync("Accepté");
        await Assertions.Expect(admin.Decision).ToContainTextAsync("fin de la période de labellisation");

        // The registry: the centre's page shows the new head from today.
        await adminPage.GotoAsync($"{Routes.Pages.Centres}/{Uri.EscapeDataString(centreId)}");
        await Assertions.Expect(adminPage.Locator("dd").Filter(new() { HasText = "Relais" })).ToContainTextAsync("Pr Dominique Relais");
        // The outgoing head sees the decision in the notifications.
        await headPage.GotoAsync(Routes.Pages.Procedures);
        await Assertions.Expect(headPage.Locator("main")).ToContainTextAsync("Décision de la DGOS");
        head.AssertNoProblems();
        filiere.AssertNoProblems();
        admin.AssertNoProblems();
    }
}
