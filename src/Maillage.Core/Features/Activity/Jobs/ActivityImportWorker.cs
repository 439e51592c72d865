using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Maillage.Core.Features.Activity.Jobs;

/// <summary>
/// Runs the import jobs on this node (docs/operations.md, "Tâches d'import"). It claims, one at a time across all
/// nodes, a queued job or a running one whose lease has lapsed (its node stopped giving heartbeats), then runs it with
/// a heartbeat every <see cref="ActivityJobOptions.HeartbeatSeconds"/> that extends the lease and carries the progress.
/// A job whose lease lapsed after <see cref="ActivityJobOptions.MaxAttempts"/> runs is marked failed. The claim is one
/// short transaction (PostgreSQL: under an advisory lock; SQLite: the database's write lock) ending in a conditional
/// UPDATE that only one node wins. The import commits in one transaction that first re-checks, on the job's row, that
/// this node still owns it: a node that lost its lease cannot commit, so a takeover never mixes two runs' figures.
/// </summary>
public sealed class ActivityImportWorker(IServiceScopeFactory scopes, ActivityJobOptions options, ActivityJobSignal signal, TimeProvider clock,
    ILogger<ActivityImportWorker> log) : BackgroundService
{
    private const long ClaimLock = 727275;

    public ActivityJobOptions Options => options;

    /// <summary>Test hook: runs inside the import transaction before its commit (see <see cref="ActivityImportOptions.BeforeCommitAsync"/>).</summary>
    public Func<CancellationToken, Task>? BeforeCommit { get; set; }

    /// <summary>Test hook: runs once the figures are computed, before the import's transaction opens.</summary>
    public Func<string, CancellationToken, Task>? BeforeStore { get; set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RunWorker) return;
        log.LogInformation("Activity import worker on node {Node}: lease {Lease} s, heartbeat {Heartbeat} s, {Attempts} attempts",
            options.NodeId, options.LeaseSeconds, options.HeartbeatSeconds, options.MaxAttempts);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken)) continue;
                await signal.WaitAsync(options.Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The database away for a moment: try again at the next poll.
                log.LogWarning("Activity import worker on node {Node}: {Exception}", options.NodeId, e.GetType().FullName);
                await Task.Delay(options.Poll, stoppingToken);
            }
        }
    }

    /// <summary>Claims one job and runs it; false when there was nothing this node may run now.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        if (await ClaimAsync(stoppingToken) is not { } job) return false;
        await RunAsync(job, stoppingToken);
        return true;
    }

    private static IQueryable<ActivityImportJob> Owned(MaillageDbContext db, string id, string node, int attempt) =>
        db.ActivityImportJobs.Where(j => j.Id == id && j.OwnerNode == node && j.Attempt == attempt && j.State == ActivityImportJobState.Running);

    private async Task<ActivityImportJob?> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var staging = scope.ServiceProvider.GetRequiredService<ActivityStaging>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (SchemaMigrator.ProviderOf(db) == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ClaimLock})", ct);
        var now = clock.GetUtcNow();
        var jobs = db.ActivityImportJobs;

        // Uploads whose receiving node stopped: nothing to run.
        foreach (var dead in await jobs.AsNoTracking().Where(j => j.State == ActivityImportJobState.Uploading && j.LeaseUntil < now).ToListAsync(ct))
        {
            var error = $"Téléversement interrompu : le nœud {dead.OwnerNode} s'est arrêté avant d'avoir reçu tout le fichier ; rien n'a été importé.";
            if (await jobs.Where(j => j.Id == dead.Id && j.State == ActivityImportJobState.Uploading && j.LeaseUntil < now)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ActivityImportJobState.Failed).SetProperty(j => j.Stage, "échec")
                        .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.Error, error), ct) == 1)
                await staging.DeleteAsync(dead.Id, StagedKind.Upload, ct);
        }
        // Runs whose node stopped after the last allowed attempt: failed, with the previous indicators intact.
        foreach (var dead in await jobs.AsNoTracking().Where(j => j.State == ActivityImportJobState.Running && j.LeaseUntil < now && j.Attempt >= options.MaxAttempts).ToListAsync(ct))
        {
            var error = $"Import échoué après {dead.Attempt} tentatives (la dernière sur le nœud {dead.OwnerNode}, qui a cessé de donner signe de vie) : "
                + "rien n'a été écrit, les indicateurs précédents sont inchangés.";
            if (await jobs.Where(j => j.Id == dead.Id && j.State == ActivityImportJobState.Running && j.Attempt == dead.Attempt && j.LeaseUntil < now)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ActivityImportJobState.Failed).SetProperty(j => j.Stage, "échec")
                        .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.Error, error).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), ct) == 1)
            {
                await staging.DeleteAsync(dead.Id, StagedKind.Upload, ct);
                log.LogWarning("Activity import {Job}: failed after {Attempts} attempts (last node {Node})", dead.Id, dead.Attempt, dead.OwnerNode);
            }
        }
        // One import at a time, across the nodes.
        if (await jobs.AnyAsync(j => j.State == ActivityImportJobState.Running && j.LeaseUntil >= now, ct))
        {
            await tx.CommitAsync(ct);
            return null;
        }
        var candidate = await jobs.AsNoTracking().Where(j => j.State == ActivityImportJobState.Running && j.LeaseUntil < now).OrderBy(j => j.CreatedAt).FirstOrDefaultAsync(ct)
            ?? await jobs.AsNoTracking().Where(j => j.State == ActivityImportJobState.Queued).OrderBy(j => j.CreatedAt).FirstOrDefaultAsync(ct);
        if (candidate is null)
        {
            await tx.CommitAsync(ct);
            return null;
        }
        var attempt = candidate.Attempt + 1;
        var note = candidate.State == ActivityImportJobState.Running
            ? $"repris par {options.NodeId} après l'arrêt de {candidate.OwnerNode} (tentative {attempt} sur {options.MaxAttempts})"
            : candidate.Attempt > 0 ? $"repris par {options.NodeId} (tentative {attempt} sur {options.MaxAttempts})" : candidate.Note;
        var seenState = candidate.State;
        var won = await jobs.Where(j => j.Id == candidate.Id && j.State == seenState && j.Attempt == candidate.Attempt
                && (j.State == ActivityImportJobState.Queued || j.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ActivityImportJobState.Running).SetProperty(j => j.OwnerNode, options.NodeId)
                .SetProperty(j => j.Attempt, attempt).SetProperty(j => j.LeaseUntil, now + options.Lease).SetProperty(j => j.HeartbeatAt, now)
                .SetProperty(j => j.StartedAt, j => j.StartedAt ?? now).SetProperty(j => j.Stage, "lecture").SetProperty(j => j.Note, note)
                .SetProperty(j => j.BytesRead, 0L).SetProperty(j => j.Rows, 0L).SetProperty(j => j.Rejected, 0L), ct);
        await tx.CommitAsync(ct);
        if (won != 1) return null;
        if (note is not null && candidate.State == ActivityImportJobState.Running)
            log.LogWarning("Activity import {Job}: taken over by {Node} from {Previous} (attempt {Attempt})", candidate.Id, options.NodeId, candidate.OwnerNode, attempt);
        return await db.ActivityImportJobs.AsNoTracking().FirstAsync(j => j.Id == candidate.Id, ct);
    }

    private async Task RunAsync(ActivityImportJob job, CancellationToken stoppingToken)
    {
        var id = job.Id;
        var attempt = job.Attempt;
        var node = options.NodeId;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        signal.Register(id, cancel);
        var progress = new JobProgress(this, id, attempt);
        var leaseLost = false;
        using var monitorStop = new CancellationTokenSource();
        var monitor = Task.Run(async () =>
        {
            while (!monitorStop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(options.Heartbeat, monitorStop.Token);
                    var (owned, cancelRequested) = await HeartbeatAsync(id, attempt, progress.Latest, monitorStop.Token);
                    if (!owned) leaseLost = true;
                    if (!owned || cancelRequested) await cancel.CancelAsync();
                }
                catch (OperationCanceledException) when (monitorStop.IsCancellationRequested) { return; }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    log.LogWarning("Activity import {Job}: heartbeat failed ({Exception})", id, e.GetType().FullName);
                }
            }
        }, CancellationToken.None);

        var rejectsPath = Path.Combine(Path.GetTempPath(), $"maillage-rejects-{id}-{attempt}.csv");
        var ct = cancel.Token;
        ActivityImportJobState? final = null;
        log.LogInformation("Activity import {Job}: {File} started on {Node}, attempt {Attempt} (dry run: {DryRun})", id, job.FileName, node, attempt, job.DryRun);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            await using var readScope = scopes.CreateAsyncScope();
            var input = await readScope.ServiceProvider.GetRequiredService<ActivityStaging>().OpenReadAsync(id, StagedKind.Upload, ct)
                ?? throw new ActivityFormatException("Le fichier téléversé n'est plus disponible.");
            ActivityImportResult result;
            await using (input)
            {
                var caller = new Caller(job.RequestedBy, Enum.Parse<UserRole>(job.RequestedRole), job.RequestedScope);
                var beforeStore = BeforeStore;
                var beforeCommit = BeforeCommit;
                result = await ActivityImporter.ImportAsync(db, caller, input, job.FileName, job.TotalBytes, rejectsPath, new ActivityImportOptions
                {
                    DryRun = job.DryRun,
                    MaxRejectRate = job.MaxRejectRate,
                    ImportedBy = job.RequestedBy,
                    Progress = progress,
                    BeforeStoreAsync = beforeStore is null ? null : t => beforeStore(id, t),
                    BeforeCommitAsync = async t =>
                    {
                        if (beforeCommit is not null) await beforeCommit(t);
                        // In the import's transaction: the row is this node's (and stays locked until the commit).
                        var now = clock.GetUtcNow();
                        if (await Owned(db, id, node, attempt).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseUntil, now + options.Lease)
                                .SetProperty(j => j.HeartbeatAt, now), t) != 1)
                            throw new ActivityLeaseLostException(id, node);
                    },
                }, ct);
            }
            await monitorStop.CancelAsync();
            var hasRejects = false;
            if (result.RejectsFile is { } rejects && File.Exists(rejects))
            {
                await using var rejectsScope = scopes.CreateAsyncScope();
                await using var file = File.OpenRead(rejects);
                await rejectsScope.ServiceProvider.GetRequiredService<ActivityStaging>().WriteAsync(id, StagedKind.Rejects, file, null, CancellationToken.None);
                hasRejects = true;
            }
            var refused = result.Outcome == ActivityImportOutcome.Refused;
            final = refused ? ActivityImportJobState.Failed : ActivityImportJobState.Succeeded;
            var summary = ActivityImportJobResult.From(result);
            if (!await FinishAsync(id, attempt, final.Value, refused ? "Taux de rejet supérieur au seuil : rien n'a été écrit." : null, summary, hasRejects))
                final = null;
            log.LogInformation("Activity import {Job}: {Outcome}, {Rows} rows, {Rejected} rejected, import {ImportId}", id, result.Outcome, result.Rows, result.Rejected, result.ImportId);
        }
        catch (Exception e) when (leaseLost || e is ActivityLeaseLostException)
        {
            log.LogWarning("Activity import {Job}: node {Node} lost its lease (attempt {Attempt}); nothing committed, the new owner carries on", id, node, attempt);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // This node stops: hand the job back at once rather than wait for the lease to lapse.
            await ReleaseAsync(id, attempt);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            final = ActivityImportJobState.Cancelled;
            if (!await FinishAsync(id, attempt, final.Value, "Import annulé : les indicateurs précédents sont inchangés.", null, false)) final = null;
            log.LogInformation("Activity import {Job}: cancelled, nothing written", id);
        }
        catch (ActivityFormatException e)
        {
            final = ActivityImportJobState.Failed;
            if (!await FinishAsync(id, attempt, final.Value, e.Message + " Rien n'a été écrit.", null, false)) final = null;
            log.LogInformation("Activity import {Job}: refused ({Reason})", id, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The exception type only: messages of lower layers are not ours to vouch for.
            final = ActivityImportJobState.Failed;
            if (!await FinishAsync(id, attempt, final.Value, "Erreur interne pendant l'import : rien n'a été écrit.", null, false)) final = null;
            log.LogError("Activity import {Job}: failed with {Exception}", id, e.GetType().FullName);
        }
        finally
        {
            await monitorStop.CancelAsync();
            try { await monitor; } catch (OperationCanceledException) { }
            signal.Unregister(id, cancel);
            try { File.Delete(rejectsPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        if (final is not null) await CleanUpAsync(id);
    }

    /// <summary>Extends the lease and records the progress, if the job is still this node's; says whether a cancel was asked.</summary>
    private async Task<(bool Owned, bool CancelRequested)> HeartbeatAsync(string id, int attempt, ActivityImportProgress? p, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var now = clock.GetUtcNow();
        var n = p is null
            ? await Owned(db, id, options.NodeId, attempt).ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now).SetProperty(j => j.LeaseUntil, now + options.Lease), ct)
            : await Owned(db, id, options.NodeId, attempt).ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now).SetProperty(j => j.LeaseUntil, now + options.Lease)
                .SetProperty(j => j.BytesRead, p.BytesRead).SetProperty(j => j.Rows, p.Rows).SetProperty(j => j.Rejected, p.Rejected).SetProperty(j => j.Stage, p.Stage), ct);
        if (n == 0) return (false, false);
        return (true, await db.ActivityImportJobs.Where(j => j.Id == id).Select(j => j.CancelRequested).FirstAsync(ct));
    }

    /// <summary>The progress now, written at once (on a connection of its own, outside the import's transaction).</summary>
    private void WriteProgress(string id, int attempt, ActivityImportProgress p)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            Owned(db, id, options.NodeId, attempt).ExecuteUpdate(s => s.SetProperty(j => j.BytesRead, p.BytesRead).SetProperty(j => j.Rows, p.Rows)
                .SetProperty(j => j.Rejected, p.Rejected).SetProperty(j => j.Stage, p.Stage));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning("Activity import {Job}: progress not recorded ({Exception})", id, e.GetType().FullName);
        }
    }

    private async Task<bool> FinishAsync(string id, int attempt, ActivityImportJobState state, string? error, ActivityImportJobResult? result, bool hasRejects)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var now = clock.GetUtcNow();
        if (error is { Length: > 1000 }) error = error[..999] + "…";
        var stage = state switch
        {
            ActivityImportJobState.Succeeded => "terminé",
            ActivityImportJobState.Cancelled => "annulé",
            _ => "échec",
        };
        var n = result is null
            ? await Owned(db, id, options.NodeId, attempt).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, state).SetProperty(j => j.Stage, stage)
                .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.Error, error).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None)
            : await Owned(db, id, options.NodeId, attempt).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, state).SetProperty(j => j.Stage, stage)
                .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.Error, error).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(j => j.ResultJson, result.ToJson()).SetProperty(j => j.Years, result.YearsText).SetProperty(j => j.HasRejects, hasRejects)
                .SetProperty(j => j.Rows, result.Rows).SetProperty(j => j.Rejected, result.Rejected).SetProperty(j => j.BytesRead, j => j.TotalBytes ?? j.BytesRead),
                CancellationToken.None);
        if (n == 0) log.LogWarning("Activity import {Job}: node {Node} no longer owns it; its end is not recorded", id, options.NodeId);
        return n == 1;
    }

    private async Task ReleaseAsync(string id, int attempt)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        await Owned(db, id, options.NodeId, attempt).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ActivityImportJobState.Queued)
            .SetProperty(j => j.Stage, "en attente").SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(j => j.Note, $"rendu par {options.NodeId} à son arrêt"), CancellationToken.None);
        log.LogInformation("Activity import {Job}: handed back by {Node}, which is stopping", id, options.NodeId);
    }

    /// <summary>A finished job's upload goes; rejects files are kept for the most recent finished jobs only.</summary>
    private async Task CleanUpAsync(string id)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var staging = scope.ServiceProvider.GetRequiredService<ActivityStaging>();
            await staging.DeleteAsync(id, StagedKind.Upload, CancellationToken.None);
            var old = await db.ActivityImportJobs.AsNoTracking().Where(j => j.HasRejects && j.FinishedAt != null)
                .OrderByDescending(j => j.CreatedAt).Skip(options.KeptRejects).Select(j => j.Id).ToListAsync(CancellationToken.None);
            foreach (var stale in old)
            {
                await staging.DeleteAsync(stale, StagedKind.Rejects, CancellationToken.None);
                await db.ActivityImportJobs.Where(j => j.Id == stale).ExecuteUpdateAsync(s => s.SetProperty(j => j.HasRejects, false), CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning("Activity import {Job}: staging not cleaned ({Exception})", id, e.GetType().FullName);
        }
    }

    /// <summary>Keeps the latest progress for the heartbeat, and writes it at once when the stage changes.</summary>
    private sealed class JobProgress(ActivityImportWorker worker, string id, int attempt) : IProgress<ActivityImportProgress>
    {
        private readonly Lock _gate = new();
        private ActivityImportProgress? _latest;
        private string _stage = "lecture";

        public ActivityImportProgress? Latest
        {
            get { lock (_gate) return _latest; }
        }

        public void Report(ActivityImportProgress value)
        {
            bool changed;
            lock (_gate)
            {
                _latest = value;
                changed = value.Stage != _stage;
                _stage = value.Stage;
            }
            if (changed) worker.WriteProgress(id, attempt, value);
        }
    }
}
