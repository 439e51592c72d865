using Microsoft.Extensions.Configuration;

namespace Maillage.Core.Features.Activity.Jobs;

/// <summary>
/// Settings of the import jobs: <c>Maillage:Activity:Jobs:*</c> (lease, heartbeat, attempts, polling, whether this node
/// runs a worker), <c>Maillage:Activity:StagingFolder</c> (a folder every node reads; empty: the database) and
/// <c>Maillage:NodeId</c> (this node's name in the jobs; default: machine name and process id).
/// </summary>
public sealed record ActivityJobOptions
{
    /// <summary>How long a running job stays its owner's without a heartbeat.</summary>
    public double LeaseSeconds { get; init; } = 30;
    public double HeartbeatSeconds { get; init; } = 5;
    /// <summary>Runs of one job (the first and the takeovers) before it is marked failed.</summary>
    public int MaxAttempts { get; init; } = 2;
    /// <summary>How often an idle worker looks for a job (a job queued on the same node wakes it at once).</summary>
    public double PollSeconds { get; init; } = 2;
    public bool RunWorker { get; init; } = true;
    /// <summary>Null: uploads and rejects files are staged in the database (1 MiB chunks).</summary>
    public string? StagingFolder { get; init; }
    public string NodeId { get; init; } = DefaultNodeId;
    /// <summary>Finished jobs whose rejects file is kept (older ones lose it; the job rows stay).</summary>
    public int KeptRejects { get; init; } = 50;

    public static string DefaultNodeId => Infrastructure.NodeIdentity.Default;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
    public TimeSpan Heartbeat => TimeSpan.FromSeconds(HeartbeatSeconds);
    public TimeSpan Poll => TimeSpan.FromSeconds(PollSeconds);

    public static ActivityJobOptions FromConfiguration(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var jobs = config.GetSection("Maillage:Activity:Jobs");
        var o = new ActivityJobOptions();
        o = o with
        {
            LeaseSeconds = jobs.GetValue(nameof(LeaseSeconds), o.LeaseSeconds),
            HeartbeatSeconds = jobs.GetValue(nameof(HeartbeatSeconds), o.HeartbeatSeconds),
            MaxAttempts = jobs.GetValue(nameof(MaxAttempts), o.MaxAttempts),
            PollSeconds = jobs.GetValue(nameof(PollSeconds), o.PollSeconds),
            RunWorker = jobs.GetValue(nameof(RunWorker), o.RunWorker),
            StagingFolder = config["Maillage:Activity:StagingFolder"] is { Length: > 0 } folder ? folder : null,
            NodeId = Infrastructure.NodeIdentity.Resolve(config),
        };
        o.Validate();
        return o;
    }

    public void Validate()
    {
        if (!(LeaseSeconds > 0) || !(HeartbeatSeconds > 0) || HeartbeatSeconds >= LeaseSeconds)
            throw new InvalidOperationException("Maillage:Activity:Jobs : HeartbeatSeconds doit être positif et inférieur à LeaseSeconds.");
        if (MaxAttempts < 1) throw new InvalidOperationException("Maillage:Activity:Jobs:MaxAttempts : au moins 1.");
        if (!(PollSeconds > 0)) throw new InvalidOperationException("Maillage:Activity:Jobs:PollSeconds : positif.");
        if (NodeId.Length > 100) throw new InvalidOperationException("Maillage:NodeId : 100 caractères au plus.");
    }
}
