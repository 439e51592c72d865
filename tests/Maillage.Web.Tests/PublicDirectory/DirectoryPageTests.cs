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
        Assert.Matches($"labellisé pour le groupe « [^»]+ » \\(ORPHA:\\d+\\) qui contient cette maladie", result);
        Assert.Contains($"href=\"/annuaire/reseaux/{g.NetworkId}?lieu=75013\"", result, StringComparison.Ordinal);
        var firstCentre = System.Text.RegularExpressions.Regex.Match(result, "href=\"/annuaire/centres/([^\"?]+)\\?lieu=75013\"");
        Assert.True(firstCentre.Success, "a centre is linked");

        var centre = Text(await c.GetPageAsync($"{Routes.Pages.Directory}/centres/{firstCentre.Groups[1].Value}?lieu=75013"));
        Assert.Contains("Maladies prises en charge", centre, StringComparison.Ordinal);
        Assert.Contains("Orphanet, INSERM — CC BY 4.0", centre, StringComparison.Ordinal);
        Assert.Contains("Données fictives de démonstration", centre, StringComparison.Ordinal);
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
