using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Maillage.Core.Infrastructure.Telemetry;

/// <summary>
/// Maillage's own traces and metrics (OpenTelemetry through the .NET <see cref="ActivitySource"/> and <see cref="Meter"/>
/// named "Maillage"): a span per activity import and per procedure step, with the ids as tags, and counters beside them.
/// The web host exports them (docs/operations.md, "Santé et télémétrie") and writes one structured log line per span
/// with the same tags; without a listener they cost nothing.
/// </summary>
public static class MaillageTelemetry
{
    public const string Name = "Maillage";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    /// <summary>Activity imports finished, by outcome (applied, dry_run, refused, failed).</summary>
    public static readonly Counter<long> ActivityImports = Meter.CreateCounter<long>("maillage.activity.imports", "{import}", "Imports d'activité terminés, par issue");

    /// <summary>Data rows read by activity imports.</summary>
    public static readonly Counter<long> ActivityImportRows = Meter.CreateCounter<long>("maillage.activity.import.rows", "{row}", "Lignes lues par les imports d'activité");

    /// <summary>Procedure steps asked for, by kind, action and result (ok, forbidden, invalid, conflict...).</summary>
    public static readonly Counter<long> ProcedureSteps = Meter.CreateCounter<long>("maillage.procedure.steps", "{step}", "Étapes de procédure demandées, par type, action et résultat");

    /// <summary>Marks a span failed with the exception's type (never its message: it may quote user data).</summary>
    public static void Fail(Activity? activity, Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
        activity?.SetTag("error.type", e.GetType().FullName);
    }
}
