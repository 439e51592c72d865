using System.Globalization;
using System.Text.Json;
using Maillage.Domain.Activity;

namespace Maillage.Core.Features.Activity.Jobs;

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
/// One import of an uploaded extract (table <c>activity_import_jobs</c>), run by the <see cref="ActivityImportWorker"/> of
/// whichever node claims it. A running job belongs to <see cref="OwnerNode"/> while its lease (<see cref="LeaseUntil"/>)
/// holds; the owner extends it with each heartbeat; when it lapses (the node died) another node takes the job over
/// (<see cref="Attempt"/> + 1), up to <see cref="ActivityJobOptions.MaxAttempts"/>. Holds no row content: counts, stage,
/// the summary only. The upload itself is staged apart (<see cref="ActivityStaging"/>) and deleted when the job ends.
/// </summary>
public sealed class ActivityImportJob
{
    /// <summary>32 hex digits (a GUID), never a number, so that it cannot be mistaken for an applied import's number.</summary>
    public required string Id { get; set; }
    public ActivityImportJobState State { get; set; }
    /// <summary>lecture, calcul, enregistrement… (French, shown as is).</summary>
    public required string Stage { get; set; }
    public required string FileName { get; set; }
    /// <summary>Who asked: the import runs as this caller (the importer checks it again).</summary>
    public required string RequestedBy { get; set; }
    public required string RequestedRole { get; set; }
    public string? RequestedScope { get; set; }
    public bool DryRun { get; set; }
    public double MaxRejectRate { get; set; }
    /// <summary>Calendar years of the file, comma-separated, once known.</summary>
    public string? Years { get; set; }
    public string? OwnerNode { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? HeartbeatAt { get; set; }
    public bool CancelRequested { get; set; }
    /// <summary>What happened to the job on its way (e.g. « repris par node-b après l'arrêt de node-a »).</summary>
    public string? Note { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public long BytesRead { get; set; }
    public long? TotalBytes { get; set; }
    public long Rows { get; set; }
    public long Rejected { get; set; }
    /// <summary>The summary (<see cref="ActivityImportJobResult"/>) as JSON, once the import has computed it.</summary>
    public string? ResultJson { get; set; }
    /// <summary>Whether a rejects file is staged (downloadable while the job is among the recent ones).</summary>
    public bool HasRejects { get; set; }

    public bool IsFinished => IsFinal(State);

    public static bool IsFinal(ActivityImportJobState s) =>
        s is ActivityImportJobState.Succeeded or ActivityImportJobState.Failed or ActivityImportJobState.Cancelled;

    public ActivityImportJobResult? Result => ResultJson is null ? null : JsonSerializer.Deserialize<ActivityImportJobResult>(ResultJson);

    /// <summary>The job as the pages and the API show it, with its speed and remaining time at <paramref name="now"/>.</summary>
    public ActivityImportJobSnapshot Snapshot(DateTimeOffset now)
    {
        var elapsed = ((FinishedAt ?? now) - (StartedAt ?? now)).TotalSeconds;
        double? rate = StartedAt is null || elapsed <= 0 ? null : Rows / elapsed;
        double? eta = null;
        if (State == ActivityImportJobState.Running && TotalBytes is > 0 && BytesRead > 0 && elapsed > 0)
            eta = Math.Max(0, elapsed * (TotalBytes.Value - BytesRead) / BytesRead);
        double? percent = TotalBytes is > 0 ? Math.Min(100, 100.0 * BytesRead / TotalBytes.Value) : null;
        if (State == ActivityImportJobState.Succeeded) percent = 100;
        return new ActivityImportJobSnapshot(Id, State, Stage, FileName, RequestedBy, DryRun, MaxRejectRate, CreatedAt, StartedAt, FinishedAt,
            BytesRead, TotalBytes, percent, Rows, Rejected, rate, eta, Result, Error, OwnerNode, Attempt, HeartbeatAt, Note, HasRejects);
    }
}

/// <summary>A job as seen at one moment (see <see cref="ActivityImportJob.Snapshot"/>).</summary>
public sealed record ActivityImportJobSnapshot(string Id, ActivityImportJobState State, string Stage, string FileName, string StartedBy,
    bool DryRun, double MaxRejectRate, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    long BytesRead, long? TotalBytes, double? Percent, long Rows, long Rejected, double? RowsPerSecond, double? EtaSeconds,
    ActivityImportJobResult? Result, string? Error, string? OwnerNode, int Attempt, DateTimeOffset? HeartbeatAt, string? Note, bool HasRejects)
{
    public bool IsFinished => ActivityImportJob.IsFinal(State);
}

/// <summary>What an import came to, as stored with its job (the indicators themselves are in <c>activity_indicators</c>).</summary>
public sealed record ActivityImportJobResult
{
    public ActivityImportOutcome Outcome { get; init; }
    public long Rows { get; init; }
    public long Rejected { get; init; }
    public double RejectRate => Rows == 0 ? 0 : (double)Rejected / Rows;
    public double MaxRejectRate { get; init; }
    /// <summary>Reject reason code → rows.</summary>
    public Dictionary<string, long> RejectCounts { get; init; } = [];
    public bool RejectDetailsTruncated { get; init; }
    public List<int> Years { get; init; } = [];
    public Dictionary<int, string?> CampaignByYear { get; init; } = [];
    public int IndicatorRows { get; init; }
    public string Sha256 { get; init; } = "";
    public long DurationMs { get; init; }
    public long? ImportId { get; init; }

    public TimeSpan Duration => TimeSpan.FromMilliseconds(DurationMs);

    /// <summary>The reject reasons with their counts.</summary>
    public IReadOnlyDictionary<ActivityRejectReason, long> RejectsByReason =>
        ActivityRejectReasons.All.Where(r => RejectCounts.ContainsKey(r.Code())).ToDictionary(r => r, r => RejectCounts[r.Code()]);

    public static ActivityImportJobResult From(ActivityImportResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new()
        {
            Outcome = r.Outcome, Rows = r.Rows, Rejected = r.Rejected, MaxRejectRate = r.MaxRejectRate,
            RejectCounts = r.RejectsByReason.ToDictionary(kv => kv.Key.Code(), kv => kv.Value, StringComparer.Ordinal),
            RejectDetailsTruncated = r.RejectDetailsTruncated, Years = [.. r.Years], CampaignByYear = r.CampaignByYear.ToDictionary(),
            IndicatorRows = r.Indicators.Count, Sha256 = r.Sha256, DurationMs = (long)r.Duration.TotalMilliseconds, ImportId = r.ImportId,
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    public string YearsText => string.Join(',', Years.Select(y => y.ToString(CultureInfo.InvariantCulture)));
}
