using System.Collections.Concurrent;
using System.Threading.Channels;
using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;

namespace Maillage.Web.Activity;

/// <summary>Life of an import job: uploading → queued → running → succeeded | failed | cancelled.</summary>
public enum ActivityImportJobState
{
    Uploading,
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>
/// One import of an uploaded extract run in the background by <see cref="ActivityImportJobs"/>. Mutable under its own
/// lock; readers take a <see cref="Snapshot"/>. Holds no row content: counts, stage and the final summary only.
/// </summary>
public sealed class ActivityImportJob
{
    private readonly object _gate = new();
    private ActivityImportJobState _state = ActivityImportJobState.Uploading;
    private string _stage = "téléversement";
    private long _bytes;
    private long? _total;
    private long _rows;
    private long _rejected;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _finishedAt;
    private ActivityImportResult? _result;
    private string? _error;

    internal ActivityImportJob(string id, string fileName, Caller caller, bool dryRun, double maxRejectRate, long? totalBytes,
        DateTimeOffset createdAt, string uploadPath, string rejectsPath)
    {
        Id = id;
        FileName = fileName;
        Caller = caller;
        StartedBy = caller.UserName ?? "inconnu";
        DryRun = dryRun;
        MaxRejectRate = maxRejectRate;
        _total = totalBytes;
        CreatedAt = createdAt;
        UploadPath = uploadPath;
        RejectsPath = rejectsPath;
    }

    public string Id { get; }
    public string FileName { get; }
    public string StartedBy { get; }
    /// <summary>Who started the job: the import runs as this caller (the importer checks it again).</summary>
    internal Caller Caller { get; }
    public bool DryRun { get; }
    public double MaxRejectRate { get; }
    public DateTimeOffset CreatedAt { get; }
    internal string UploadPath { get; }
    internal string RejectsPath { get; }
    internal CancellationTokenSource Cancellation { get; } = new();

    public ActivityImportJobState State
    {
        get { lock (_gate) return _state; }
    }

    public bool IsFinished => State is ActivityImportJobState.Succeeded or ActivityImportJobState.Failed or ActivityImportJobState.Cancelled;

    /// <summary>The rejects file of a finished job, when it had rejects.</summary>
    public string? RejectsFile
    {
        get { lock (_gate) return _result?.RejectsFile is { } f && File.Exists(f) ? f : null; }
    }

    internal void Uploaded(long bytes)
    {
        lock (_gate) _bytes = bytes;
    }

    internal bool TryQueue(long size)
    {
        lock (_gate)
        {
            if (_state != ActivityImportJobState.Uploading) return false;
            _state = ActivityImportJobState.Queued;
            _stage = "en attente";
            _total = size;
            _bytes = 0;
            return true;
        }
    }

    /// <summary>Ends a job still waiting in the queue (atomically against <see cref="TryStart"/>).</summary>
    internal bool TryCancelQueued(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_state != ActivityImportJobState.Queued) return false;
            _state = ActivityImportJobState.Cancelled;
            _stage = "annulé";
            _finishedAt = now;
            _error = "Import annulé avant son début : rien n'a été écrit.";
            return true;
        }
    }

    internal bool TryStart(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_state != ActivityImportJobState.Queued) return false;
            _state = ActivityImportJobState.Running;
            _stage = "lecture";
            _startedAt = now;
            return true;
        }
    }

    internal void Report(ActivityImportProgress p)
    {
        lock (_gate)
        {
            if (_state != ActivityImportJobState.Running) return;
            _bytes = p.BytesRead;
            _total = p.TotalBytes ?? _total;
            _rows = p.Rows;
            _rejected = p.Rejected;
            _stage = p.Stage;
        }
    }

    internal void Finish(ActivityImportJobState state, DateTimeOffset now, ActivityImportResult? result, string? error)
    {
        lock (_gate)
        {
            if (IsFinishedState(_state)) return;
            _state = state;
            _stage = state switch
            {
                ActivityImportJobState.Succeeded => "terminé",
                ActivityImportJobState.Cancelled => "annulé",
                _ => "échec",
            };
            _finishedAt = now;
            _result = result;
            _error = error;
            if (result is not null)
            {
                _rows = result.Rows;
                _rejected = result.Rejected;
                _bytes = _total ?? _bytes;
            }
        }
    }

    private static bool IsFinishedState(ActivityImportJobState s) =>
        s is ActivityImportJobState.Succeeded or ActivityImportJobState.Failed or ActivityImportJobState.Cancelled;

    /// <summary>A consistent view of the job now, with its speed and remaining time.</summary>
    public ActivityImportJobSnapshot Snapshot(DateTimeOffset now)
    {
        lock (_gate)
        {
            var elapsed = ((_finishedAt ?? now) - (_startedAt ?? now)).TotalSeconds;
            double? rate = _startedAt is null || elapsed <= 0 ? null : _rows / elapsed;
            double? eta = null;
            if (_state == ActivityImportJobState.Running && _total is > 0 && _bytes > 0 && elapsed > 0)
                eta = Math.Max(0, elapsed * (_total.Value - _bytes) / _bytes);
            double? percent = _total is > 0 ? Math.Min(100, 100.0 * _bytes / _total.Value) : null;
            if (_state == ActivityImportJobState.Succeeded) percent = 100;
            return new ActivityImportJobSnapshot(Id, _state, _stage, FileName, StartedBy, DryRun, MaxRejectRate, CreatedAt, _startedAt, _finishedAt,
                _bytes, _total, percent, _rows, _rejected, rate, eta, _result, _error);
        }
    }
}

