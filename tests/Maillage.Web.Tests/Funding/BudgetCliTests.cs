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
}
