using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Registry;

/// <summary>
/// <c>maillage registry export</c> and <c>import</c> as a program runs them: exit codes, files written, errors printed as
/// <c>file:line: column: message</c>, nothing written on error, re-import changes nothing.
/// </summary>
[Collection(nameof(ProcessStateCollection))]
public sealed class RegistryCliTests
{
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Export_import_round_trip_and_located_errors(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var dir = Directory.CreateTempSubdirectory("maillage-cli-").FullName;
        try
        {
            var csv = Path.Combine(dir, "csv");
            var (exportCode, _, exportErrors) = await CliRunner.RunAsync(app, "registry", "export", csv, "--format", "csv");
            var (xlsxCode, _, _) = await CliRunner.RunAsync(app, "registry", "export", Path.Combine(dir, "registre.xlsx"), "--format", "xlsx");
            Assert.True(exportCode == 0, exportErrors);
            Assert.Equal(0, xlsxCode);
            Assert.True(File.Exists(Path.Combine(csv, "centres.csv")));
            Assert.True(new FileInfo(Path.Combine(dir, "registre.xlsx")).Length > 10_000);
            var audit = await app.AuditCountAsync();

            var (importCode, importOutput, importErrors) = await CliRunner.RunAsync(app, "registry", "import", csv);
            Assert.True(importCode == 0, importErrors);
            Assert.Equal(audit, await app.AuditCountAsync());

            var bad = Path.Combine(dir, "bad");
            Directory.CreateDirectory(bad);
            await File.WriteAllTextAsync(Path.Combine(bad, "people.csv"),
                "id;first_name;last_name;status;rpps\nP-CLI-1;Camille;Martin;pu_ph;\nP-CLI-2;Alex;Durand;pu_ph;01234567123\n", TestContext.Current.CancellationToken);
            var (badCode, badOutput, badErrors) = await CliRunner.RunAsync(app, "registry", "import", bad);
            Assert.Equal(1, badCode);
            Assert.Contains("people.csv:3: rpps:", badOutput + badErrors, StringComparison.Ordinal);
            Assert.Equal(audit, await app.AuditCountAsync());
            Assert.DoesNotContain("P-CLI-1", importOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Export_import_into_an_empty_database_export_gives_identical_files(DatabaseProvider provider)
    {
        await using var demo = new MaillageFactory(provider);
        await using var empty = new MaillageFactory(provider, seed: "none");
        var dir = Directory.CreateTempSubdirectory("maillage-cli-").FullName;
        try
        {
            var first = Path.Combine(dir, "first");
            var second = Path.Combine(dir, "second");
            Assert.Equal(0, (await CliRunner.RunAsync(demo, "registry", "export", first)).Code);
            var (code, _, errors) = await CliRunner.RunAsync(empty, "registry", "import", first);
            Assert.True(code == 0, errors);
            Assert.Equal(0, (await CliRunner.RunAsync(empty, "registry", "export", second)).Code);

            var names = Directory.GetFiles(first).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(names, Directory.GetFiles(second).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
            Assert.Contains("README.txt", names); // the fictitious-data notice travels with the data
            foreach (var name in names)
                Assert.True(File.ReadAllBytes(Path.Combine(first, name!)).SequenceEqual(File.ReadAllBytes(Path.Combine(second, name!))), $"{name} differs");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
