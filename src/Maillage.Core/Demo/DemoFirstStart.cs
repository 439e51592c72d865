using System.Diagnostics;
using System.Globalization;
using Maillage.Core.Data;
using Maillage.Domain.Procedures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Maillage.Core.Demo;

/// <summary>
/// What the demo shows at first start besides the network (docs/demo-data.md, « First start »): imported activity
/// (<see cref="DemoActivity"/>), open calls and dossiers of every procedure at different steps (<see cref="DemoProcedures"/>),
/// and this campaign's reports in every state with their deadline ahead (<see cref="DemoReportCampaign"/>), all written
/// through the Core services, relative to the date of the first start and deterministic given it. Each step runs once on
/// a demo database, recorded in <c>dataset_info</c> (<see cref="StepKey"/>), so that running it again — a restart, a
/// second <c>maillage db init --demo</c> — adds nothing; a demo database made before these steps existed gets them at
/// its next start. Progress is logged step by step with counts.
/// </summary>
public static class DemoFirstStart
{
    public static readonly IReadOnlyList<string> Steps = ["activity", "procedures", "reports"];

    /// <summary>The <c>dataset_info</c> key recording that a step ran (its value: the date it was seeded for).</summary>
    public static string StepKey(string step) => $"demo_first_start.{step}";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    internal static string N(long n) => n.ToString("N0", French);

    /// <summary>Runs the steps not yet run; returns how many ran. Nothing on a database that is not the demo set.</summary>
    public static async Task<int> EnsureAsync(MaillageDbContext db, TimeProvider clock, ILogger logger, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        if (!await DataSetInfo.IsDemoAsync(db, ct)) return 0;
        var done = (await db.DataSetInfos.AsNoTracking().Where(x => x.Key.StartsWith("demo_first_start.")).Select(x => x.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var ran = 0;
        foreach (var step in Steps.Where(s => !done.Contains(StepKey(s))))
        {
            var sw = Stopwatch.StartNew();
            var demo = new DemoClock(today).At(0);
            switch (step)
            {
                case "activity":
                {
                    // The importer writes in its own transaction; the step's key is written after it (a crash in between
                    // imports the same extract again, which replaces the same figures).
                    var result = await DemoActivity.SeedAsync(db, demo, ct);
                    await MarkAsync(db, step, today, ct);
                    logger.LogInformation("Démo : {Rows} lignes d'activité importées ({Indicators} indicateurs centre × année, {Years}) en {Elapsed} ms",
                        N(result.Rows), N(result.Indicators.Count), string.Join(", ", result.Years), sw.ElapsedMilliseconds);
                    break;
                }
                case "procedures":
                {
                    // No enclosing transaction: the services write as they do for users (the committee's opinion opens its own).
                    var outcome = await DemoProcedures.SeedAsync(db, demo, logger, ct);
                    await MarkAsync(db, step, today, ct);
                    var states = await db.Set<Features.Procedures.Dossier>().AsNoTracking().Where(d => outcome.Dossiers.Contains(d.Id)).Select(d => d.State).ToListAsync(ct);
                    logger.LogInformation("Démo : {Calls} appels ouverts, {Dossiers} dossiers de procédure ({States}) en {Elapsed} ms",
                        N(outcome.Calls.Count), N(outcome.Dossiers.Count),
                        string.Join(", ", states.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{N(g.Count())} {g.Key.Label()}")), sw.ElapsedMilliseconds);
                    break;
                }
                case "reports":
                {
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    var counts = await DemoReportCampaign.SeedAsync(db, demo, ct);
                    await MarkAsync(db, step, today, ct);
                    await tx.CommitAsync(ct);
                    var year = DemoReportCampaign.YearOf(today);
                    logger.LogInformation("Démo : {Reports} rapports {Year} (échéance le {Deadline}) : {States} en {Elapsed} ms",
                        N(counts.Values.Sum()), year, year is { } y ? Features.Reports.ReportService.DeadlineOf(y) is { } dl ? Maillage.Domain.French.Date(dl) : "—" : "—",
                        string.Join(", ", counts.Where(kv => kv.Value > 0).Select(kv => $"{N(kv.Value)} {Label(kv.Key)}")), sw.ElapsedMilliseconds);
                    break;
                }
                default:
                    throw new InvalidOperationException($"Étape de démonstration inconnue : {step}");
            }
            ran++;
        }
        return ran;
    }

    private static string Label(DemoReportCampaign.Step s) => s switch
    {
        DemoReportCampaign.Step.Draft => "brouillon",
        DemoReportCampaign.Step.Submitted => "soumis",
        DemoReportCampaign.Step.Validated => "validés",
        DemoReportCampaign.Step.Transmitted => "transmis",
        DemoReportCampaign.Step.Reopened => "rouverts par le ministère",
        DemoReportCampaign.Step.Returned => "renvoyés en brouillon",
    };

    private static async Task MarkAsync(MaillageDbContext db, string step, DateOnly today, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        db.DataSetInfos.Add(new DataSetInfo { Key = StepKey(step), Value = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        await db.SaveChangesAsync(ct);
    }
}
