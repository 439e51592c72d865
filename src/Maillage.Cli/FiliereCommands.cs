using System.CommandLine;
using Maillage.Core.Features.FiliereReports;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage filieres census-export</c>: the census of the filières (trainings and PNDS, laboratories, registries and
/// cohorts) as CSV (docs/filieres-reports.md, « Census CSV format »). Public data: the same rows as the API's export.
/// </summary>
public static class FiliereCommands
{
    public static Command Build()
    {
        var filieres = new Command("filieres", "Filières : recensement (formations, PNDS, laboratoires, registres) — docs/filieres-reports.md");
        filieres.Subcommands.Add(CensusExport());
        return filieres;
    }

    private static Command CensusExport()
    {
        var path = new Argument<string>("file") { Description = "Fichier de destination (.csv)" };
        var filiere = new Option<string?>("--filiere") { Description = "Une filière (acronyme) ; toutes par défaut" };
        var cmd = new Command("census-export", "Exporte le recensement des filières en CSV") { path, filiere };
        cmd.SetAction(async (pr, ct) =>
        {
            var file = pr.GetValue(path)!;
            if (!file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"{file} : extension .csv attendue.");
                return 1;
            }
            var acronym = pr.GetValue(filiere);
            if (acronym is { Length: > 32 })
            {
                await Console.Error.WriteLineAsync("--filiere : un acronyme de filière a 32 caractères au plus.");
                return 1;
            }
            await using var db = await CliDatabase.OpenAsync(ct);
            var census = new FiliereCensusService(db, TimeProvider.System);
            var rows = await census.ExportRowsAsync(string.IsNullOrWhiteSpace(acronym) ? null : acronym.Trim(), ct);
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (dir is not null) Directory.CreateDirectory(dir);
            await File.WriteAllBytesAsync(file, Maillage.Core.Infrastructure.Tabular.CsvTable.ToBytes(FiliereCensusService.ExportHeader, rows), ct);
            Console.Out.WriteLine($"{rows.Count} ligne(s) de recensement exportée(s) dans {file}");
            return 0;
        });
        return cmd;
    }
}
