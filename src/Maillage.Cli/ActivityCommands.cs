using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Maillage.Core.Features.Activity;
using Maillage.Core.Features.Activity.Jobs;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;
using Spectre.Console;

namespace Maillage.Cli;

/// <summary><c>maillage activity import|indicators|jobs</c>: activity extracts (docs/formats/activity-extract.md).</summary>
public static class ActivityCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build()
    {
        var activity = new Command("activity", "Activité des centres : import des extraits (docs/formats/activity-extract.md) et indicateurs");
        activity.Subcommands.Add(Import());
        activity.Subcommands.Add(Indicators());
        activity.Subcommands.Add(Jobs());
        return activity;
    }

    private static Command Import()
    {
        var path = new Argument<string>("file") { Description = "Extrait .csv ou .csv.gz (format v1)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Valide et calcule sans rien écrire en base" };
        var maxRate = new Option<double>("--max-reject-rate") { Description = "Part maximale de lignes rejetées (0.001 = 0,1 %)", DefaultValueFactory = _ => 0.001 };
        var cmd = new Command("import", "Importe un extrait d'activité : rien n'est écrit au-delà du taux de rejet") { path, dryRun, maxRate };
        cmd.SetAction(async (pr, ct) =>
        {
            var file = pr.GetValue(path)!;
            if (!File.Exists(file))
            {
                await Console.Error.WriteLineAsync($"Fichier introuvable : {file}");
                return 2;
            }
            var rate = pr.GetValue(maxRate);
            if (rate is < 0 or > 1)
            {
                await Console.Error.WriteLineAsync("--max-reject-rate doit être compris entre 0 et 1.");
                return 2;
            }
            // The campaigns' indicator definitions are parsed from the shipped YAML on another core while the database is
            // opened and the registry read: the parse was a third of a small import's start-up (ADR 0012). The catalogue's
            // lazy value is shared, so the import waits for this parse instead of doing its own.
            var definitions = Task.Run(() => CampaignCatalogue.Shipped.Activity, ct);
            // A plain connection, no EF context: the import's reads and writes are plain SQL (start-up, ADR 0012).
            await using var connection = await CliDatabase.OpenConnectionAsync(ct);
            var db = ActivityConnection.Of(connection);
            var options = new ActivityImportOptions
            {
                DryRun = pr.GetValue(dryRun),
                MaxRejectRate = rate,
                ImportedBy = $"cli:{Environment.UserName}",
            };
            ActivityImportResult result;
            try
            {
                result = Console.IsErrorRedirected
                    ? await ActivityImporter.ImportAsync(db, Caller.Operator, file, options, ct)
                    : await WithProgressAsync(file, p => ActivityImporter.ImportAsync(db, Caller.Operator, file, new ActivityImportOptions
                    {
                        DryRun = options.DryRun, MaxRejectRate = options.MaxRejectRate, ImportedBy = options.ImportedBy, Progress = p,
                    }, ct));
            }
            catch (ActivityFormatException e)
            {
                await Console.Error.WriteLineAsync($"Import refusé : {e.Message} Rien n'a été écrit.");
                return 2;
            }
            await definitions; // done long since (the import used it); observed here
            return await SummaryAsync(result);
        });
        return cmd;
    }

    private static async Task<ActivityImportResult> WithProgressAsync(string file, Func<IProgress<ActivityImportProgress>, Task<ActivityImportResult>> run)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        ActivityImportResult? result = null;
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(),
                new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(Path.GetFileName(file)), maxValue: Math.Max(1, new FileInfo(file).Length));
                var started = DateTime.UtcNow;
                result = await run(new CallbackProgress(p =>
                {
                    task.Value = p.BytesRead;
                    var seconds = Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds);
                    task.Description = Markup.Escape(string.Create(Inv, $"{p.Stage} · {p.Rows:N0} lignes · {p.Rows / seconds:N0}/s"));
                }));
                task.Value = task.MaxValue;
            });
        return result!;
    }

    private sealed class CallbackProgress(Action<ActivityImportProgress> action) : IProgress<ActivityImportProgress>
    {
        public void Report(ActivityImportProgress value) => action(value);
    }

    private static async Task<int> SummaryAsync(ActivityImportResult r)
    {
        var output = r.Outcome == ActivityImportOutcome.Refused ? Console.Error : Console.Out;
        await output.WriteLineAsync(string.Create(Inv,
            $"Lignes : {r.Rows:N0} ; rejetées : {r.Rejected:N0} ({r.RejectRate:P3}) ; seuil : {r.MaxRejectRate:P3} ; années : {string.Join(", ", r.Years)} ; SHA-256 : {r.Sha256}"));
        foreach (var (reason, count) in r.RejectsByReason.OrderByDescending(kv => kv.Value))
            await output.WriteLineAsync(string.Create(Inv, $"  {reason.Code()} : {count:N0} — {reason.Message()}"));
        if (r.RejectsFile is not null)
            await output.WriteLineAsync($"Rejets (numéro de ligne, colonne, motif) : {r.RejectsFile}{(r.RejectDetailsTruncated ? $" (limités aux {ActivityScanner.MaxRejectDetails:N0} premiers)" : "")}");
        switch (r.Outcome)
        {
            case ActivityImportOutcome.Refused:
                await output.WriteLineAsync("Import refusé : taux de rejet supérieur au seuil, rien n'a été écrit.");
                return 1;
            case ActivityImportOutcome.DryRun:
                await output.WriteLineAsync(string.Create(Inv, $"Essai à blanc : {r.Indicators.Count:N0} lignes d'indicateurs (centre × année) calculées, rien n'a été écrit ({r.Duration.TotalSeconds:F1} s)."));
                return 0;
            default:
                await output.WriteLineAsync(string.Create(Inv, $"Import n° {r.ImportId} appliqué : {r.Indicators.Count:N0} lignes d'indicateurs (centre × année) remplacées ({r.Duration.TotalSeconds:F1} s)."));
                if (r.VerdictsRefreshed > 0)
                    await output.WriteLineAsync(string.Create(Inv, $"Conformité : {r.VerdictsRefreshed:N0} rapport(s) annuel(s) réévalué(s) avec la file active mesurée."));
                return 0;
        }
    }

    private static Command Indicators()
    {
        var year = new Option<int>("--year") { Description = "Année civile", Required = true };
        var format = new Option<string>("--format") { Description = "csv ou json", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var cmd = new Command("indicators", "Affiche les indicateurs d'activité d'une année, par centre") { year, format };
        cmd.SetAction(async (pr, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(ct);
            var rows = await new ActivityReads(db).IndicatorsAsync(Caller.Operator, pr.GetValue(year), null, ct);
            await using var stdout = Console.OpenStandardOutput();
            if (pr.GetValue(format) == "json") WriteJson(stdout, rows);
            else await WriteCsvAsync(stdout, rows, ct);
            return 0;
        });
        return cmd;
    }

    private static Command Jobs()
    {
        var json = new Option<bool>("--json") { Description = "Sortie JSON (un tableau d'objets)" };
        var take = new Option<int>("--take") { Description = "Nombre de tâches, les plus récentes d'abord", DefaultValueFactory = _ => 50 };
        var cmd = new Command("jobs", "Liste les tâches d'import (téléversées sur le web ou l'API) : état, nœud, tentative, battement de cœur") { json, take };
        cmd.SetAction(async (pr, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(ct);
            var options = new ActivityJobOptions();
            var service = new ActivityImportJobs(db, new ActivityStaging(db, options), options, new ActivityJobSignal(), TimeProvider.System,
                Microsoft.Extensions.Logging.Abstractions.NullLogger<ActivityImportJobs>.Instance);
            var now = DateTimeOffset.UtcNow;
            var jobs = (await service.ListAsync(Caller.Operator, Math.Clamp(pr.GetValue(take), 1, 1000), ct)).Select(j => j.Snapshot(now)).ToList();
            if (pr.GetValue(json))
            {
                await using var stdout = Console.OpenStandardOutput();
                await using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
                {
                    w.WriteStartArray();
                    foreach (var j in jobs)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", j.Id);
                        w.WriteString("state", JsonNamingPolicy.SnakeCaseLower.ConvertName(j.State.ToString()));
                        w.WriteString("stage", j.Stage);
                        w.WriteString("file_name", j.FileName);
                        w.WriteString("started_by", j.StartedBy);
                        w.WriteString("created_at", j.CreatedAt);
                        if (j.FinishedAt is { } f) w.WriteString("finished_at", f); else w.WriteNull("finished_at");
                        if (j.OwnerNode is { } o) w.WriteString("owner_node", o); else w.WriteNull("owner_node");
                        w.WriteNumber("attempt", j.Attempt);
                        if (j.HeartbeatAt is { } h) w.WriteString("heartbeat_at", h); else w.WriteNull("heartbeat_at");
                        w.WriteNumber("rows", j.Rows);
                        w.WriteNumber("rejected", j.Rejected);
                        if (j.Result?.ImportId is { } i) w.WriteNumber("import_id", i); else w.WriteNull("import_id");
                        if (j.Note is { } n) w.WriteString("note", n); else w.WriteNull("note");
                        if (j.Error is { } e) w.WriteString("error", e); else w.WriteNull("error");
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                stdout.WriteByte((byte)'\n');
                return 0;
            }
            if (jobs.Count == 0)
            {
                Console.WriteLine("Aucune tâche d'import.");
                return 0;
            }
            var table = new Table().AddColumns("Tâche", "Déposée le (UTC)", "Par", "Fichier", "État", "Nœud", "Tentative", "Lignes", "Note / erreur");
            foreach (var j in jobs)
                table.AddRow(Markup.Escape(j.Id), j.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Inv), Markup.Escape(j.StartedBy), Markup.Escape(j.FileName),
                    Markup.Escape(j.State.ToString().ToLowerInvariant()), Markup.Escape(j.OwnerNode ?? ""), j.Attempt.ToString(Inv), j.Rows.ToString("N0", Inv),
                    Markup.Escape(string.Join(" ; ", new[] { j.Note, j.Error }.Where(x => x is not null))));
            AnsiConsole.Write(table);
            return 0;
        });
        return cmd;
    }

    public static async Task WriteCsvAsync(Stream stream, IEnumerable<ActivityIndicators> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        await writer.WriteLineAsync(string.Join(';', ActivityIndicators.Columns).AsMemory(), ct);
        foreach (var r in rows)
            await writer.WriteLineAsync((r.CentreId + ";" + string.Join(';', r.Values().Select(v => v.ToString(Inv)))).AsMemory(), ct);
    }

    public static void WriteJson(Stream stream, IEnumerable<ActivityIndicators> rows)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        foreach (var r in rows)
        {
            json.WriteStartObject();
            json.WriteString(ActivityIndicators.Columns[0], r.CentreId);
            var values = r.Values();
            for (var i = 0; i < values.Length; i++) json.WriteNumber(ActivityIndicators.Columns[i + 1], values[i]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
