using System.CommandLine;
using Maillage.Core.Data;
using Maillage.Core.Demo;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage demo national [--years 10] [--activity-rows 100000]</c>: adds to the demo database the national-size history
/// the page benchmarks run on (docs/demo-data.md, « National data set »): ten years of fictitious annual reports and
/// activity, written through Core (<see cref="DemoNational"/>). Runs once; refused on a database that is not the demo.
/// </summary>
public static class DemoCommands
{
    public static Command Build()
    {
        var demo = new Command("demo", "Données fictives de démonstration");
        var years = new Option<int>("--years") { Description = $"Années d'historique, jusqu'à l'année en cours (1 à {DemoNationalOptions.MaxYears})", DefaultValueFactory = _ => 10 };
        var rows = new Option<long>("--activity-rows") { Description = "Lignes d'activité fictives importées par année (0 : aucune)", DefaultValueFactory = _ => 100_000 };
        var national = new Command("national", "Ajoute à la démonstration un historique de taille nationale : rapports annuels et activité de chaque année (fictifs)") { years, rows };
        national.SetAction(async (pr, ct) =>
        {
            var options = new DemoNationalOptions { Years = pr.GetValue(years), ActivityRowsPerYear = pr.GetValue(rows) };
            if (options.Error() is { } error)
            {
                await Console.Error.WriteLineAsync(error);
                return 2;
            }
            await using var db = await CliDatabase.OpenAsync(ct);
            if (!await DataSetInfo.IsDemoAsync(db, ct))
            {
                await Console.Error.WriteLineAsync("Cette base n'est pas la démonstration : le jeu national fictif ne s'ajoute qu'aux données de démonstration (maillage db init --demo).");
                return 1;
            }
            var result = await DemoNational.SeedAsync(db, DateOnly.FromDateTime(DateTime.Now), options, new CliLogger(), ct);
            if (result.AlreadyDone)
            {
                await Console.Out.WriteLineAsync("Le jeu national fictif est déjà chargé : rien d'ajouté.");
                return 0;
            }
            await Console.Out.WriteLineAsync($"Rapports annuels ajoutés : {result.Reports} ({string.Join(", ", result.ReportYears)})");
            await Console.Out.WriteLineAsync($"Lignes d'activité importées : {result.ActivityRows} ({string.Join(", ", result.ActivityYears)}), {result.Indicators} indicateurs centre × année");
            await Console.Out.WriteLineAsync($"Rapports annuels en base : {await db.AnnualReports.CountAsync(ct)}");
            await Console.Out.WriteLineAsync("Données fictives de démonstration.");
            return 0;
        });
        demo.Subcommands.Add(national);
        return demo;
    }
}
