using System.Net;
using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.PublicDirectory;

/// <summary>The public directory pages, anonymous, on the demo network.</summary>
public sealed class DirectoryPageTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Text(string html) => WebUtility.HtmlDecode(html);

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Search_page_finds_a_misspelt_synonym_says_which_group_and_links_the_centres(DatabaseProvider provider)
    {
        var app = apps[provider];
        var g = await DirectoryTestData.FindGroupCaseAsync(app, Ct);
        using var c = app.PageClient();

        var search = Text(await c.GetPageAsync(Routes.Pages.Directory + "?q=" + Uri.EscapeDataString(g.Misspelt) + "&lieu=75013"));
        Assert.Contains("Données fictives de démonstration", search, StringComparison.Ordinal);
        Assert.Contains("Orphanet, INSERM — CC BY 4.0", search, StringComparison.Ordinal);
        // Either the disease straight away (one match) or the list to choose from, with the link carrying the place.
        Assert.True(search.Contains($"href=\"/annuaire?orpha={g.DiseaseCode}&lieu=75013\"", StringComparison.Ordinal)
            || search.Contains($"ORPHA:{g.DiseaseCode}</a>", StringComparison.Ordinal), "the disease is offered");

        var result = Text(await c.GetPageAsync($"{Routes.Pages.Directory}?orpha={g.DiseaseCode}&lieu=75013"));
        Assert.Contains("Lieu retenu : <strong>75013 Paris</strong>", result, StringComparison.Ordinal);
        Assert.Matches($"Labellisé pour le groupe « [^»]+ » \\(ORPHA:\\d+\\), qui contient cette maladie\\.", result);
        Assert.Contains($"href=\"/annuaire/reseaux/{g.NetworkId}?lieu=75013\"", result, StringComparison.Ordinal);
        var firstCentre = System.Text.RegularExpressions.Regex.Match(result, "href=\"/annuaire/centres/([^\"?]+)\\?lieu=75013\"");
        Assert.True(firstCentre.Success, "a centre is linked");

        var centre = Text(await c.GetPageAsync($"{Routes.Pages.Directory}/centres/{firstCentre.Groups[1].Value}?lieu=75013"));
        Assert.Contains("Maladies prises en charge", centre, StringComparison.Ordinal);
        Assert.Contains("Orphanet, INSERM — CC BY 4.0", centre, StringComparison.Ordinal);
        Assert.Contains("Données fictives de démonstration", centre, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Sickle_cell_disease_near_Paris_13_answers_MCGRE_first_with_why_contacts_ages_and_a_map(DatabaseProvider provider)
    {
        using var c = apps[provider].PageClient();
        var html = Text(await c.GetPageAsync(Routes.Pages.Directory + "?q=dr%C3%A9panocytose&lieu=75013"));
        Assert.Contains("<html lang=\"fr\"", html, StringComparison.Ordinal);
        var networks = System.Text.RegularExpressions.Regex.Match(html, "<ul class=\"fr-mb-4w\" id=\"reseaux-couvrant\">(.*?)</ul>",
            System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var first = System.Text.RegularExpressions.Regex.Match(networks, "data-coverage=\"(\\w+)\">\\s*<a href=\"/annuaire/reseaux/([^\"?]+)");
        Assert.Equal("maladie", first.Groups[1].Value);
        Assert.StartsWith("CRMR-MCGRE-", first.Groups[2].Value, StringComparison.Ordinal);
        Assert.Contains("Labellisé pour cette maladie (ORPHA:232).", networks, StringComparison.Ordinal);
        Assert.DoesNotContain("BRAIN-TEAM", networks, StringComparison.Ordinal);
        // The first centre listed is one of the networks labelled for the disease, with its contact and ages.
        var hits = html[html.IndexOf("id=\"centres-titre\"", StringComparison.Ordinal)..];
        Assert.Contains("Réseaux labellisés pour cette maladie", hits, StringComparison.Ordinal);
        var firstHit = hits[hits.IndexOf("<li class=\"maillage-hit\">", StringComparison.Ordinal)..];
        firstHit = firstHit[..firstHit.IndexOf("</li>", StringComparison.Ordinal)];
        Assert.Contains("Filière MCGRE", firstHit, StringComparison.Ordinal);
        Assert.Matches("href=\"tel:0\\d{9}\"", firstHit);
        Assert.Contains("@demo.maillage.invalid", firstHit, StringComparison.Ordinal);
        Assert.Matches("maillage-age\">(Enfants et adultes|Adultes|Enfants)<", firstHit);
        Assert.Contains("id=\"carte-resultats\"", html, StringComparison.Ordinal);
        Assert.Matches("<li>75 – Paris : \\d+ centres?</li>", html);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_directory_speaks_English_when_asked_remembers_it_and_switches_back(DatabaseProvider provider)
    {
        using var c = apps[provider].PageClient();
        using (var asked = await c.GetAsync(new Uri(Routes.Pages.Directory + "?orpha=232&lieu=75013&lang=en", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            Assert.Contains(asked.Headers.GetValues("Set-Cookie"), v => v.StartsWith("maillage-annuaire-langue=", StringComparison.Ordinal) && v.Contains("path=/annuaire", StringComparison.OrdinalIgnoreCase));
            var en = Text(await asked.Content.ReadAsStringAsync(Ct));
            Assert.Contains("<html lang=\"en\"", en, StringComparison.Ordinal);
            Assert.Contains("<h2 class=\"fr-card__title\" id=\"maladie-retenue\">Sickle cell anemia</h2>", en, StringComparison.Ordinal);
            Assert.Contains("Designated for this disease (ORPHA:232).", en, StringComparison.Ordinal);
            Assert.Contains("Centres that care for this disease", en, StringComparison.Ordinal);
            Assert.Contains("https://www.orpha.net/en/disease/detail/232", en, StringComparison.Ordinal);
            // The DSFR language selector links this page in both languages; the shared header stays French and says so.
            Assert.Contains("class=\"fr-translate fr-nav\"", en, StringComparison.Ordinal);
            Assert.Contains("hreflang=\"fr\" lang=\"fr\" href=\"/annuaire?orpha=232&lieu=75013&lang=fr\"", en, StringComparison.Ordinal);
            Assert.Contains("<header role=\"banner\" class=\"fr-header\" lang=\"fr\">", en, StringComparison.Ordinal);
        }
        // The choice is remembered (cookie) on the other pages of the directory…
        var network = Text(await c.GetPageAsync(Routes.Pages.Directory + "/reseaux/CRMR-MCGRE-01"));
        Assert.Contains("<html lang=\"en\"", network, StringComparison.Ordinal);
        Assert.Contains("Sites of the reference centre", network, StringComparison.Ordinal);
        // …a page that exists only in French says so and is marked French…
        var data = Text(await c.GetPageAsync(Routes.Pages.Directory + "/donnees"));
        Assert.Contains("<html lang=\"fr\"", data, StringComparison.Ordinal);
        Assert.Contains("This page is available in French only.", data, StringComparison.Ordinal);
        // …the rest of the application stays French…
        Assert.Contains("<html lang=\"fr\"", Text(await c.GetPageAsync("/")), StringComparison.Ordinal);
        // …and French comes back when chosen.
        var fr = Text(await c.GetPageAsync(Routes.Pages.Directory + "?orpha=232&lang=fr"));
        Assert.Contains("<html lang=\"fr\"", fr, StringComparison.Ordinal);
        Assert.Contains("Drépanocytose", fr, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\"", Text(await c.GetPageAsync(Routes.Pages.Directory + "?orpha=232")), StringComparison.Ordinal);
        // An unknown language is French, not an error.
        Assert.Contains("<html lang=\"fr\"", Text(await c.GetPageAsync(Routes.Pages.Directory + "?orpha=232&lang=xx")), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Centre_page_shows_the_heads_professional_name_and_title_and_no_other_personal_data(DatabaseProvider provider)
    {
        var app = apps[provider];
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var today = DateOnly.FromDateTime(DateTime.Now);
        var mandate = await db.Mandates.AsNoTracking().Include(m => m.Person)
            .Where(m => m.Role == MandateRole.CentreHead && m.CentreId != null && m.From <= today && (m.To == null || m.To >= today)
                && m.Person!.Rpps != null && m.Person.BirthDate != null)
            .OrderBy(m => m.CentreId).FirstAsync(Ct);
        var p = mandate.Person!;
        using var c = app.PageClient();
        var html = Text(await c.GetPageAsync($"{Routes.Pages.Directory}/centres/{mandate.CentreId}"));
        Assert.Contains($"Responsable : {p.DisplayName}", html, StringComparison.Ordinal);
        if (p.Email is not null) Assert.DoesNotContain(p.Email, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(p.Rpps!, html, StringComparison.Ordinal);
        Assert.DoesNotContain(p.BirthDate!.Value.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.DoesNotContain(Maillage.Domain.French.Date(p.BirthDate!.Value), html, StringComparison.Ordinal);
        Assert.DoesNotContain(p.BirthDate!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.DoesNotContain(Routes.Pages.People + "/", html, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Network_filiere_platform_and_open_data_pages_render_and_unknown_ids_are_404(DatabaseProvider provider)
    {
        var app = apps[provider];
        using var c = app.PageClient();
        var network = Text(await c.GetPageAsync(Routes.Pages.Directory + "/reseaux/CRMR-CARDIOGEN-01"));
        Assert.Contains("Sites du centre de référence", network, StringComparison.Ordinal);
        Assert.Contains("Maladies couvertes", network, StringComparison.Ordinal);
        var filiere = Text(await c.GetPageAsync(Routes.Pages.Directory + "/filieres/CARDIOGEN"));
        Assert.Contains("href=\"/annuaire/reseaux/CRMR-CARDIOGEN-01\"", filiere, StringComparison.Ordinal);
        var platform = Text(await c.GetPageAsync(Routes.Pages.Directory + "/plateformes/PEMR-01"));
        Assert.Contains("Centres associés", platform, StringComparison.Ordinal);
        var data = Text(await c.GetPageAsync(Routes.Pages.Directory + "/donnees"));
        Assert.Contains("Licence Ouverte / Open Licence 2.0 (Etalab)", data, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/directory/orphanet-list\"", data, StringComparison.Ordinal);
        var home = Text(await c.GetPageAsync("/"));
        Assert.Contains("href=\"/annuaire\"", home, StringComparison.Ordinal);
        var near = Text(await c.GetPageAsync(Routes.Pages.Directory + "?lieu=35"));
        Assert.Contains("Dans votre département", near, StringComparison.Ordinal);
        var unknown = Text(await c.GetPageAsync(Routes.Pages.Directory + "?lieu=Xyzzyville"));
        Assert.Contains("Lieu « Xyzzyville » introuvable", unknown, StringComparison.Ordinal);

        foreach (var url in new[] { Routes.Pages.Directory + "/centres/NOPE", Routes.Pages.Directory + "/reseaux/NOPE", Routes.Pages.Directory + "/filieres/NOPE", Routes.Pages.Directory + "/plateformes/NOPE" })
        {
            using var r = await c.GetAsync(new Uri(url, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Activity_counts_below_ten_are_not_shown_on_public_pages(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string nine, ten;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var today = DateOnly.FromDateTime(DateTime.Now);
            var ids = await db.Labels.AsNoTracking().Where(l => l.CentreId != null && l.ValidFrom <= today && (l.ValidTo == null || l.ValidTo >= today))
                .Select(l => l.CentreId!).Distinct().OrderBy(x => x).Take(2).ToListAsync(Ct);
            (nine, ten) = (ids[0], ids[1]);
            var import = new ActivityImportRecord
            {
                ImportedAt = DateTimeOffset.UtcNow, ImportedBy = "test", FileName = "t.csv", Sha256 = new string('0', 64),
                RejectsByReason = "{}", Years = "2025",
            };
            db.ActivityImports.Add(import);
            await db.SaveChangesAsync(Ct);
            db.ActivityIndicators.Add(new ActivityIndicatorRecord { CentreId = nine, Year = 2025, ActivePatients = 9, ImportId = import.Id });
            db.ActivityIndicators.Add(new ActivityIndicatorRecord { CentreId = ten, Year = 2025, ActivePatients = 10, ImportId = import.Id });
            await db.SaveChangesAsync(Ct);
        }
        using var c = app.PageClient();
        var small = Text(await c.GetPageAsync($"{Routes.Pages.Directory}/centres/{nine}"));
        Assert.Contains("File active 2025 : moins de 10 patient", small, StringComparison.Ordinal);
        Assert.DoesNotContain("File active 2025 : 9", small, StringComparison.Ordinal);
        var shown = Text(await c.GetPageAsync($"{Routes.Pages.Directory}/centres/{ten}"));
        Assert.Contains("File active 2025 : 10 patients", shown, StringComparison.Ordinal);
    }
}
