using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Maillage.Core.Features.Activity.Jobs;

/// <summary>What a cancellation request came to.</summary>
public enum ActivityJobCancel
{
    NotFound,
    AlreadyFinished,
    Requested,
}

/// <summary>
/// The import jobs as rows (docs/operations.md, "Tâches d'import"): a national administrator enqueues an upload (staged
/// where every node can read it), follows, lists and cancels jobs; any node's <see cref="ActivityImportWorker"/> runs
/// them. Jobs are the importers' (<see cref="ActivityImporter.CanImport"/>): anyone else is refused
/// (<see cref="AccessRefusedException"/>), whether the job exists or not. Logs name jobs, files and counts, never row content.
/// </summary>
public sealed class ActivityImportJobs(MaillageDbContext db, ActivityStaging staging, ActivityJobOptions options, ActivityJobSignal signal,
    TimeProvider clock, ILogger<ActivityImportJobs> log)
{
    public const int MaxIdLength = 64;

    /// <summary>A new job in the <c>uploading</c> state, started by <paramref name="caller"/> (refused unless the caller may
    /// import); the caller then sends the file to <see cref="UploadAsync"/>. Jobs run one at a time, the others wait.</summary>
    public async Task<ActivityImportJob> CreateAsync(Caller caller, string fileName, bool dryRun, double maxRejectRate, long? expectedBytes, CancellationToken ct)
    {
        ActivityImporter.Authorise(caller);
        ArgumentNullException.ThrowIfNull(fileName);
        var now = clock.GetUtcNow();
        var job = new ActivityImportJob
        {
            Id = Guid.NewGuid().ToString("N"), State = ActivityImportJobState.Uploading, Stage = "téléversement",
            FileName = fileName.Length <= 260 ? fileName : fileName[..260], RequestedBy = caller.UserName ?? "inconnu",
            RequestedRole = caller.Role!.Value.ToString(), RequestedScope = caller.ScopeId, DryRun = dryRun, MaxRejectRate = maxRejectRate,
            OwnerNode = options.NodeId, LeaseUntil = now + options.Lease, HeartbeatAt = now, CreatedAt = now,
            TotalBytes = expectedBytes is > 0 ? expectedBytes : null,
        };
        db.ActivityImportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        db.Entry(job).State = EntityState.Detached;
        return job;
    }

    /// <summary>
    /// Stages the upload (streamed, never held in memory), then queues the job; returns the job as it is now. A failed or
    /// aborted upload (client gone, cancel) ends the job cancelled or failed and deletes what was staged.
    /// </summary>
    public async Task<(bool Queued, ActivityImportJob Job)> UploadAsync(Caller caller, ActivityImportJob job, Stream body, CancellationToken requestAborted)
    {
        ActivityImporter.Authorise(caller);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(body);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        signal.Register(job.Id, cancel);
        long total = 0;
        var lastBeat = clock.GetUtcNow();
        string? failure = null;
        try
        {
            total = await staging.WriteAsync(job.Id, StagedKind.Upload, body, async (bytes, ct) =>
            {
                var now = clock.GetUtcNow();
                if (now - lastBeat < options.Heartbeat) return;
                lastBeat = now;
                var beat = await db.ActivityImportJobs.Where(j => j.Id == job.Id && j.OwnerNode == options.NodeId && j.State == ActivityImportJobState.Uploading)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now).SetProperty(j => j.LeaseUntil, now + options.Lease).SetProperty(j => j.BytesRead, bytes), ct);
                var cancelled = await db.ActivityImportJobs.Where(j => j.Id == job.Id).Select(j => j.CancelRequested).FirstOrDefaultAsync(ct);
                if (beat == 0 || cancelled) await cancel.CancelAsync();
                cancel.Token.ThrowIfCancellationRequested();
            }, cancel.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            var cancelled = cancel.IsCancellationRequested && e is OperationCanceledException;
            failure = e is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? "Téléversement refusé : " + bad.Message
                : cancelled ? "Téléversement annulé : rien n'a été importé." : "Téléversement interrompu.";
            await EndUploadAsync(job.Id, cancelled ? ActivityImportJobState.Cancelled : ActivityImportJobState.Failed, failure);
            log.LogInformation("Activity import {Job}: upload of {File} stopped after {Bytes} bytes", job.Id, job.FileName, total);
        }
        finally
        {
            signal.Unregister(job.Id, cancel);
        }
        if (failure is null && total == 0)
            await EndUploadAsync(job.Id, ActivityImportJobState.Failed, failure = "Fichier vide : l'en-tête manque.");
        if (failure is null)
        {
            var queued = await db.ActivityImportJobs.Where(j => j.Id == job.Id && j.State == ActivityImportJobState.Uploading)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ActivityImportJobState.Queued).SetProperty(j => j.Stage, "en attente")
                    .SetProperty(j => j.TotalBytes, total).SetProperty(j => j.BytesRead, 0L).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(j => j.OwnerNode, (string?)null), CancellationToken.None);
            if (queued == 1)
            {
                log.LogInformation("Activity import {Job}: {File} received ({Bytes} bytes) by {Node}, queued", job.Id, job.FileName, total, options.NodeId);
                signal.Wake();
            }
            else
            {
                await staging.DeleteAsync(job.Id, StagedKind.Upload, CancellationToken.None);
                failure = "Téléversement annulé : rien n'a été importé.";
            }
        }
        var now = await db.ActivityImportJobs.AsNoTracking().FirstAsync(j => j.Id == job.Id, CancellationToken.None);
        return (failure is null, now);
    }

    private async Task EndUploadAsync(string id, ActivityImportJobState state, string error)
    {
        var now = clock.GetUtcNow();
        await db.ActivityImportJobs.Where(j => j.Id == id && j.State == ActivityImportJobState.Uploading)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, state).SetProperty(j => j.Stage, state == ActivityImportJobState.Cancelled ? "annulé" : "échec")
                .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.Error, error).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        await staging.DeleteAsync(id, StagedKind.Upload, CancellationToken.None);
    }

    /// <summary>The job of this id, or null (importers only).</summary>
    public async Task<ActivityImportJob?> FindAsync(Caller caller, string id, CancellationToken ct)
    {
        ActivityImporter.Authorise(caller);
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength) return null;
        return await db.ActivityImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
    }

    /// <summary>The most recent jobs first (importers only), whichever node received or ran them.</summary>
    public async Task<List<ActivityImportJob>> ListAsync(Caller caller, int take, CancellationToken ct)
    {
        ActivityImporter.Authorise(caller);
        take = Math.Clamp(take, 1, 1000);
        return await db.ActivityImportJobs.AsNoTracking().OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>
    /// Asks a job to stop (importers only). A queued job ends now; a job uploading or running stops on its node at once
    /// when it is this one, otherwise at the owner's next heartbeat.
    /// </summary>
    public async Task<ActivityJobCancel> CancelAsync(Caller caller, string id, CancellationToken ct)
    {
        if (await FindAsync(caller, id, ct) is not { } job) return ActivityJobCancel.NotFound;
        if (job.IsFinished) return ActivityJobCancel.AlreadyFinished;
        signal.Cancel(id);
        var now = clock.GetUtcNow();
        var ended = await db.ActivityImportJobs.Where(j => j.Id == id && j.State == ActivityImportJobState.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ActivityImportJobState.Cancelled).SetProperty(j => j.Stage, "annulé")
                .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.CancelRequested, true)
                .SetProperty(j => j.Error, "Import annulé avant son début : rien n'a été écrit."), ct);
        if (ended == 1) await staging.DeleteAsync(id, StagedKind.Upload, ct);
        else await db.ActivityImportJobs.Where(j => j.Id == id && (j.State == ActivityImportJobState.Uploading || j.State == ActivityImportJobState.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), ct);
        log.LogInformation("Activity import {Job}: cancellation requested", id);
        return ActivityJobCancel.Requested;
    }

    /// <summary>The rejects file of a job (line;column;reason;message, never row content), or null.</summary>
    public async Task<Stream?> OpenRejectsAsync(Caller caller, string id, CancellationToken ct)
    {
        if (await FindAsync(caller, id, ct) is not { HasRejects: true }) return null;
        return await staging.OpenReadAsync(id, StagedKind.Rejects, ct);
    }

    /// <summary>Whether anything is still staged for a job (operations and tests: staging goes when the job ends).</summary>
    public async Task<bool> HasStagedUploadAsync(Caller caller, string id, CancellationToken ct)
    {
        ActivityImporter.Authorise(caller);
        return await staging.ExistsAsync(id, StagedKind.Upload, ct);
    }
}
