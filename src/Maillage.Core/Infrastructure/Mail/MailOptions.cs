using Microsoft.Extensions.Configuration;

namespace Maillage.Core.Infrastructure.Mail;

/// <summary>How the SMTP connection is secured (<c>Maillage:Mail:Security</c>).</summary>
public enum MailSecurity
{
    /// <summary>STARTTLS when the server offers it, plain otherwise (a relay on the local network).</summary>
    Auto,
    /// <summary>Never TLS.</summary>
    None,
    /// <summary>STARTTLS required (port 587).</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

/// <summary>
/// The e-mail settings, section <c>Maillage:Mail</c> (docs/operations.md, "Courrier électronique"). Without
/// <see cref="Host"/> nothing is sent: notifications stay in the outbox, due, until a host is configured.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Maillage:Mail";

    /// <summary>The delays between attempts when none are configured: 1 min, 5 min, 30 min, 2 h, then the outbox gives up.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)];

    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string From { get; set; } = "maillage@localhost";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public MailSecurity Security { get; set; } = MailSecurity.Auto;

    /// <summary>Whether this node runs the outbox worker (every node may: a message is claimed by one of them).</summary>
    public bool WorkerEnabled { get; set; } = true;
    /// <summary>How often an idle worker looks for due messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How long a claimed message belongs to the node that claimed it (then another node may take it over).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>How many messages a worker claims at a time.</summary>
    public int BatchSize { get; set; } = 20;
    /// <summary>The delays after the 1st, 2nd… failed attempt; after the last one the outbox gives up.</summary>
    public TimeSpan[]? RetryDelays { get; set; }
    /// <summary>This node's name in the outbox (<c>EmailClaimedBy</c>); default: host name, process id and a random suffix.</summary>
    public string? NodeId { get; set; }

    public bool HasHost => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The delays in force (the configured ones, or the defaults), each at least one second.</summary>
    public IReadOnlyList<TimeSpan> Delays => RetryDelays is { Length: > 0 } d
        ? d.Select(x => x < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : x).ToList()
        : DefaultRetryDelays;

    public TimeSpan EffectivePollInterval => Clamp(PollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
    public TimeSpan EffectiveLease => Clamp(Lease, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));
    public int EffectiveBatchSize => Math.Clamp(BatchSize, 1, 500);

    /// <summary>The SMTP time-out of one command: well inside the lease, so a message is never sent after its lease ran out.</summary>
    public TimeSpan SmtpTimeout => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(60).Ticks, EffectiveLease.Ticks / 4));

    private static TimeSpan Clamp(TimeSpan v, TimeSpan min, TimeSpan max) => v < min ? min : v > max ? max : v;

    /// <summary>Reads <c>Maillage:Mail</c>; assigns a node id when none is configured.</summary>
    public static MailOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var o = configuration.GetSection(Section).Get<MailOptions>() ?? new MailOptions();
        o.NodeId = string.IsNullOrWhiteSpace(o.NodeId) ? NodeIdentity.Resolve(configuration) : NodeIdentity.Normalize(o.NodeId);
        return o;
    }
}
