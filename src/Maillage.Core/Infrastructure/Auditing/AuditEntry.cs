namespace Maillage.Core.Infrastructure.Auditing;

/// <summary>One change to one object: who, when, what, before and after (JSON of the changed properties).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string UserName { get; set; }
    /// <summary>Entity name as in the registry format (network, site, person...).</summary>
    public required string Entity { get; set; }
    public required string EntityId { get; set; }
    /// <summary>created, updated, deleted.</summary>
    public required string Action { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    /// <summary>Where the change came from: web, api, import, seed, cli.</summary>
    public string? Origin { get; set; }
}
