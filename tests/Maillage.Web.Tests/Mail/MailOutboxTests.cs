using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Mail;

/// <summary>
/// The mail outbox (docs/operations.md, "Courrier électronique"): a notification is e-mailed once, through the test SMTP
/// server, even when two nodes' workers race on it; a refused message is retried after 1 min, 5 min, 30 min, 2 h, then
/// given up with its error; without a mail server the messages wait in the outbox.
/// </summary>
public sealed class MailOutboxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MaillageFactory App(DatabaseProvider provider, SmtpTestServer? smtp, int batchSize = 20) => new(provider, "none", smtp is null
        ? new Dictionary<string, string>()
        : new Dictionary<string, string>
        {
            ["Maillage:Mail:Host"] = "127.0.0.1", ["Maillage:Mail:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Maillage:Mail:From"] = "Maillage <maillage@example.org>", ["Maillage:Mail:BatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
        });

    /// <summary>Puts <paramref name="count"/> notifications with an address into the outbox, created at <paramref name="at"/>.</summary>
    private static async Task<List<int>> EnqueueAsync(MaillageFactory app, int count, DateTimeOffset at)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var list = Enumerable.Range(1, count).Select(i => new Notification
        {
            Reason = "test", AudienceRole = UserRole.NationalAdmin, Email = $"destinataire{i}@example.org", RecipientLabel = "Essai",
            Subject = $"Essai n° {i}", Body = $"Corps du message {i} : réunion à l'hôpital.", CreatedAt = at,
        }).ToList();
        db.Set<Notification>().AddRange(list);
        await db.SaveChangesAsync(Ct);
        return list.Select(n => n.Id).ToList();
    }

    private static async Task<Notification> RowAsync(MaillageFactory app, int id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MaillageDbContext>().Set<Notification>().AsNoTracking().SingleAsync(n => n.Id == id, Ct);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_test_message_goes_through_the_outbox_and_is_sent_once(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var app = App(provider, smtp);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);

        using var queued = await admin.PostAsJsonAsync(new Uri("/api/v1/mail/test", UriKind.Relative), new { to = "exploitation@example.org" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var body = JsonNode.Parse(await queued.Content.ReadAsStringAsync(Ct))!;
        Assert.True(body["smtp_configured"]!.GetValue<bool>());
        var id = body["notification_id"]!.GetValue<int>();
        Assert.Empty(smtp.Messages); // queued, not sent in the request

        Assert.Equal(1, await app.DrainOutboxAsync());
        Assert.Equal(0, await app.DrainOutboxAsync());
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal(["exploitation@example.org"], mail.To);
        Assert.Equal("Maillage : message de test", mail.Subject);
        Assert.Contains("message de test", mail.Body, StringComparison.Ordinal);
        Assert.StartsWith($"notification-{id}.", mail.MessageId, StringComparison.Ordinal);
        var row = await RowAsync(app, id);
        Assert.NotNull(row.EmailSentAt);
        Assert.Null(row.EmailNextAttemptAt);
        Assert.Null(row.EmailError);
        Assert.Equal(1, row.EmailAttempts);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Two_nodes_racing_on_the_same_outbox_send_each_message_exactly_once(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var app = App(provider, smtp, batchSize: 3);
        var ids = await EnqueueAsync(app, 40, DateTimeOffset.UtcNow.AddSeconds(-1));

        async Task<int> NodeAsync(string node)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await MailOutboxDrain.Outbox(scope.ServiceProvider).DrainAsync(node, Ct);
        }
        var sent = await Task.WhenAll(Task.Run(() => NodeAsync("noeud-a"), Ct), Task.Run(() => NodeAsync("noeud-b"), Ct));

        Assert.Equal(40, sent.Sum());
        Assert.Equal(40, smtp.Messages.Count);
        var received = smtp.Messages.Select(m => m.MessageId!.Split('.')[0]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ids.Select(i => $"notification-{i}").Order(StringComparer.Ordinal), received);
        await using var scope = app.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<MaillageDbContext>().Set<Notification>().AsNoTracking().Where(n => ids.Contains(n.Id)).ToListAsync(Ct);
        Assert.All(rows, r =>
        {
            Assert.NotNull(r.EmailSentAt);
            Assert.Equal(1, r.EmailAttempts);
            Assert.Contains(r.EmailClaimedBy, new[] { "noeud-a", "noeud-b" });
        });
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_refused_message_is_retried_after_the_back_off_delay(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var app = App(provider, smtp);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var id = (await EnqueueAsync(app, 1, clock.GetUtcNow().AddSeconds(-1)))[0];
        smtp.Reject(1, "451 4.3.0 Boîte pleine, réessayez plus tard");

        Assert.Equal(0, await app.DrainOutboxAsync(clock: clock));
        var failed = await RowAsync(app, id);
        Assert.Null(failed.EmailSentAt);
        Assert.Equal(1, failed.EmailAttempts);
        Assert.Contains("451", failed.EmailError, StringComparison.Ordinal);
        Assert.Null(failed.EmailClaimedBy);
        Assert.InRange(failed.EmailNextAttemptAt!.Value - clock.GetUtcNow(), TimeSpan.FromSeconds(59), TimeSpan.FromSeconds(61));

        // Not before its time...
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(0, await app.DrainOutboxAsync(clock: clock));
        Assert.Equal(1, smtp.Rejected);
        Assert.Empty(smtp.Messages);
        // ...then it goes.
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await app.DrainOutboxAsync(clock: clock));
        Assert.Single(smtp.Messages);
        var sent = await RowAsync(app, id);
        Assert.NotNull(sent.EmailSentAt);
        Assert.Null(sent.EmailError);
        Assert.Equal(2, sent.EmailAttempts);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_outbox_gives_up_after_the_last_delay_and_keeps_the_error(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var app = App(provider, smtp);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var ids = await EnqueueAsync(app, 2, clock.GetUtcNow().AddSeconds(-1));
        smtp.Reject(1000, "451 4.4.1 Relais injoignable");
        await using (var scope = app.Services.CreateAsyncScope()) // the second one: a permanent refusal (5xx) is not retried
            await scope.ServiceProvider.GetRequiredService<MaillageDbContext>().Set<Notification>().Where(n => n.Id == ids[1])
                .ExecuteUpdateAsync(u => u.SetProperty(n => n.EmailNextAttemptAt, (DateTimeOffset?)null), Ct);

        foreach (var wait in new[] { TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2) })
        {
            clock.Advance(wait + TimeSpan.FromSeconds(1));
            Assert.Equal(0, await app.DrainOutboxAsync(clock: clock));
        }
        Assert.Equal(5, smtp.Rejected);
        var row = await RowAsync(app, ids[0]);
        Assert.Null(row.EmailSentAt);
        Assert.Null(row.EmailNextAttemptAt);
        Assert.Equal(5, row.EmailAttempts);
        Assert.StartsWith("Abandon après 5 tentatives", row.EmailError, StringComparison.Ordinal);
        Assert.Contains("451", row.EmailError, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await app.DrainOutboxAsync(clock: clock));
        Assert.Equal(5, smtp.Rejected);

        // A permanent refusal (5xx) is given up at once.
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<MaillageDbContext>().Set<Notification>().Where(n => n.Id == ids[1])
                .ExecuteUpdateAsync(u => u.SetProperty(n => n.EmailNextAttemptAt, (DateTimeOffset?)clock.GetUtcNow()), Ct);
        smtp.Reject(1, "550 5.1.1 Destinataire inconnu");
        Assert.Equal(0, await app.DrainOutboxAsync(clock: clock));
        var refused = await RowAsync(app, ids[1]);
        Assert.Equal(1, refused.EmailAttempts);
        Assert.Null(refused.EmailNextAttemptAt);
        Assert.StartsWith("Refusé définitivement", refused.EmailError, StringComparison.Ordinal);
        Assert.Contains("550", refused.EmailError, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Without_a_mail_server_messages_wait_in_the_outbox(DatabaseProvider provider)
    {
        await using var app = App(provider, smtp: null);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var queued = await admin.PostAsJsonAsync(new Uri("/api/v1/mail/test", UriKind.Relative), new { to = "exploitation@example.org" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var body = JsonNode.Parse(await queued.Content.ReadAsStringAsync(Ct))!;
        Assert.False(body["smtp_configured"]!.GetValue<bool>());
        Assert.Contains("aucun serveur SMTP", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(0, await app.DrainOutboxAsync());
        var row = await RowAsync(app, body["notification_id"]!.GetValue<int>());
        Assert.NotNull(row.EmailNextAttemptAt); // still due
        Assert.Null(row.EmailSentAt);
        Assert.Null(row.EmailError);
        Assert.Equal(0, row.EmailAttempts);
    }
}
