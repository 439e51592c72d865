using Maillage.Core.Data;
using Maillage.Core.Demo;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Funding;

/// <summary><c>maillage budget …</c> as a program runs it against the demo database: exports, a computation refused on a published circular, an envelope exceeded.</summary>
[Collection(nameof(ProcessStateCollection))]
public sealed class BudgetCliTests
{
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Delegations_export_and_rules_refused_with_exit_code_2(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var year = DemoBudget.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, output, errors) = await CliRunner.RunAsync(app, "budget", "delegations", "--year", year, "--circular", "C1", "--format", "csv");
        Assert.True(code == 0, errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("annee;circulaire;statut_circulaire;region;ars;finess_ej;etablissement;ligne_mig;libelle_ligne;montant;base_calcul;note", lines[0]);
        Assert.True(lines.Length > 50, $"{lines.Length} lines");
        Assert.All(lines.Skip(1), l => Assert.StartsWith($"{year};C1;published;", l, StringComparison.Ordinal));
        var finess = lines[1].Split(';')[5];

        // A published circular is not computed again.
        var (computeCode, _, computeErrors) = await CliRunner.RunAsync(app, "budget", "compute", "--year", year, "--circular", "C1", "--line", "F04");
        Assert.Equal(2, computeCode);
        Assert.Contains("publiée", computeErrors, StringComparison.Ordinal);

        // F17 is fully delegated in C1 and C2: one more euro in C3 exceeds its envelope.
        var (overCode, _, overErrors) = await CliRunner.RunAsync(app, "budget", "delegate", "--year", year, "--circular", "C3", "--finess", finess, "--line", "F17", "--amount", "1");
        Assert.Equal(2, overCode);
        Assert.Contains("dépassement de 1,00 €", overErrors, StringComparison.Ordinal);

        var (gapsCode, gaps, gapsErrors) = await CliRunner.RunAsync(app, "budget", "gaps", "--year", year, "--format", "json");
        Assert.True(gapsCode == 0, gapsErrors);
        Assert.Contains("\"undeclared\"", gaps, StringComparison.Ordinal);
        var (missingCode, _, _) = await CliRunner.RunAsync(app, "budget", "delegations", "--year", "2099", "--circular", "C1");
        Assert.Equal(1, missingCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Compute_replaces_a_draft_circulars_lines_from_the_DPI_file_and_refuses_bad_input_with_exit_code_2(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var year = DemoBudget.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (_, c1, _) = await CliRunner.RunAsync(app, "budget", "delegations", "--year", year, "--circular", "C1", "--format", "csv");
        var ejs = c1.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(l => l.Split(';')[5]).Distinct().Take(2).ToList();
        var dir = Directory.CreateTempSubdirectory("maillage-budget-cli-");
        try
        {
            // The tree's strict comparisons: 101 centres already funded → 120 000 €; deployment with 41 centres → 50 000 €.
            var dpi = Path.Combine(dir.FullName, "dpi.csv");
            await File.WriteAllTextAsync(dpi, "finess;name;dpi_known;already_funded;need;reference_centres_using_dpi;centres;reference_centres;ghu_count\n"
                + $"{ejs[0]};A;true;true;;;101;;\n{ejs[1]};B;true;false;deployment;;41;0;\n", TestContext.Current.CancellationToken);
            var (code, output, errors) = await CliRunner.RunAsync(app, "budget", "compute", "--year", year, "--circular", "C3", "--line", "F22", "--dpi", dpi);
            Assert.True(code == 0, errors);
            Assert.Contains("F22 : arbre de décision", output, StringComparison.Ordinal);
            Assert.Contains("2 établissements, total 170 000,00 €", output.Replace('\u202f', ' ').Replace('\u00a0', ' '), StringComparison.Ordinal);

            // The demo's two F22 delegations of C3 are replaced by the file's.
            var (_, c3, _) = await CliRunner.RunAsync(app, "budget", "delegations", "--year", year, "--circular", "C3", "--format", "csv");
            var f22 = c3.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(l => l.Split(';'))
                .Where(c => c[7] == "F22").Select(c => (c[5], c[9], c[10])).OrderBy(x => x.Item1, StringComparer.Ordinal).ToList();
            Assert.Equal(new[] { (ejs[0], "120000.00", "dpi"), (ejs[1], "50000.00", "dpi") }.OrderBy(x => x.Item1, StringComparer.Ordinal).ToList(), f22);

            // A value the tree needs left empty: exit 2, the file, line and column named; nothing changed.
            await File.WriteAllTextAsync(dpi, "finess;name;dpi_known;already_funded;need;reference_centres_using_dpi;centres;reference_centres;ghu_count\n" + ejs[0] + ";A;true;true;;;;;\n", TestContext.Current.CancellationToken);
            var (badCode, _, badErrors) = await CliRunner.RunAsync(app, "budget", "compute", "--year", year, "--circular", "C3", "--line", "F22", "--dpi", dpi);
            Assert.Equal(2, badCode);
            Assert.Contains("centres", badErrors, StringComparison.Ordinal);
            var (_, after, _) = await CliRunner.RunAsync(app, "budget", "delegations", "--year", year, "--circular", "C3", "--format", "csv");
            Assert.Equal(c3, after);

            // F22 without its file, and an amount that is not LINE=EUROS: exit 2.
            Assert.Equal(2, (await CliRunner.RunAsync(app, "budget", "compute", "--year", year, "--circular", "C3", "--line", "F22")).Code);
            Assert.Equal(2, (await CliRunner.RunAsync(app, "budget", "compute", "--year", year, "--circular", "C3", "--line", "F17", "--amount", "F17")).Code);
            // An unknown year: exit 1.
            Assert.Equal(1, (await CliRunner.RunAsync(app, "budget", "compute", "--year", "2099", "--circular", "C1", "--line", "F04")).Code);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
