using Microsoft.Extensions.Configuration;

namespace Maillage.Core.Infrastructure;

/// <summary>
/// This node's name among several web nodes on one database: <c>Maillage:NodeId</c> when set, otherwise the machine name
/// and the process id (two processes on one machine never share a name). The one source for the import jobs' owner, the
/// mail outbox's claims, <c>/healthz</c>, the telemetry's <c>service.instance.id</c> and the logs (docs/operations.md).
/// </summary>
public static class NodeIdentity
{
    public const int MaxLength = 100;

    public static string Default => $"{Environment.MachineName}-{Environment.ProcessId}";

    public static string Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Normalize(configuration["Maillage:NodeId"]);
    }

    public static string Normalize(string? configured)
    {
        var name = string.IsNullOrWhiteSpace(configured) ? Default : configured.Trim();
        return name.Length > MaxLength ? name[..MaxLength] : name;
    }
}
