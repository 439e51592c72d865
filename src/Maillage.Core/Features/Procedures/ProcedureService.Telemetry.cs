using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Telemetry;
using Maillage.Domain.Procedures;

namespace Maillage.Core.Features.Procedures;

/// <summary>A procedure step as a span (<c>procedure.transition</c>: dossier id, action, result, who) and a counter; the
/// web host writes one structured log line per span (docs/operations.md, "Santé et télémétrie").</summary>
public sealed partial class ProcedureService
{
    /// <param name="expectedVersion">The dossier's version the caller read; null accepts any.</param>
    public async Task<ProcedureResult> TransitionAsync(Caller caller, string id, DossierAction action, string? note, OpinionValue? opinion,
        int? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        using var span = MaillageTelemetry.Source.StartActivity("procedure.transition");
        span?.SetTag("maillage.dossier.id", id);
        span?.SetTag("maillage.procedure.action", action.ToString());
        span?.SetTag("maillage.user", caller.UserName);
        try
        {
            var result = await TransitionCoreAsync(caller, id, action, note, opinion, expectedVersion, ct);
            var status = result.Status.ToString().ToLowerInvariant();
            span?.SetTag("maillage.procedure.result", status);
            MaillageTelemetry.ProcedureSteps.Add(1, new("action", action.ToString()), new("result", status));
            return result;
        }
        catch (Exception e)
        {
            MaillageTelemetry.Fail(span, e);
            MaillageTelemetry.ProcedureSteps.Add(1, new("action", action.ToString()), new("result", "error"));
            throw;
        }
    }
}
