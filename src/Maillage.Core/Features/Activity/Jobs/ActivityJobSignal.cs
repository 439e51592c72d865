using System.Collections.Concurrent;

namespace Maillage.Core.Features.Activity.Jobs;

/// <summary>
/// What one node tells its own worker without waiting for the database: a job was queued here (wake up now rather than
/// at the next poll), or a job running or uploading here is to be cancelled (stop now rather than at the next
/// heartbeat). Other nodes learn the same from the rows, at their next poll or heartbeat.
/// </summary>
public sealed class ActivityJobSignal
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);

    public void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    /// <summary>Waits for <see cref="Wake"/> or the timeout; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);

    public void Register(string jobId, CancellationTokenSource cancellation) => _running[jobId] = cancellation;

    public void Unregister(string jobId, CancellationTokenSource cancellation) =>
        _running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(jobId, cancellation));

    /// <summary>Cancels the job if this node is running or receiving it.</summary>
    public void Cancel(string jobId)
    {
        if (_running.TryGetValue(jobId, out var cts))
        {
            try { cts.Cancel(); }
            catch (ObjectDisposedException) { }
        }
    }
}

/// <summary>The job has another owner now (its lease lapsed and another node took it over): this node must not write it.</summary>
public sealed class ActivityLeaseLostException(string jobId, string node)
    : Exception($"Activity import job {jobId}: node {node} no longer holds the lease.");
