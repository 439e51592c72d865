using System.Net;
using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Procedures;

/// <summary>
/// The labelling campaign from the pages: the ministry opens a call (errors next to the fields) and appoints an expert,
/// the expert files the declaration of interests, the coordinating site's head opens the network's application and
/// finds its sites and checks on the dossier page.
/// </summary>
public sealed class CallPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_ministry_opens_a_campaign_an_expert_declares_and_a_coordinator_applies_from_the_pages(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var today = DateOnly.FromDateTime(DateTime.Today);
        string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var admin = await app.SignInAsync("admin");
        var form = HtmlForm.All(await admin.GetPageAsync(Routes.Pages.Procedures + "/appels")).Single(f => f.Has("Input.Kind"));
        form.Set("Input.Kind", "labelling_campaign").Set("Input.OpensOn", Iso(today)).Set("Input.Deadline", Iso(today.AddDays(20)))
            .Set("Input.ReferentialCampaign", "2023-2028").Set("Input.PeriodId", "2029-2033").Set("Input.PeriodStart", "2029-01-01").Set("Input.PeriodEnd", "2033-12-31");
        using (var missing = await admin.PostFormAsync(Routes.Pages.Procedures + "/appels", form.Fields))
        {
            Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
            Assert.Contains("Intitulé requis", HtmlForm.FieldErrors(await missing.Content.ReadAsStringAsync(Ct), "Input.Title").FirstOrDefault() ?? "", StringComparison.Ordinal);
        }
        form.Set("Input.Title", "Labellisation 2029-2033");
        using var created = await admin.PostFormAsync(Routes.Pages.Procedures + "/appels", form.Fields);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var callPage = created.Headers.Location!.OriginalString;
        Assert.StartsWith(Routes.Pages.Procedures + "/appels/LAB-", callPage, StringComparison.Ordinal);

        // The ministry appoints the demo expert; the jury is not ready until the declaration is filed.
        var member = HtmlForm.All(await admin.GetPageAsync(callPage)).Single(f => f.Has("userName"));
        member.Set("userName", "expert").Set("seat", "expert");
        using (var r = await admin.PostFormAsync(callPage + "?handler=Member", member.Fields)) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var adminView = System.Net.WebUtility.HtmlDecode(await admin.GetPageAsync(callPage));
        Assert.Contains("non remise", adminView, StringComparison.Ordinal);
        Assert.Contains("1 membre sans déclaration d'intérêts", adminView, StringComparison.Ordinal);

        using var expert = await app.SignInAsync("expert");
        var tasks = System.Net.WebUtility.HtmlDecode(await expert.GetPageAsync(Routes.Pages.Procedures));
        Assert.Contains("Remettre votre déclaration d'intérêts", tasks, StringComparison.Ordinal);
        var declaration = HtmlForm.All(await expert.GetPageAsync(callPage)).Single(f => f.Has("declaration"));
        declaration.Set("declaration", "Aucun lien d'intérêts.");
        using (var r = await expert.PostFormAsync(callPage + "?handler=Declaration", declaration.Fields)) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("Déclaration remise le", System.Net.WebUtility.HtmlDecode(await expert.GetPageAsync(callPage)), StringComparison.Ordinal);
        Assert.Contains("Le jury est complet", System.Net.WebUtility.HtmlDecode(await admin.GetPageAsync(callPage)), StringComparison.Ordinal);

        // The CARDIOGEN coordinating site's head applies for the network from the call page.
        using var head = await app.SignInAsync("responsable");
        var apply = HtmlForm.All(await head.GetPageAsync(callPage)).Single(f => f.Has("networkId"));
        using var opened = await head.PostFormAsync(callPage + "?handler=Apply", apply.Fields);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var dossierPage = opened.Headers.Location!.OriginalString;
        var dossier = System.Net.WebUtility.HtmlDecode(await head.GetPageAsync(dossierPage));
        Assert.Contains("Sites du réseau candidat", dossier, StringComparison.Ordinal);
        Assert.Contains("Site coordonnateur", dossier, StringComparison.Ordinal);
        Assert.Contains("Vérifications avant dépôt", dossier, StringComparison.Ordinal);
        Assert.Contains("Aperçu de conformité de chaque site", dossier, StringComparison.Ordinal);
        Assert.Contains("Plan d'actions — mission de recherche", dossier, StringComparison.Ordinal);
        Assert.Contains("Avis indispensable et motivé de la filière", dossier, StringComparison.Ordinal);
        // A second application for the same network is refused, with the reason on the page.
        using var again = await head.PostFormAsync(callPage + "?handler=Apply", apply.Fields);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("un dossier par CRMR", System.Net.WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
    }
}
