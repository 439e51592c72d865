using Maillage.Core.Features.Activity;
using Maillage.Core.Features.Activity.Jobs;
using Maillage.Domain.Activity;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Activity;

public sealed record ActivityImportDto(long Id, DateTimeOffset ImportedAt, string ImportedBy, string FileName, string Sha256, long SizeBytes,
    long Rows, long RejectedRows, string RejectsByReason, string Years, int IndicatorRows, long DurationMs)
{
    public static ActivityImportDto From(ActivityImportRecord r) => new(r.Id, r.ImportedAt, r.ImportedBy, r.FileName, r.Sha256, r.SizeBytes,
        r.Rows, r.RejectedRows, r.RejectsByReason, r.Years, r.IndicatorRows, r.DurationMs);
}

/// <summary>A reject reason of an import and how many rows it rejected.</summary>
public sealed record ActivityRejectCountDto(string Reason, string Message, long Count);

/// <summary>What an import came to: applied, dry run or refused (too many rejects), with the counts and reject reasons.</summary>
public sealed record ActivityImportSummaryDto(ActivityImportOutcome Outcome, long Rows, long Rejected, double RejectRate, double? MaxRejectRate,
    IReadOnlyList<ActivityRejectCountDto> RejectsByReason, bool RejectDetailsTruncated, IReadOnlyList<int> Years,
    IReadOnlyDictionary<string, string?>? CampaignByYear, int IndicatorRows, string Sha256, long DurationMs, long? ImportId)
{
    private static List<ActivityRejectCountDto> Reasons(IEnumerable<KeyValuePair<ActivityRejectReason, long>> counts) =>
        counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => new ActivityRejectCountDto(kv.Key.Code(), kv.Key.Message(), kv.Value)).ToList();

    public static ActivityImportSummaryDto From(ActivityImportJobResult r) => new(r.Outcome, r.Rows, r.Rejected, r.RejectRate, r.MaxRejectRate,
        Reasons(r.RejectsByReason), r.RejectDetailsTruncated, r.Years,
        r.CampaignByYear.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value, StringComparer.Ordinal),
        r.IndicatorRows, r.Sha256, r.DurationMs, r.ImportId);

    /// <summary>The summary of an applied import from its log record (the reject reasons stored as JSON codes).</summary>
    public static ActivityImportSummaryDto From(ActivityImportRecord r)
    {
        var stored = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, long>>(r.RejectsByReason) ?? [];
        var counts = ActivityRejectReasons.All.Where(x => stored.ContainsKey(x.Code())).Select(x => KeyValuePair.Create(x, stored[x.Code()]));
        var years = r.Years.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(y => int.Parse(y, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return new(ActivityImportOutcome.Applied, r.Rows, r.RejectedRows, r.Rows == 0 ? 0 : (double)r.RejectedRows / r.Rows, null, Reasons(counts), false,
            years, null, r.IndicatorRows, r.Sha256, r.DurationMs, r.Id);
    }
}

/// <summary>
/// An import job (<c>POST /api/v1/activity/imports</c>) and its progress: bytes read of the file, rows, rejects so far,
/// rows per second, estimated seconds left; when finished, the summary (or the error); which node runs it (owner_node),
/// which attempt, its last heartbeat and what happened on the way (note: a takeover by another node). Never any row content.
/// </summary>
public sealed record ActivityImportJobDto(string Id, ActivityImportJobState State, string Stage, string FileName, string StartedBy, bool DryRun,
    double? MaxRejectRate, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, long BytesRead, long? TotalBytes,
    double? Percent, long Rows, long Rejected, double? RowsPerSecond, double? EtaSeconds, ActivityImportSummaryDto? Summary, string? Error,
    string? RejectsUrl, string? OwnerNode = null, int Attempt = 0, DateTimeOffset? HeartbeatAt = null, string? Note = null)
{
    public static ActivityImportJobDto From(ActivityImportJobSnapshot j) => new(j.Id, j.State, j.Stage, j.FileName, j.StartedBy,
        j.DryRun, j.MaxRejectRate, j.CreatedAt, j.StartedAt, j.FinishedAt, j.BytesRead, j.TotalBytes, j.Percent is { } p ? Math.Round(p, 1) : null,
        j.Rows, j.Rejected, j.RowsPerSecond is { } r ? Math.Round(r) : null, j.EtaSeconds is { } e ? Math.Round(e, 1) : null,
        j.Result is null ? null : ActivityImportSummaryDto.From(j.Result), j.Error,
        j.HasRejects ? $"{Routes.Api.Activity}/imports/{j.Id}/rejects" : null, j.OwnerNode, j.Attempt, j.HeartbeatAt, j.Note);

    /// <summary>A finished import known from the log only (its job is gone, e.g. after a restart, or it ran from the CLI).</summary>
    public static ActivityImportJobDto From(ActivityImportRecord r) => new(r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ActivityImportJobState.Succeeded, "terminé", r.FileName, r.ImportedBy, false, null, r.ImportedAt, r.ImportedAt, r.ImportedAt.AddMilliseconds(r.DurationMs),
        r.SizeBytes, r.SizeBytes, 100, r.Rows, r.RejectedRows, r.DurationMs > 0 ? Math.Round(r.Rows * 1000.0 / r.DurationMs) : null, null,
        ActivityImportSummaryDto.From(r), null, null);
}

/// <summary>Query of <c>GET /activity/indicators</c>: the year (required) and, optionally, one centre.</summary>
public sealed record IndicatorQuery
{
    [FromQuery(Name = "year")] public int Year { get; init; }
    [FromQuery(Name = "centre_id")] public string? CentreId { get; init; }
}

/// <summary>Query of <c>GET /activity/imports</c>: how many of the latest imports (100 by default).</summary>
public sealed record ImportLogQuery
{
    [FromQuery(Name = "take")] public int? Take { get; init; }
}

/// <summary>Query of <c>POST /activity/imports</c>.</summary>
public sealed record StartImportQuery
{
    [FromQuery(Name = "dry_run")] public bool? DryRun { get; init; }
    [FromQuery(Name = "max_reject_rate")] public double? MaxRejectRate { get; init; }
    [FromQuery(Name = "file_name")] public string? FileName { get; init; }
}
