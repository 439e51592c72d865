using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Reports;

/// <summary><c>maillage reports export|import</c>: CSV and XLSX round trip changes nothing; a bad file names file, line and field and writes nothing.</summary>
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
                Assert.Contains("rapport(s) exporté(s)", output, StringComparison.Ordinal);
                var audit = await app.AuditCountAsync();
                (code, output, errors) = await CliRunner.RunAsync(app, "reports", "import", file);
                Assert.True(code == 0, errors);
                Assert.Contains(", 0 créé(s), 0 modifié(s), ", output, StringComparison.Ordinal);
                Assert.Equal(audit, await app.AuditCountAsync());
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
}
