using System.CommandLine;
using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage db init [--demo]</c>: the web app's first run from the command line — the schema, the reference data and
/// the ORPHA nomenclature, and with <c>--demo</c> the fictitious demo network, its first-start data (activity, calls and
/// dossiers, this campaign's reports) and the demo accounts. Each step runs once: a second run adds nothing. Progress on
/// standard error, the counts on standard output.
/// </summary>
public static class DbInitCommand
{
    public static Command Build()
    {
        var demo = new Option<bool>("--demo") { Description = "Charge aussi le réseau de démonstration fictif et ses données de premier démarrage" };
        var cmd = new Command("init", "Crée ou met à jour la base et charge les données de référence (et la démonstration avec --demo)") { demo };
        cmd.SetAction(async (pr, ct) =>
        {
            var options = CliDatabase.Options();
            var withDemo = pr.GetValue(demo);
            await using (var probe = await CliDatabase.OpenAsync(ct, firstRun: false))
            {
                if (withDemo && await probe.Centres.AnyAsync(ct) && !await DataSetInfo.IsDemoAsync(probe, ct))
                {
                    await Console.Error.WriteLineAsync("La base contient déjà un registre qui n'est pas la démonstration : --demo n'y ajoute rien (les données fictives ne se mêlent pas aux vraies).");
                    return 1;
                }
            }
            await OfflineFirstRun.RunAsync(options, withDemo ? SeedMode.Demo : SeedMode.Reference, CliDatabase.Actor, new CliLogger(), TimeProvider.System, ct);
            await using var db = await CliDatabase.OpenAsync(ct, firstRun: false);
            var isDemo = await DataSetInfo.IsDemoAsync(db, ct);
            await Console.Out.WriteLineAsync($"Régions : {await db.Regions.CountAsync(ct)}");
            await Console.Out.WriteLineAsync($"Maladies ORPHA : {await db.OrphaDiseases.CountAsync(ct)}");
            await Console.Out.WriteLineAsync($"Structures : {await db.Centres.CountAsync(ct)}");
            await Console.Out.WriteLineAsync($"Lignes d'indicateurs d'activité : {await db.ActivityIndicators.CountAsync(ct)}");
            await Console.Out.WriteLineAsync($"Appels : {await db.Set<Call>().CountAsync(ct)}");
            await Console.Out.WriteLineAsync($"Dossiers de procédure : {await db.Set<Dossier>().CountAsync(ct)}");
            await Console.Out.WriteLineAsync($"Rapports annuels : {await db.AnnualReports.CountAsync(ct)}");
            await Console.Out.WriteLineAsync($"Comptes : {await db.Users.CountAsync(ct)}");
            if (isDemo) await Console.Out.WriteLineAsync("Données fictives de démonstration.");
            return 0;
        });
        return cmd;
    }
}

/// <summary>The first run's progress, one line per step on standard error (standard output stays for the command's answer).</summary>
public sealed class CliLogger : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel)) return;
        Console.Error.WriteLine(logLevel >= LogLevel.Warning ? $"Attention : {formatter(state, exception)}" : formatter(state, exception));
    }
}
