using System.CommandLine;
using System.Globalization;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Registry;
using Microsoft.Extensions.Configuration;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage registry age-limit [--raise]</c>: the heads who reach the age limit (68) before their mandate's end, with
/// the date; <c>--raise</c> puts the due alerts in the notifications outbox (once: running it again adds nothing), as the
/// web nodes' worker does. Settings: <c>Maillage__HeadAgeAlerts__Age</c>, <c>Maillage__HeadAgeAlerts__LeadMonths</c>.
/// </summary>
public static class HeadAgeCommand
{
    public static Command Build()
    {
        var raise = new Option<bool>("--raise") { Description = "Ajoute les notifications dues (une seule fois par responsable et destinataire)" };
        var cmd = new Command("age-limit", "Responsables atteignant la limite d'âge (68 ans) avant la fin de leur mandat") { raise };
        cmd.SetAction(async (pr, ct) =>
        {
            HeadAgeAlertOptions options;
            try
            {
                options = HeadAgeAlertOptions.FromConfiguration(new ConfigurationBuilder().AddEnvironmentVariables().Build());
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 2;
            }
            await using var db = await CliDatabase.OpenAsync(ct);
            var alerts = new HeadAgeAlerts(db, TimeProvider.System, options);
            foreach (var h in await alerts.ListAsync(Caller.Operator, ct))
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{h.ReachesOn:yyyy-MM-dd}  {h.CentreId,-14} {h.PersonName} ({h.HeadStatus.Code()}) — {options.Age} ans avant la fin du mandat le {h.MandateEnd:yyyy-MM-dd} ; {French.Agree(h.Filieres.Count, "filière", "filières")} {string.Join(",", h.Filieres)} ; notification {(h.AlertDue ? "due" : "à partir du " + h.AlertFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}"));
            if (pr.GetValue(raise))
            {
                var added = await alerts.RaiseDueAsync(ct);
                await Console.Out.WriteLineAsync(French.Count(added, "notification ajoutée", "notifications ajoutées") + ".");
            }
            return 0;
        });
        return cmd;
    }
}
