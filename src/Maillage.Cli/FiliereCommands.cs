using System.CommandLine;
using System.Text;
using Maillage.Core.Features.Filieres;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage filieres coordinators --year Y --format pdf|csv [--output FILE] [--changes]</c>: the yearly list of FSMR
/// coordinators (the arrêté annuel of the note of 19 September 2018, annex) and its differences with the previous year's.
/// Exit codes: 0 done, 2 bad input.
/// </summary>
public static class FiliereCommands
{
    public static Command Build()
    {
        var filieres = new Command("filieres", "Filières de santé maladies rares : liste annuelle des coordonnateurs");
        var year = new Option<int>("--year") { Description = "Année de la liste (coordonnateurs en fonction au 31 décembre)", Required = true };
        var format = new Option<string>("--format") { Description = "csv ou pdf", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "pdf");
        var output = new Option<FileInfo?>("--output") { Description = "Fichier de sortie (obligatoire pour le PDF ; sortie standard sinon)" };
        var changes = new Option<bool>("--changes") { Description = "En CSV : les différences avec la liste de l'année précédente au lieu de la liste" };
        var coordinators = new Command("coordinators", "Publie la liste annuelle des coordonnateurs de filière (arrêté annuel) avec les différences avec l'année précédente")
            { year, format, output, changes };
        coordinators.SetAction(async (pr, ct) =>
        {
            var y = pr.GetValue(year);
            if (y is < 2000 or > 2100)
            {
                await Console.Error.WriteLineAsync($"--year : année « {y} » hors de la plage 2000–2100.");
                return 2;
            }
            var file = pr.GetValue(output);
            if (pr.GetValue(format) == "pdf" && file is null)
            {
                await Console.Error.WriteLineAsync("--output : obligatoire pour le format pdf.");
                return 2;
            }
            await using var db = await CliDatabase.OpenAsync(ct);
            var list = await CoordinatorLists.BuildAsync(db, y, ct);
            byte[] bytes = pr.GetValue(format) == "pdf" ? CoordinatorLists.ToPdf(list)
                : Encoding.UTF8.GetBytes(pr.GetValue(changes) ? CoordinatorLists.ChangesToCsv(list) : CoordinatorLists.ToCsv(list));
            if (file is null) await Console.Out.WriteAsync(Encoding.UTF8.GetString(bytes)); // CSV only: the PDF needs --output
            else await File.WriteAllBytesAsync(file.FullName, bytes, ct);
            await Console.Error.WriteLineAsync($"Coordonnateurs {y} : {list.Rows.Count} filières au {list.AsOf:dd/MM/yyyy}, {list.Changes.Count} modification(s) par rapport à {y - 1}"
                + (list.FictitiousDemoData ? " — données fictives de démonstration." : "."));
            return 0;
        });
        filieres.Subcommands.Add(coordinators);
        return filieres;
    }
}
