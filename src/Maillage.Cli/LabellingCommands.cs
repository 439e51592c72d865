using System.CommandLine;
using System.Text;
using Maillage.Core.Features.Procedures;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage labelling publish --year Y --format pdf|csv [--output FILE] [--changes]</c>: the yearly list of labelled
/// centres (the arrêté's annex, also sent to Orphanet) and its differences with the previous year's list.
/// Exit codes: 0 done, 2 bad input.
/// </summary>
public static class LabellingCommands
{
    public static Command Build()
    {
        var labelling = new Command("labelling", "Labellisation : liste annuelle des centres");
        var year = new Option<int>("--year") { Description = "Année de la liste (structures labellisées au 31 décembre)", Required = true };
        var format = new Option<string>("--format") { Description = "csv ou pdf", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "pdf");
        var output = new Option<FileInfo?>("--output") { Description = "Fichier de sortie (obligatoire pour le PDF ; sortie standard sinon)" };
        var changes = new Option<bool>("--changes") { Description = "En CSV : les différences avec la liste de l'année précédente au lieu de la liste" };
        var publish = new Command("publish", "Publie la liste annuelle (annexe de l'arrêté, transmise à Orphanet) avec les différences avec l'année précédente")
            { year, format, output, changes };
        publish.SetAction(async (pr, ct) =>
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
            var list = await YearlyLists.BuildAsync(db, y, ct);
            byte[] bytes = pr.GetValue(format) == "pdf" ? YearlyLists.ToPdf(list)
                : Encoding.UTF8.GetBytes(pr.GetValue(changes) ? YearlyLists.ChangesToCsv(list) : YearlyLists.ToCsv(list));
            if (file is null)
                await Console.Out.WriteAsync(Encoding.UTF8.GetString(bytes)); // CSV only: the PDF needs --output
            else
            {
                await File.WriteAllBytesAsync(file.FullName, bytes, ct);
            }
            await Console.Error.WriteLineAsync($"Liste {y} : {Maillage.Domain.French.Count(list.Rows.Count, "structure labellisée", "structures labellisées")} au {Maillage.Domain.French.Date(list.AsOf)}, {Maillage.Domain.French.Count(list.Changes.Count, "modification", "modifications")} par rapport à {y - 1}"
                + (list.FictitiousDemoData ? " — données fictives de démonstration." : "."));
            return 0;
        });
        labelling.Subcommands.Add(publish);
        return labelling;
    }
}
