using System.Data.Common;
using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Maillage.Core.Infrastructure.Mail;

/// <summary>What one round of the outbox did.</summary>
public sealed record MailRound(int Claimed, int Sent, int Retrying, int GaveUp, int Lost)
{
    public static readonly MailRound Empty = new(0, 0, 0, 0, 0);
}

/// <summary>
/// The mail outbox, which is the <c>notifications</c> table: a notification with an address is due when it is created
/// (<see cref="EnqueueNew"/>, called on every save). A round claims a batch of due messages for one node with a lease —
/// <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL, one conditional UPDATE on SQLite, so two nodes never claim the same
/// message — then, message by message, renews the lease (the claim is checked again just before sending, and the SMTP
/// time-out is a fraction of the lease), sends, and records <c>EmailSentAt</c>. A failure is retried after the
/// configured delays (1 min, 5 min, 30 min, 2 h); after the last one the outbox gives up and keeps the error in
/// <c>EmailError</c>. Without a mail server, nothing is claimed: the messages stay due. docs/operations.md,
/// "Courrier électronique".
/// </summary>
public sealed class MailOutbox(MaillageDbContext db, IMailTransport transport, MailOptions options, TimeProvider clock, ILogger<MailOutbox> logger)
{
    /// <summary>Puts the notifications this save adds into the outbox: due at once when they have an address.</summary>
    public static void EnqueueNew(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var e in db.ChangeTracker.Entries<Notification>())
        {
            if (e.State != EntityState.Added) continue;
            var n = e.Entity;
            if (n.Email is { Length: > 0 } && n.EmailSentAt is null && n.EmailNextAttemptAt is null && n.EmailError is null)
                n.EmailNextAttemptAt = n.CreatedAt == default ? DateTimeOffset.UtcNow : n.CreatedAt;
        }
    }

    /// <summary>Rounds until nothing due is left for this node to claim; the messages sent.</summary>
    public async Task<int> DrainAsync(string? nodeId = null, CancellationToken ct = default)
    {
        var sent = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var round = await RunOnceAsync(nodeId, ct);
            sent += round.Sent;
            if (round.Claimed == 0) break;
        }
        return sent;
    }

    /// <summary>Claims up to a batch of due messages for <paramref name="nodeId"/> (default: this node) and sends them.</summary>
    public async Task<MailRound> RunOnceAsync(string? nodeId = null, CancellationToken ct = default)
    {
        if (!transport.IsConfigured) return MailRound.Empty;
        var node = nodeId ?? options.NodeId ?? throw new InvalidOperationException("Maillage:Mail:NodeId is not set.");
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var claimed = await ClaimAsync(node, ct);
            int sent = 0, retrying = 0, gaveUp = 0, lost = 0;
            var pending = new Queue<int>(claimed);
            try
            {
                while (pending.TryDequeue(out var id))
                {
                    var attempts = await TakeAsync(id, node, ct);
                    if (attempts is null) { lost++; continue; }
                    var n = await db.Set<Notification>().AsNoTracking().FirstAsync(x => x.Id == id, ct);
                    try
                    {
                        await transport.SendAsync(NotificationMail.Build(n, options), ct);
                    }
                    catch (Exception ex) when (!ct.IsCancellationRequested)
                    {
                        var delays = options.Delays;
                        var permanent = ex is ParseException || ex is SmtpCommandException { StatusCode: >= (SmtpStatusCode)500 };
                        if (permanent || attempts.Value > delays.Count)
                        {
                            var why = permanent ? "Refusé définitivement" : $"Abandon après {attempts.Value} tentatives";
                            await GiveUpAsync(id, node, Truncate($"{why} : {Describe(ex)}"), ct);
                            gaveUp++;
                            logger.LogWarning("Courriel de la notification {Id} abandonné ({Why}) : {Error}", id, why, Describe(ex));
                        }
                        else
                        {
                            var next = clock.GetUtcNow() + delays[attempts.Value - 1];
                            await RetryLaterAsync(id, node, next, Truncate($"Tentative {attempts.Value} échouée : {Describe(ex)}"), ct);
                            retrying++;
                            logger.LogInformation("Courriel de la notification {Id} : tentative {Attempt} échouée, nouvel essai à {Next:O} ({Error})", id, attempts.Value, next, Describe(ex));
                        }
                        continue;
                    }
                    await SentAsync(id, node, ct);
                    sent++;
                }
            }
            finally
            {
                // Stopped in the middle (shutdown): hand the messages not taken back at once rather than at the lease's end.
                foreach (var id in pending) await ReleaseAsync(id, node, CancellationToken.None);
            }
            if (claimed.Count > 0)
                logger.LogInformation("Outbox ({Node}) : {Claimed} pris, {Sent} envoyés, {Retrying} à réessayer, {GaveUp} abandonnés, {Lost} repris par un autre nœud",
                    node, claimed.Count, sent, retrying, gaveUp, lost);
            return new MailRound(claimed.Count, sent, retrying, gaveUp, lost);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        SmtpCommandException s => $"le serveur SMTP a répondu {(int)s.StatusCode} : {s.Message}",
        ParseException => $"adresse invalide : {ex.Message}",
        _ => $"{ex.GetType().Name} : {ex.Message}",
    };

    private static string Truncate(string s) => s.Length > 1000 ? s[..1000] : s;

    private bool Postgres => SchemaMigrator.ProviderOf(db) == DatabaseProvider.Postgres;

    // ------------------------------------------------------------------ SQL (DateTimeOffset comparisons: plain SQL on both databases)

    private async Task<List<int>> ClaimAsync(string node, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var sql = $"""
            UPDATE notifications SET "EmailClaimedBy" = @node, "EmailLeaseUntil" = @until
            WHERE "Id" IN (
                SELECT "Id" FROM notifications
                WHERE "EmailSentAt" IS NULL AND "Email" IS NOT NULL AND "EmailNextAttemptAt" IS NOT NULL AND "EmailNextAttemptAt" <= @now
                  AND ("EmailLeaseUntil" IS NULL OR "EmailLeaseUntil" < @now)
                ORDER BY "EmailNextAttemptAt", "Id"
                LIMIT @batch{(Postgres ? " FOR UPDATE SKIP LOCKED" : "")})
            RETURNING "Id"
            """;
        var ids = new List<int>();
        await using var cmd = Command(sql, ("node", node), ("until", now + options.EffectiveLease), ("now", now), ("batch", options.EffectiveBatchSize));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) ids.Add(Convert.ToInt32(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        ids.Sort();
        return ids;
    }

    /// <summary>Just before sending: checks the claim still holds, renews the lease and counts the attempt (null: lost).</summary>
    private async Task<int?> TakeAsync(int id, string node, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var cmd = Command("""
            UPDATE notifications SET "EmailLeaseUntil" = @until, "EmailAttempts" = "EmailAttempts" + 1
            WHERE "Id" = @id AND "EmailClaimedBy" = @node AND "EmailSentAt" IS NULL AND "EmailLeaseUntil" > @now
            RETURNING "EmailAttempts"
            """, ("id", id), ("node", node), ("until", now + options.EffectiveLease), ("now", now));
        var v = await cmd.ExecuteScalarAsync(ct);
        return v is null or DBNull ? null : Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task SentAsync(int id, string node, CancellationToken ct) => ExecAsync("""
        UPDATE notifications SET "EmailSentAt" = @now, "EmailNextAttemptAt" = NULL, "EmailError" = NULL, "EmailLeaseUntil" = NULL
        WHERE "Id" = @id AND "EmailClaimedBy" = @node
        """, ct, ("id", id), ("node", node), ("now", clock.GetUtcNow()));

    private Task RetryLaterAsync(int id, string node, DateTimeOffset next, string error, CancellationToken ct) => ExecAsync("""
        UPDATE notifications SET "EmailError" = @error, "EmailNextAttemptAt" = @next, "EmailClaimedBy" = NULL, "EmailLeaseUntil" = NULL
        WHERE "Id" = @id AND "EmailClaimedBy" = @node
        """, ct, ("id", id), ("node", node), ("next", next), ("error", error));

    private Task GiveUpAsync(int id, string node, string error, CancellationToken ct) => ExecAsync("""
        UPDATE notifications SET "EmailError" = @error, "EmailNextAttemptAt" = NULL, "EmailClaimedBy" = NULL, "EmailLeaseUntil" = NULL
        WHERE "Id" = @id AND "EmailClaimedBy" = @node
        """, ct, ("id", id), ("node", node), ("error", error));

    private Task ReleaseAsync(int id, string node, CancellationToken ct) => ExecAsync("""
        UPDATE notifications SET "EmailClaimedBy" = NULL, "EmailLeaseUntil" = NULL
        WHERE "Id" = @id AND "EmailClaimedBy" = @node AND "EmailSentAt" IS NULL
        """, ct, ("id", id), ("node", node));

    private async Task ExecAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = Command(sql, parameters);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private DbCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}
