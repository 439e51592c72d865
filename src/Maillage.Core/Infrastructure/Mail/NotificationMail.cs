using System.Globalization;
using Maillage.Core.Features.Procedures;
using MimeKit;

namespace Maillage.Core.Infrastructure.Mail;

/// <summary>The French e-mail of a notification: its subject, its text, and a footer saying where it comes from.</summary>
public static class NotificationMail
{
    /// <summary>
    /// The message for <paramref name="n"/>. Its Message-ID is derived from the notification, so a message that was
    /// handed over twice (a node that died between sending and recording) is recognisable as the same message.
    /// </summary>
    public static MimeMessage Build(Notification n, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(options);
        if (n.Email is null) throw new ArgumentException("La notification n'a pas d'adresse électronique.", nameof(n));
        var from = MailboxAddress.Parse(options.From);
        if (string.IsNullOrEmpty(from.Name)) from.Name = "Maillage";
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(n.Email));
        message.Subject = n.Subject;
        message.Date = n.CreatedAt;
        var domain = from.Domain is { Length: > 0 } d ? d : "maillage.localhost";
        message.MessageId = string.Create(CultureInfo.InvariantCulture, $"notification-{n.Id}.{n.CreatedAt.UtcTicks}@{domain}");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new TextPart("plain") { Text = Text(n) };
        return message;
    }

    /// <summary>
    /// The recipient's part of a notification's dedup key: 12 hex digits of the SHA-256 of the address in lower case
    /// (the key says « this address was told » without storing the address twice; empty for no address).
    /// </summary>
    public static string AddressKey(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(email.ToLowerInvariant())))[..12];
    }

    private static string Text(Notification n)
    {
        var footer = n.AudienceRole is null
            ? "Ce message a été envoyé automatiquement par Maillage, le système d'information des maladies rares. Merci de ne pas y répondre."
            : $"Ce message a été envoyé automatiquement par Maillage, le système d'information des maladies rares, à : {n.RecipientLabel}. "
              + "Il est aussi consultable dans l'application. Merci de ne pas y répondre.";
        return $"Bonjour,\n\n{n.Body.Trim()}\n\n-- \n{footer}\n";
    }
}
