using Maillage.Core.Data;
using Maillage.Core.Demo;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Filieres;

/// <summary><c>maillage filieres census-export</c>: the demo census as CSV in the documented format, or XLSX; a bad file name is refused.</summary>
[Collection(nameof(ProcessStateCollection))]
public sealed class FiliereCliTests
{
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_census_export_writes_the_documented_columns_and_the_demo_laboratories(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var dir = Directory.CreateTempSubdirectory("maillage-census-").FullName;
        try
        {
            var file = Path.Combine(dir, "recensement.csv");
            var (code, output, errors) = await CliRunner.RunAsync(app, "filieres", "census-export", file, "--filiere", DemoFiliereActivity.Filiere);
            Assert.True(code == 0, errors);
            var lines = (await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken)).ToList();
            Assert.Equal("filiere;category;id;kind;title;year;establishment;establishment_finess;network_id;link;fictitious", lines[0].TrimStart('\uFEFF'));
            Assert.Equal(DemoFiliereActivity.ResearchLabs, lines.Count(l => l.Contains(";laboratory;", StringComparison.Ordinal) && l.Contains(";research;", StringComparison.Ordinal)));
            Assert.Equal(DemoFiliereActivity.DiagnosticLabs, lines.Count(l => l.Contains(";laboratory;", StringComparison.Ordinal) && l.Contains(";diagnostic;", StringComparison.Ordinal)));
            Assert.Contains($"{lines.Count - 1} {(lines.Count - 1 > 1 ? "lignes" : "ligne")} de recensement", output, StringComparison.Ordinal);
            // The same rows as one XLSX sheet, chosen by the extension.
            var workbook = Path.Combine(dir, "recensement.xlsx");
            (code, _, errors) = await CliRunner.RunAsync(app, "filieres", "census-export", workbook, "--filiere", DemoFiliereActivity.Filiere);
            Assert.True(code == 0, errors);
            await using (var xlsx = File.OpenRead(workbook))
            {
                var sheet = Assert.Single(Maillage.Core.Infrastructure.Tabular.XlsxTable.Read(xlsx));
                Assert.Equal("Recensement", sheet.Name);
                Assert.Equal(lines[0].TrimStart('\uFEFF').Split(';'), sheet.Header);
                Assert.Equal(lines.Count - 1, sheet.Rows.Count);
            }
            var (badCode, _, badErrors) = await CliRunner.RunAsync(app, "filieres", "census-export", Path.Combine(dir, "x.ods"));
            Assert.Equal(1, badCode);
            Assert.Contains("extension .csv ou .xlsx attendue", badErrors, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