/// <summary>A job as seen at one moment (see <see cref="ActivityImportJob.Snapshot"/>).</summary>
public sealed record ActivityImportJobSnapshot(string Id, ActivityImportJobState State, string Stage, string FileName, string StartedBy,
    bool DryRun, double MaxRejectRate, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    long BytesRead, long? TotalBytes, double? Percent, long Rows, long Rejected, double? RowsPerSecond, double? EtaSeconds,
    ActivityImportResult? Result, string? Error)
{
    public bool IsFinished => State is ActivityImportJobState.Succeeded or ActivityImportJobState.Failed or ActivityImportJobState.Cancelled;
}

/// <summary>
/// In-process imports of uploaded activity extracts: one at a time, the others queued. An upload is written to a work
/// folder under the data directory (<c>Activity:WorkDirectory</c>, default <c>&lt;data&gt;/activity-imports</c>) and deleted
/// when its job ends; the rejects file stays there while the job is among the last <see cref="KeptJobs"/>. A cancelled
/// job stops at its next cancellation point; before the commit, nothing it did is visible (the importer replaces a
/// year's indicators in one transaction). Logs name jobs, files and counts, never row content.
/// </summary>
public sealed class ActivityImportJobs : BackgroundService
{
    /// <summary>Finished jobs kept in memory (with their rejects files).</summary>
    public const int KeptJobs = 50;

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<ActivityImportJobs> _log;
    private readonly Channel<ActivityImportJob> _queue = Channel.CreateUnbounded<ActivityImportJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, ActivityImportJob> _jobs = new(StringComparer.Ordinal);

    public ActivityImportJobs(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger<ActivityImportJobs> log)
    {
        ArgumentNullException.ThrowIfNull(config);
        _scopes = scopes;
        _clock = clock;
        _log = log;
        WorkDirectory = config["Activity:WorkDirectory"] is { Length: > 0 } dir ? dir : Path.Combine(DatabaseOptions.DefaultDataDirectory, "activity-imports");
        Directory.CreateDirectory(WorkDirectory);
        // Jobs live in memory only: what a previous process left (an interrupted upload, old rejects) goes — our own
        // files only, should the folder be shared.
        foreach (var stale in Directory.EnumerateFiles(WorkDirectory, "*.upload").Concat(Directory.EnumerateFiles(WorkDirectory, "*.rejects.csv")))
            Delete(stale);
    }

    public string WorkDirectory { get; }

    /// <summary>Test hook: runs inside the import transaction before its commit (see <see cref="ActivityImportOptions.BeforeCommitAsync"/>).</summary>
    public Func<CancellationToken, Task>? BeforeCommit { get; set; }

    /// <summary>The job of this id, if this process still knows it. Jobs are the importers' (<see cref="ActivityImporter.CanImport"/>):
    /// anyone else is refused (<see cref="AccessRefusedException"/>), whether the job exists or not.</summary>
    public ActivityImportJob? Find(Caller caller, string id)
    {
        ActivityImporter.Authorise(caller);
        return _jobs.GetValueOrDefault(id);
    }

