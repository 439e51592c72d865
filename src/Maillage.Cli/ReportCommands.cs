using System.CommandLine;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage reports import|export</c>: annual reports as CSV or XLSX (docs/formats/annual-reports.md). The CLI is an
/// operator's tool with direct access to the database, so it acts with the national administrator's scope; the
/// workflow rules still apply (a locked report cannot be changed by an import).
/// </summary>
public static class ReportCommands
{
    private static Caller Operator => new($"cli:{Environment.UserName}", UserRole.NationalAdmin, null);

    public static Command Build()
    {
        var reports = new Command("reports", "Rapports annuels d'activité : import et export (docs/formats/annual-reports.md)");
        reports.Subcommands.Add(Import());
        reports.Subcommands.Add(Export());
        return reports;
    }

    private static (ReportService, ReportQueries, ReportTransfer) Services(Maillage.Core.Data.MaillageDbContext db)
    {
        var service = new ReportService(db, new AccessPolicy(db, TimeProvider.System), TimeProvider.System);
        var queries = new ReportQueries(db);
        return (service, queries, new ReportTransfer(db, service, queries));
    }

    private static Command Import()
    {
        var path = new Argument<string>("file") { Description = "Fichier .csv (séparateur ;) ou .xlsx" };
        var cmd = new Command("import", "Importe des rapports ; rien n'est écrit si une erreur est trouvée ; un fichier réimporté ne change rien") { path };
        cmd.SetAction(async (pr, ct) =>
        {
            var file = pr.GetValue(path)!;
            if (!File.Exists(file))
            {
                await Console.Error.WriteLineAsync($"{file} : fichier introuvable.");
                return 1;
            }
            await using var db = await CliDatabase.OpenAsync(ct);
            var (_, _, transfer) = Services(db);
            var name = Path.GetFileName(file);
            ReportImportResult result;
            try
            {
                result = await transfer.ImportAsync(Operator, name, ReportTransfer.ReadFile(name, await File.ReadAllBytesAsync(file, ct)), ct);
            }
            catch (ReportFileException ex)
            {
                result = new ReportImportResult(0, 0, 0, 0, [ex.Error]);
            }
            if (!result.Ok)
            {
                foreach (var e in result.Errors) await Console.Error.WriteLineAsync(e.ToString());
                await Console.Error.WriteLineAsync($"Import refusé : {result.Errors.Count} erreur(s), rien n'a été écrit.");
                return 1;
            }
            Console.Out.WriteLine($"Import appliqué : {result.Rows} ligne(s), {result.Created} créé(s), {result.Updated} modifié(s), {result.Unchanged} inchangé(s).");
            return 0;
        });
        return cmd;
    }

    private static Command Export()
    {
        var path = new Argument<string>("file") { Description = "Fichier de destination (.csv ou .xlsx)" };
        var year = new Option<int?>("--year") { Description = "Année des rapports (toutes par défaut)" };
        var filiere = new Option<string?>("--filiere") { Description = "Filière (acronyme)" };
        var region = new Option<string?>("--region") { Description = "Région (code INSEE)" };
        var cmd = new Command("export", "Exporte les rapports annuels") { path, year, filiere, region };
        cmd.SetAction(async (pr, ct) =>
        {
            var file = pr.GetValue(path)!;
            var xlsx = file.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);
            if (!xlsx && !file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"{file} : extension .csv ou .xlsx attendue.");
                return 1;
            }
            await using var db = await CliDatabase.OpenAsync(ct);
            var (_, _, transfer) = Services(db);
            var sheet = await transfer.ExportAsync(Operator, new ReportFilter(pr.GetValue(year), pr.GetValue(filiere), pr.GetValue(region)), ct);
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (dir is not null) Directory.CreateDirectory(dir);
            await using (var stream = File.Create(file))
            {
                if (xlsx) XlsxTable.Write(stream, [sheet]);
                else CsvTable.Write(stream, sheet.Header, sheet.Rows.Select(r => (IReadOnlyList<string?>)r.Cells));
            }
            Console.Out.WriteLine($"{sheet.Rows.Count} rapport(s) exporté(s) dans {file}");
            return 0;
        });
        return cmd;
    }
}
