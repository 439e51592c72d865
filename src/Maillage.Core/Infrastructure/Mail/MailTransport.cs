using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Maillage.Core.Infrastructure.Mail;

/// <summary>Hands one message to the mail system. Throws when it was not accepted.</summary>
public interface IMailTransport
{
    /// <summary>False when no mail server is configured: the outbox then keeps its messages, due, and sends nothing.</summary>
    bool IsConfigured { get; }

    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>SMTP with MailKit (<c>Maillage:Mail:Host</c>, <c>Port</c>, <c>Security</c>, <c>UserName</c>, <c>Password</c>).</summary>
public sealed class SmtpMailTransport(MailOptions options) : IMailTransport
{
    public bool IsConfigured => options.HasHost;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsConfigured) throw new InvalidOperationException("Aucun serveur SMTP n'est configuré (Maillage:Mail:Host).");
        using var client = new SmtpClient { Timeout = (int)options.SmtpTimeout.TotalMilliseconds };
        var security = options.Security switch
        {
            MailSecurity.None => SecureSocketOptions.None,
            MailSecurity.StartTls => SecureSocketOptions.StartTls,
            MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            MailSecurity.Auto => SecureSocketOptions.StartTlsWhenAvailable,
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Security, null),
        };
        await client.ConnectAsync(options.Host!, options.Port, security, ct);
        if (!string.IsNullOrEmpty(options.UserName)) await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
