using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using MimeKit;

namespace Maillage.Core.Infrastructure.Mail;

public enum MailTestStatus
{
    Queued,
    Forbidden,
    Invalid,
}

/// <summary>The outcome of a test message request: the notification queued, or why not (a French message).</summary>
public sealed record MailTestResult(MailTestStatus Status, int? NotificationId = null, string? Error = null, bool TransportConfigured = false);

/// <summary>
/// Lets a national administrator check the mail chain end to end: puts a test message in the outbox, which the workers
/// then send like any notification (the demo data set has no e-mail addresses, so this is how an operator checks it).
/// </summary>
public sealed class MailTestService(MaillageDbContext db, IMailTransport transport, TimeProvider clock)
{
    /// <summary>The longest address accepted (RFC 5321 path limit).</summary>
    public const int MaxAddressLength = 254;

    public const string Reason = "mail_test";

    public async Task<MailTestResult> EnqueueAsync(Caller caller, string? to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated || caller.Role != UserRole.NationalAdmin) return new MailTestResult(MailTestStatus.Forbidden);
        if (Validate(to) is { } error) return new MailTestResult(MailTestStatus.Invalid, Error: error);
        var now = clock.GetUtcNow();
        var n = new Notification
        {
            Reason = Reason,
            Email = to!.Trim(),
            RecipientLabel = "Test d'envoi demandé par l'administration nationale",
            Subject = "Maillage : message de test",
            Body = $"Ce message de test a été demandé par {caller.UserName} le {Maillage.Domain.French.DateTime(now, TimeZoneInfo.Utc)} (UTC) pour vérifier "
                + "l'envoi des courriels de Maillage. Aucune action n'est attendue de votre part.",
            CreatedAt = now,
        };
        db.Set<Notification>().Add(n);
        await db.SaveChangesAsync(ct);
        return new MailTestResult(MailTestStatus.Queued, n.Id, TransportConfigured: transport.IsConfigured);
    }

    /// <summary>Null when <paramref name="to"/> is one plain address (name@domain), otherwise what is wrong, in French.</summary>
    public static string? Validate(string? to)
    {
        if (string.IsNullOrWhiteSpace(to)) return "Champ « to » : indiquez l'adresse électronique du destinataire.";
        var address = to.Trim();
        if (address.Length > MaxAddressLength) return $"Champ « to » : l'adresse dépasse {MaxAddressLength} caractères.";
        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"')
            || at <= 0 || at != address.LastIndexOf('@') || at == address.Length - 1
            || !MailboxAddress.TryParse(address, out var parsed) || !string.Equals(parsed.Address, address, StringComparison.Ordinal))
            return "Champ « to » : ce n'est pas une adresse électronique valide (attendu : nom@domaine.fr).";
        return null;
    }
}
