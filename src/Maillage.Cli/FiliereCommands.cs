using System.CommandLine;
using System.Text;
using Maillage.Core.Features.Filieres;
using Maillage.Core.Features.FiliereReports;
using Maillage.Domain;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage filieres coordinators --year Y --format pdf|csv [--output FILE] [--changes]</c>: the yearly list of FSMR
/// coordinators (the arrêté annuel of the note of 19 September 2018, annex) and its differences with the previous year's.
/// Exit codes: 0 done, 2 bad input.
///
/// <c>maillage filieres census-export FILE.csv [--filiere X]</c>: the census of the filières (trainings and PNDS, laboratories, registries and
/// cohorts) as CSV (docs/filieres-reports.md, « Census CSV format »). Public data: the same rows as the API's export.
/// </summary>
public static class FiliereCommands
{
    public static Command Build()
    {
        var filieres = new Command("filieres", "Filières de santé maladies rares : liste annuelle des coordonnateurs, recensement (formations, PNDS, laboratoires, registres)");
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
            await Console.Error.WriteLineAsync($"Coordonnateurs {y} : {Maillage.Domain.French.Count(list.Rows.Count, "filière", "filières")} au {Maillage.Domain.French.Date(list.AsOf)}, {Maillage.Domain.French.Count(list.Changes.Count, "modification", "modifications")} par rapport à {y - 1}"
                + (list.FictitiousDemoData ? " — données fictives de démonstration." : "."));
            return 0;
        });
        filieres.Subcommands.Add(coordinators);
        filieres.Subcommands.Add(CensusExport());
        return filieres;
    }

    private static Command CensusExport()
    {
        var path = new Argument<string>("file") { Description = "Fichier de destination (.csv ou .xlsx)" };
        var filiere = new Option<string?>("--filiere") { Description = "Une filière (acronyme) ; toutes par défaut" };
        var cmd = new Command("census-export", "Exporte le recensement des filières en CSV ou XLSX (selon l'extension)") { path, filiere };
        cmd.SetAction(async (pr, ct) =>
        {
            var file = pr.GetValue(path)!;
            var xlsx = file.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);
            if (!xlsx && !file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"{file} : extension .csv ou .xlsx attendue.");
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
            await File.WriteAllBytesAsync(file, FiliereCensusService.Write(rows, xlsx), ct);
            Console.Out.WriteLine($"{French.Count(rows.Count, "ligne", "lignes")} de recensement {French.Agree(rows.Count, "exportée", "exportées")} dans {file}");
            return 0;
        });
        return cmd;
    }
}
