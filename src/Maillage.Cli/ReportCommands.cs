using System.CommandLine;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage reports import|export|pdf</c>: annual reports as CSV or XLSX (docs/formats/annual-reports.md). The CLI is an
/// operator's tool with direct access to the database, so it acts with the national administrator's scope; the
/// workflow rules still apply (a locked report cannot be changed by an import).
/// </summary>
public static class ReportCommands
{
    private static Caller Operator => new($"cli:{Environment.UserName}", UserRole.NationalAdmin, null);

    public static Command Build()
    {
        var reports = new Command("reports", "Rapports annuels d'activité : import, export (docs/formats/annual-reports.md) et suivi de campagne (docs/campaign-tracking.md)");
        reports.Subcommands.Add(Import());
        reports.Subcommands.Add(Export());
        reports.Subcommands.Add(Pdf());
        reports.Subcommands.Add(Campaign());
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
                await Console.Error.WriteLineAsync($"Import refusé : {Maillage.Domain.French.Count(result.Errors.Count, "erreur", "erreurs")}, rien n'a été écrit.");
                return 1;
            }
            Console.Out.WriteLine($"Import appliqué : {French.Count(result.Rows, "ligne", "lignes")}, {result.Created} {French.Agree(result.Created, "créé", "créés")}, {result.Updated} {French.Agree(result.Updated, "modifié", "modifiés")}, {result.Unchanged} {French.Agree(result.Unchanged, "inchangé", "inchangés")}.");
            return 0;
        });
        return cmd;
    }

    /// <summary><c>maillage reports pdf --centre X --year N [--output FILE.pdf]</c>: one report as the page's and the API's PDF.</summary>
    private static Command Pdf()
    {
        var centre = new Option<string>("--centre") { Description = "Identifiant du centre (site)", Required = true };
        var year = new Option<int>("--year") { Description = "Année du rapport", Required = true };
        var output = new Option<string?>("--output") { Description = "Fichier PDF à écrire (par défaut rapport-CENTRE-ANNÉE.pdf)" };
        var cmd = new Command("pdf", "Écrit un rapport annuel en PDF (rubriques, publications, liste de contrôle, constats de conformité)") { centre, year, output };
        cmd.SetAction(async (pr, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(ct);
            var (service, _, _) = Services(db);
            var centreId = pr.GetValue(centre)!.Trim();
            var y = pr.GetValue(year);
            var (status, pdf, name) = await service.PdfAsync(Operator, centreId, y, ct);
            if (status != Maillage.Core.Features.Registry.WriteStatus.Ok)
            {
                await Console.Error.WriteLineAsync($"Centre « {centreId} » inconnu, ou aucune campagne ne couvre l'année {y}.");
                return 1;
            }
            var file = pr.GetValue(output) ?? name!;
            if (!file.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"{file} : extension .pdf attendue.");
                return 1;
            }
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (dir is not null) Directory.CreateDirectory(dir);
            await File.WriteAllBytesAsync(file, pdf!, ct);
            Console.Out.WriteLine($"Rapport {centreId} {y} écrit dans {file} ({pdf!.Length} octets).");
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
            Console.Out.WriteLine($"{French.Count(sheet.Rows.Count, "rapport exporté", "rapports exportés")} dans {file}");
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// <c>maillage reports campaign [--year N] [--region CODE] [--remind]</c>: the campaign's counts (submitted, validated,
    /// transmitted, late), N-1 at the same point and final, the late centres by name; <c>--remind</c> sends the reminder
    /// to every centre not yet submitted (once a day at most per centre).
    /// </summary>
    private static Command Campaign()
    {
        var year = new Option<int?>("--year") { Description = "Année des rapports (par défaut : la dernière campagne ouverte)" };
        var region = new Option<string?>("--region") { Description = "Région (code INSEE)" };
        var remind = new Option<bool>("--remind") { Description = "Relance par courriel les centres qui n'ont pas encore soumis" };
        var cmd = new Command("campaign", "Suivi de la campagne des rapports annuels : qui a soumis, validé, transmis, en retard ; relances") { year, region, remind };
        cmd.SetAction(async (pr, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(ct);
            var tracking = new CampaignTracking(db, TimeProvider.System);
            var y = pr.GetValue(year) ?? tracking.DefaultYear();
            var view = await tracking.TrackAsync(Operator, y, new CampaignQuery(Region: pr.GetValue(region), LateOnly: true, PageSize: CampaignTracking.MaxPageSize), ct);
            if (view is null)
            {
                await Console.Error.WriteLineAsync($"Aucune campagne de labellisation ne couvre l'année {y}.");
                return 1;
            }
            var c = view.Counts;
            Console.Out.WriteLine($"Campagne des rapports {view.Year} (référentiel {view.CampaignId}) : remise du {French.Date(view.WindowOpens)} au {French.Date(view.Deadline)}"
                + (view.RegionName is null ? "" : $", région {view.RegionName}"));
            Console.Out.WriteLine($"Centres attendus : {c.Expected} ; non commencés : {c.NotStarted} ; brouillons : {c.Draft} ; soumis : {c.Submitted} ; validés : {c.Validated} ; transmis : {c.Transmitted}");
            Console.Out.WriteLine($"Ont soumis : {c.HaveSubmitted} ; en retard (non soumis après la clôture) : {view.LateNotSubmitted} ; soumis en retard : {view.SubmittedLate}");
            if (view.Previous is { } p)
                Console.Out.WriteLine($"{p.Year} au {French.Date(p.SamePointAsOf)} : {p.AtSamePoint.HaveSubmitted} soumis sur {p.AtSamePoint.Expected}, {p.AtSamePoint.Transmitted} transmis ; "
                    + $"{(p.FinalIsClosed ? "chiffres définitifs" : "à ce jour")} : {p.Final.HaveSubmitted} soumis sur {p.Final.Expected}, {p.Final.Transmitted} transmis");
            foreach (var late in view.Centres.Items.Where(x => x.Late))
                Console.Out.WriteLine($"  en retard : {late.CentreName} — {late.EstablishmentName} ({late.CentreId}), {late.State.Label()}");
            if (view.LateNotSubmitted > view.Centres.Items.Count(x => x.Late))
                Console.Out.WriteLine($"  … et {French.Count(view.LateNotSubmitted - view.Centres.Items.Count(x => x.Late), "autre", "autres")}");
            if (!pr.GetValue(remind)) return 0;
            var result = await tracking.RemindAsync(Operator, y, null, ct, pr.GetValue(region));
            if (result.Error is not null)
            {
                await Console.Error.WriteLineAsync(result.Error);
                return 1;
            }
            Console.Out.WriteLine($"Relances : {French.Count(result.Sent, "centre relancé", "centres relancés")}, {result.Skipped} {French.Agree(result.Skipped, "ignoré", "ignorés")}.");
            foreach (var o in result.Outcomes.Where(o => !o.Sent).Take(50)) Console.Out.WriteLine($"  ignoré : {o.CentreName ?? o.CentreId} — {o.Skipped}");
            return 0;
        });
        return cmd;
    }
}
