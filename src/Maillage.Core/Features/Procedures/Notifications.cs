using System.Net.Mail;

namespace Maillage.Core.Features.Procedures;

/// <summary>Sends a notification e-mail; false when e-mail is not configured (the notification stays in the application).</summary>
public interface INotificationSender
{
    Task<bool> SendAsync(string to, string subject, string body, CancellationToken ct);
}

/// <summary>SMTP settings (<c>Maillage:Smtp</c> in configuration): no host, no e-mail.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string From { get; set; } = "maillage@localhost";
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

/// <summary>
/// E-mail through a configured SMTP server with the framework's client (MailKit does not restore here; plain SMTP and
/// STARTTLS are what a ministry relay offers).
/// </summary>
public sealed class SmtpNotificationSender(SmtpOptions options) : INotificationSender
{
    public async Task<bool> SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.Host)) return false;
        using var client = new SmtpClient(options.Host, options.Port) { EnableSsl = options.EnableSsl, DeliveryMethod = SmtpDeliveryMethod.Network };
        if (!string.IsNullOrEmpty(options.UserName)) client.Credentials = new System.Net.NetworkCredential(options.UserName, options.Password);
        using var message = new MailMessage(options.From, to, subject, body)
        {
            BodyEncoding = System.Text.Encoding.UTF8, SubjectEncoding = System.Text.Encoding.UTF8,
        };
        await client.SendMailAsync(message, ct);
        return true;
    }
}