    /// <summary>Jobs known to this process, most recent first (importers only).</summary>
    public IReadOnlyList<ActivityImportJob> Recent(Caller caller)
    {
        ActivityImporter.Authorise(caller);
        return _jobs.Values.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>A new job in the <c>uploading</c> state, started by <paramref name="caller"/> (refused unless the caller may
    /// import); the caller writes the file to <see cref="UploadAsync"/>. Jobs run one at a time, the others wait.</summary>
    public ActivityImportJob Create(Caller caller, string fileName, bool dryRun, double maxRejectRate, long? expectedBytes)
    {
        ActivityImporter.Authorise(caller);
        var id = Guid.NewGuid().ToString("N");
        var job = new ActivityImportJob(id, fileName, caller, dryRun, maxRejectRate, expectedBytes, _clock.GetUtcNow(),
            Path.Combine(WorkDirectory, id + ".upload"), Path.Combine(WorkDirectory, id + ".rejects.csv"));
        _jobs[id] = job;
        Evict();
        return job;
    }

    /// <summary>
    /// Copies the upload to the job's file (streamed, never held in memory), then queues the job. A failed or aborted
    /// upload (client gone, cancel) ends the job cancelled or failed and deletes the partial file.
    /// </summary>
    public async Task<bool> UploadAsync(ActivityImportJob job, Stream body, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(body);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, job.Cancellation.Token);
        long total = 0;
        try
        {
            await using (var file = new FileStream(job.UploadPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await body.ReadAsync(buffer, linked.Token)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, n), linked.Token);
                    total += n;
                    job.Uploaded(total);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            job.Finish(job.Cancellation.IsCancellationRequested || requestAborted.IsCancellationRequested ? ActivityImportJobState.Cancelled : ActivityImportJobState.Failed,
                _clock.GetUtcNow(), null, e is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? "Téléversement refusé : " + bad.Message : "Téléversement interrompu.");
            Delete(job.UploadPath);
            _log.LogInformation("Activity import {Job}: upload of {File} stopped after {Bytes} bytes", job.Id, job.FileName, total);
            return false;
        }
        if (total == 0)
        {
            job.Finish(ActivityImportJobState.Failed, _clock.GetUtcNow(), null, "Fichier vide : l'en-tête manque.");
            Delete(job.UploadPath);
            return false;
        }
        if (!job.TryQueue(total))
        {
            Delete(job.UploadPath);
            return false;
        }
        _log.LogInformation("Activity import {Job}: {File} received ({Bytes} bytes), queued", job.Id, job.FileName, total);
        await _queue.Writer.WriteAsync(job, CancellationToken.None);
        return true;
    }

    /// <summary>Asks a job to stop (importers only); false when it has already ended.</summary>
    public bool Cancel(Caller caller, ActivityImportJob job)
    {
        ActivityImporter.Authorise(caller);
        ArgumentNullException.ThrowIfNull(job);
        if (job.IsFinished) return false;
        job.Cancellation.Cancel();
        // Not running yet: it ends now (the worker skips it; the upload loop sees the token).
        if (job.TryCancelQueued(_clock.GetUtcNow())) Delete(job.UploadPath);
        _log.LogInformation("Activity import {Job}: cancellation requested", job.Id);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (!job.TryStart(_clock.GetUtcNow())) continue;
            await RunAsync(job, stoppingToken);
        }
    }

    private async Task RunAsync(ActivityImportJob job, CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, job.Cancellation.Token);
        var ct = linked.Token;
        _log.LogInformation("Activity import {Job}: {File} started (dry run: {DryRun})", job.Id, job.FileName, job.DryRun);
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<ActivityImportRun>();
            var hook = BeforeCommit;
            ActivityImportResult result;
            await using (var file = new FileStream(job.UploadPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            {
                result = await importer.ImportAsync(job.Caller, file, job.FileName, file.Length, job.RejectsPath, new ActivityImportOptions
                {
                    DryRun = job.DryRun,
                    MaxRejectRate = job.MaxRejectRate,
                    ImportedBy = job.StartedBy,
                    Progress = new JobProgress(job),
                    BeforeCommitAsync = hook,
                }, ct);
            }
            var refused = result.Outcome == ActivityImportOutcome.Refused;
            job.Finish(refused ? ActivityImportJobState.Failed : ActivityImportJobState.Succeeded, _clock.GetUtcNow(), result,
                refused ? "Taux de rejet supérieur au seuil : rien n'a été écrit." : null);
            _log.LogInformation("Activity import {Job}: {Outcome}, {Rows} rows, {Rejected} rejected, import {ImportId}",
                job.Id, result.Outcome, result.Rows, result.Rejected, result.ImportId);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            job.Finish(ActivityImportJobState.Cancelled, _clock.GetUtcNow(), null, "Import annulé : les indicateurs précédents sont inchangés.");
            _log.LogInformation("Activity import {Job}: cancelled, nothing written", job.Id);
        }
        catch (ActivityFormatException e)
        {
            job.Finish(ActivityImportJobState.Failed, _clock.GetUtcNow(), null, e.Message + " Rien n'a été écrit.");
            _log.LogInformation("Activity import {Job}: refused ({Reason})", job.Id, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The exception type only: messages of lower layers are not ours to vouch for.
            job.Finish(ActivityImportJobState.Failed, _clock.GetUtcNow(), null, "Erreur interne pendant l'import : rien n'a été écrit.");
            _log.LogError("Activity import {Job}: failed with {Exception}", job.Id, e.GetType().FullName);
        }
        finally
        {
            Delete(job.UploadPath);
        }
    }

    private void Evict()
    {
        var finished = _jobs.Values.Where(j => j.IsFinished).OrderByDescending(j => j.CreatedAt).Skip(KeptJobs).ToList();
        foreach (var job in finished)
            if (_jobs.TryRemove(job.Id, out _))
            {
                Delete(job.RejectsPath);
                job.Cancellation.Dispose();
            }
    }

    private static void Delete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private sealed class JobProgress(ActivityImportJob job) : IProgress<ActivityImportProgress>
    {
        public void Report(ActivityImportProgress value) => job.Report(value);
    }
}
