using Maillage.Core.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Maillage.Web.Operations;

/// <summary>
/// What a node needs to run beside others on one PostgreSQL and to be operated (README, "Déployer plusieurs nœuds";
/// docs/operations.md, "Santé et télémétrie"): the data-protection key ring in the database, the health checks, the
/// OpenTelemetry traces and metrics, and the answer to an unhandled error (500 with the trace id, logged with it).
/// </summary>
public static class OperationsSetup
{
    /// <summary>Registers the shared key ring, health checks, telemetry and the unhandled-error handler. Call after
    /// the other exception handlers: this one answers whatever they left.</summary>
    public static void AddMaillageOperations(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<NodeOptions>().BindConfiguration(NodeOptions.Section);
        builder.Services.AddMaillageDataProtection();
        builder.Services.AddMaillageHealthChecks();
        builder.AddMaillageTelemetry();
        builder.Services.AddExceptionHandler<UnhandledErrorHandler>();
    }
}

/// <summary>This node's name among several (<c>Maillage:NodeId</c>; the machine name and process id by default): in the telemetry's
/// <c>service.instance.id</c>, in <c>/healthz</c>, and in the log line of an unhandled error.</summary>
public sealed class NodeOptions
{
    public const string Section = "Maillage";

    public string? NodeId { get; set; }

    public string Name => Maillage.Core.Infrastructure.NodeIdentity.Normalize(NodeId);
}
