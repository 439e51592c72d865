using Maillage.Core.Data;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Reports;

/// <summary><c>maillage reports export|import|pdf</c>: CSV and XLSX round trip changes nothing; a bad file names file, line and field and writes nothing; a report as PDF.</summary>
[Collection(nameof(ProcessStateCollection))]
public sealed class ReportCliTests
{
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Export_import_round_trip_and_located_errors(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var dir = Directory.CreateTempSubdirectory("maillage-reports-").FullName;
        try
        {
            foreach (var name in new[] { "rapports.csv", "rapports.xlsx" })
            {
                var file = Path.Combine(dir, name);
                var (code, output, errors) = await CliRunner.RunAsync(app, "reports", "export", file, "--year", "2024");
                Assert.True(code == 0, errors);
                Assert.Contains("rapports exportés dans", output, StringComparison.Ordinal);
                var audit = await app.AuditCountAsync();
                (code, output, errors) = await CliRunner.RunAsync(app, "reports", "import", file);
                Assert.True(code == 0, errors);
                Assert.Contains(", 0 créé, 0 modifié, ", output, StringComparison.Ordinal);
                Assert.Equal(audit, await app.AuditCountAsync());
            }

            // One report as PDF (issue 13 §4): a real PDF naming the centre; an unknown centre is an error.
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
                var report = await db.AnnualReports.AsNoTracking().Where(r => r.Year == 2024).OrderBy(r => r.CentreId).FirstAsync(TestContext.Current.CancellationToken);
                var centreName = await db.Centres.Where(c => c.Id == report.CentreId).Select(c => c.Name).SingleAsync(TestContext.Current.CancellationToken);
                var pdfFile = Path.Combine(dir, "rapport.pdf");
                var (pdfCode, pdfOutput, pdfErrors) = await CliRunner.RunAsync(app, "reports", "pdf", "--centre", report.CentreId, "--year", "2024", "--output", pdfFile);
                Assert.True(pdfCode == 0, pdfErrors);
                Assert.Contains("rapport.pdf", pdfOutput, StringComparison.Ordinal);
                var bytes = await File.ReadAllBytesAsync(pdfFile, TestContext.Current.CancellationToken);
                Assert.True(Maillage.Core.Infrastructure.Pdf.PdfInspector.Inspect(bytes).IsPdf);
                Assert.Contains(centreName, PdfText.All(bytes), StringComparison.Ordinal);
                var (unknownCode, _, unknownErrors) = await CliRunner.RunAsync(app, "reports", "pdf", "--centre", "NO-SUCH-SITE", "--year", "2024", "--output", pdfFile);
                Assert.Equal(1, unknownCode);
                Assert.Contains("inconnu", unknownErrors, StringComparison.Ordinal);
            }

            var bad = Path.Combine(dir, "lot.csv");
            await File.WriteAllTextAsync(bad, "centre_id;year;bndmr_entry\nSITE-00001;2026;peut-être\n", TestContext.Current.CancellationToken);
            var before = await app.AuditCountAsync();
            var (badCode, badOutput, badErrors) = await CliRunner.RunAsync(app, "reports", "import", bad);
            Assert.Equal(1, badCode);
            Assert.Contains("lot.csv, ligne 2, champ « bndmr_entry »", badOutput + badErrors, StringComparison.Ordinal);
            Assert.Equal(before, await app.AuditCountAsync());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary><c>maillage reports campaign</c>: the counts and the late centres by name; <c>--remind</c> once a day; an unknown year fails.</summary>
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Campaign_prints_the_counts_and_reminds_once_a_day(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var year = (DateTime.Today.Year - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, output, errors) = await CliRunner.RunAsync(app, "reports", "campaign", "--year", year, "--region", "11");
        Assert.True(code == 0, errors);
        Assert.Contains($"Campagne des rapports {year}", output, StringComparison.Ordinal);
        Assert.Contains("Centres attendus : ", output, StringComparison.Ordinal);
        Assert.Contains("région Île-de-France", output, StringComparison.Ordinal);
        Assert.Contains("chiffres définitifs", output, StringComparison.Ordinal);
        (code, output, errors) = await CliRunner.RunAsync(app, "reports", "campaign", "--year", "1990");
        Assert.Equal(1, code);
        Assert.Contains("Aucune campagne", errors, StringComparison.Ordinal);
        if (DateTime.Today < new DateTime(DateTime.Today.Year, 4, 1)) return;
        var audit = await app.AuditCountAsync();
        (code, output, errors) = await CliRunner.RunAsync(app, "reports", "campaign", "--year", year, "--region", "11", "--remind");
        Assert.True(code == 0, errors);
        Assert.Matches(@"Relances : (1 centre relancé|[1-9][0-9\u202f]* centres relancés), 0 ignoré\.", output);
        Assert.True(await app.AuditCountAsync() > audit);
        (code, output, errors) = await CliRunner.RunAsync(app, "reports", "campaign", "--year", year, "--region", "11", "--remind");
        Assert.True(code == 0, errors);
        Assert.Contains("Relances : 0 centre relancé", output, StringComparison.Ordinal);
        Assert.Contains("Déjà relancé aujourd'hui", output, StringComparison.Ordinal);
    }
}
