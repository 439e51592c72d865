using System.Net;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Procedures;

/// <summary>The yearly list (arrêté annex): the same from the CLI and the API, and a change of head shows in its differences.</summary>
[Collection(nameof(ProcessStateCollection))]
public sealed class YearlyListTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_list_is_the_same_from_the_cli_and_the_api_and_shows_a_new_head_among_its_changes(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string centreId, personId;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            centreId = await db.Centres.Where(c => c.Kind == CentreKind.CompetenceCentre && c.ClosedOn == null).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(Ct);
            personId = await db.People.Where(p => !db.Mandates.Any(m => m.PersonId == p.Id && m.CentreId == centreId)).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(Ct);
            var registry = s.ServiceProvider.GetRequiredService<RegistryService>();
            var r = await registry.SetCentreHeadAsync(new Caller("admin", UserRole.NationalAdmin, null), centreId, personId, new DateOnly(2025, 6, 1), Ct);
            Assert.Equal(WriteStatus.Ok, r.Status);
        }

        var (code, csv, errors) = await CliRunner.RunAsync(app, "labelling", "publish", "--year", "2025", "--format", "csv");
        Assert.True(code == 0, errors);
        using var client = app.CreateClient();
        var apiCsv = await client.GetStringAsync(new Uri(Routes.Api.Labelling + "/lists/2025?format=csv", UriKind.Relative), Ct);
        Assert.Equal(apiCsv, csv);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(YearlyLists.CsvHeader, lines[0]);
        Assert.Contains(lines, l => l.Contains($";{centreId};", StringComparison.Ordinal));
        // The demo network on 31/12/2025: 110 coordinating + 490 constitutive sites, 1,800 CCMR, 85 CRC.
        Assert.Equal(110 + 490 + 1800 + 85, lines.Length - 1);

        var (changesCode, changes, _) = await CliRunner.RunAsync(app, "labelling", "publish", "--year", "2025", "--format", "csv", "--changes");
        Assert.Equal(0, changesCode);
        Assert.Contains(changes.Split('\n'), l => l.StartsWith($"{centreId};", StringComparison.Ordinal) && l.Contains(";responsable;", StringComparison.Ordinal));
        // The year after, the head is unchanged: no such line.
        var (_, next, _) = await CliRunner.RunAsync(app, "labelling", "publish", "--year", "2026", "--format", "csv", "--changes");
        Assert.DoesNotContain(next.Split('\n'), l => l.StartsWith($"{centreId};", StringComparison.Ordinal) && l.Contains(";responsable;", StringComparison.Ordinal));

        // The PDF: a file with pages; without --output the CLI refuses.
        var pdf = await client.GetByteArrayAsync(new Uri(Routes.Api.Labelling + "/lists/2025?format=pdf", UriKind.Relative), Ct);
        var pdfCheck = PdfInspector.Inspect(pdf);
        Assert.True(pdfCheck.PageCount > 10);
        // Real text: the changed centre among the changes, every listed centre once in its filière's table, the page numbers.
        var pages = Maillage.Testing.PdfText.Pages(pdf);
        Assert.Equal(pdfCheck.PageCount, pages.Count);
        Assert.Contains($"Page {pages.Count} sur {pages.Count}", pages[^1], StringComparison.Ordinal);
        var pdfLines = pages.SelectMany(p => p.Split('\n')).ToList();
        Assert.Equal(2, pdfLines.Count(l => l == centreId)); // once among the changes, once in the list
        Assert.Contains("Modifications par rapport à la liste 2024", pages[0], StringComparison.Ordinal);
        // Every page but the title's carries a table's header row: the changes' or the list's, repeated on each page it runs onto.
        Assert.All(pages.Skip(1), p => Assert.True(p.StartsWith("Centre\nNom\nModification\n", StringComparison.Ordinal)
            || p.StartsWith("Type\nCentre\nIdentifiant\n", StringComparison.Ordinal) || p.Contains("\nType\nCentre\nIdentifiant\n", StringComparison.Ordinal), p[..Math.Min(200, p.Length)]));
        var (pdfCode, _, pdfErrors) = await CliRunner.RunAsync(app, "labelling", "publish", "--year", "2025", "--format", "pdf");
        Assert.Equal(2, pdfCode);
        Assert.Contains("--output", pdfErrors, StringComparison.Ordinal);
        using var bad = await client.GetAsync(new Uri(Routes.Api.Labelling + "/lists/2025?format=docx", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var page = await client.GetStringAsync(new Uri(Routes.Pages.Procedures + "/liste-annuelle?annee=2025", UriKind.Relative), Ct);
        Assert.Contains("Liste annuelle des centres 2025", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_lists_additions_removals_and_changes_by_centre()
    {
        YearlyListRow Row(string id, string head, string finess = "750000001", string kind = "ccmr") =>
            new("F", "N", "Réseau", kind, id, "Centre " + id, finess, "Hôpital", "Paris", "11", head, "labellise");
        var before = new[] { Row("A", "Dr A"), Row("B", "Dr B"), Row("C", "Dr C") };
        var after = new[] { Row("A", "Dr A"), Row("B", "Dr B2"), Row("D", "Dr D"), };
        var diff = YearlyLists.Diff(before, after);
        Assert.Equal([("B", "responsable"), ("C", "retrait"), ("D", "ajout")], diff.Select(d => (d.CentreId, d.Change)));
        Assert.Equal("Dr B", diff[0].Before);
        Assert.Equal("Dr B2", diff[0].After);
        Assert.Empty(YearlyLists.Diff(before, before));
        Assert.Equal("etablissement", Assert.Single(YearlyLists.Diff(before, [Row("A", "Dr A", "690000001"), before[1], before[2]])).Change);
    }
}
