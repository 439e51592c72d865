namespace Maillage.Core.Features.Home;

/// <summary>
/// That one account has read one notification (table <c>notification_reads</c>, schema 0020). A notification to an
/// audience (a role and a scope) is shared by the accounts of that audience: each reads it for itself. Marking a
/// notification read is idempotent (the row exists or not), so it needs no version.
/// </summary>
public sealed class NotificationRead
{
    public int NotificationId { get; set; }
    public required string UserName { get; set; }
    public DateTimeOffset ReadAt { get; set; }
}
