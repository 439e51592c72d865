using System.Text.Json.Serialization;
using Maillage.Core.Features.Registry;
using Maillage.Core.Features.Reports;
using Maillage.Domain.Reports;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Reports;

public sealed record ReportFieldsDto(
    int? ActivePatients, int? Consultations, int? DayHospitalStays, int? FullHospitalStays, int? ExpertOpinions, int? RcpOrganised,
    int? RcpAttended, int? EtpProgrammes, int? PndsWritten, int? PndsUpdated, int? TeleExpertise, bool? BndmrEntry,
    IReadOnlyList<Publication>? Publications, IReadOnlyList<ResearchProject>? ResearchProjects, [property: JsonPropertyName("sigaps_points_4y")] int? SigapsPoints4y,
    int? DuDiuCoordinated, string? OtherTeaching, int? AssociationConventions, bool? ActionPlanRevised, string? ClaimedException,
    string? ExceptionJustification)
{
    public ReportInput ToInput() => new()
    {
        ActivePatients = ActivePatients, Consultations = Consultations, DayHospitalStays = DayHospitalStays, FullHospitalStays = FullHospitalStays,
        ExpertOpinions = ExpertOpinions, RcpOrganised = RcpOrganised, RcpAttended = RcpAttended, EtpProgrammes = EtpProgrammes,
        PndsWritten = PndsWritten, PndsUpdated = PndsUpdated, TeleExpertise = TeleExpertise, BndmrEntry = BndmrEntry, Publications = Publications,
        ResearchProjects = ResearchProjects, SigapsPoints4y = SigapsPoints4y, DuDiuCoordinated = DuDiuCoordinated, OtherTeaching = OtherTeaching,
        AssociationConventions = AssociationConventions, ActionPlanRevised = ActionPlanRevised, ClaimedException = ClaimedException,
        ExceptionJustification = ExceptionJustification,
    };

    public static ReportFieldsDto From(ReportInput i) => new(i.ActivePatients, i.Consultations, i.DayHospitalStays, i.FullHospitalStays,
        i.ExpertOpinions, i.RcpOrganised, i.RcpAttended, i.EtpProgrammes, i.PndsWritten, i.PndsUpdated, i.TeleExpertise, i.BndmrEntry,
        i.Publications, i.ResearchProjects, i.SigapsPoints4y, i.DuDiuCoordinated, i.OtherTeaching, i.AssociationConventions,
        i.ActionPlanRevised, i.ClaimedException, i.ExceptionJustification);
}

/// <summary>Declared vs measured; <c>flagged</c> when |declared − measured| / measured &gt; 0.10 (any non-zero declared figure when measured is 0).</summary>
public sealed record ComparisonDto(string Field, string Label, int? Declared, int? Measured, decimal? GapPercent, bool Flagged)
{
    public static ComparisonDto From(ActivityComparison c) => new(c.Field, c.Label, c.Declared, c.Measured, c.GapPercent, c.Flagged);
}

public sealed record ReportExceptionDto(string? Claimed, string? Justification, bool Accepted, string? AcceptedBy, DateTimeOffset? AcceptedAt, string? DecisionNote);

public sealed record ComplianceResultDto(string CentreId, int Year, string? Verdict, DateTimeOffset? EvaluatedAt, string AsOf, IReadOnlyList<StoredFinding> Findings, ReportExceptionDto Exception);

/// <summary>
/// An annual report. Calendar: <c>deadline</c> is the last day of the campaign's reporting window (PIRAMIG), opened on
/// <c>report_window_opens</c>; <c>data_entry_cutoff</c> is the last day of BaMaRa data entry for the year's data.
/// A late submission is accepted: <c>submitted_late</c> and <c>warnings</c> say so (the ministry decides).
/// </summary>
public sealed record ReportDto(
    string CentreId, string CentreName, string Kind, string? Field, int Year, string Campaign, string Status, bool Saved, string Deadline,
    bool DeadlinePassed, ReportFieldsDto Fields, [property: JsonPropertyName("funded_pi_projects_5y")] int? FundedPiProjects5y, IReadOnlyList<ComparisonDto> Comparison, bool MeasuredActivity,
    string? Verdict, IReadOnlyList<StoredFinding> Findings, ReportExceptionDto Exception, IReadOnlyList<string> AllowedActions,
    string? UpdatedBy, DateTimeOffset? UpdatedAt, string? SubmittedBy, DateTimeOffset? SubmittedAt, string? ValidatedBy, DateTimeOffset? ValidatedAt,
    string? TransmittedBy, DateTimeOffset? TransmittedAt, string? ReopenedBy, DateTimeOffset? ReopenedAt, string? LastReason, bool Fictitious,
    int Version, string DataEntryCutoff, string ReportWindowOpens, bool SubmittedLate, IReadOnlyList<string> Warnings,
    IReadOnlyList<FieldWarningDto> FieldWarnings, IReadOnlyDictionary<string, string> RawFields, ChecklistDto Checklist);

/// <summary>
/// A field to correct in a draft: its path (<c>active_patients</c>, <c>publications[2].doi</c>) and the French message. The
/// draft was saved; a value kept as typed is in <c>raw_fields</c> under the same path. (<c>warnings</c>, older, holds the
/// calendar's warnings.)
/// </summary>
public sealed record FieldWarningDto(string Field, string Message);

/// <summary>One line of the completeness checklist: <c>state</c> is complete, missing or invalid.</summary>
public sealed record ChecklistItemDto(string Section, string Field, string Label, string State, string? Message);

/// <summary>The completeness checklist a submission must pass (every item complete).</summary>
public sealed record ChecklistDto(bool Complete, IReadOnlyList<ChecklistItemDto> Items)
{
    public static ChecklistDto From(ReportChecklist c) => new(c.Complete,
        c.Items.Select(i => new ChecklistItemDto(i.Section, i.Field, i.Label, ReportChecklist.States.Code(i.State), i.Message)).ToList());
}

public sealed record ReportRowDto(string CentreId, string CentreName, string Kind, int Year, string Status, string? Verdict, string Establishment,
    string EstablishmentName, string? Region, IReadOnlyList<string> Filieres, DateTimeOffset UpdatedAt, bool Fictitious)
{
    public static ReportRowDto From(ReportRow r) => new(r.CentreId, r.CentreName, r.Kind, r.Year, r.Status.Code(), r.Verdict, r.Establishment,
        r.EstablishmentName, r.Region, r.Filieres, r.UpdatedAt, r.Fictitious);
}

public sealed record TransitionInput(string Action, string? Reason);

public sealed record ExceptionDecisionInput(bool Accept, string? Note);

public sealed record DashboardDto(int? Year, IReadOnlyList<VerdictCount> Trend, IReadOnlyList<GroupCount> ByFiliere, IReadOnlyList<GroupCount> ByRegion,
    IReadOnlyList<ReportRowDto> NonCompliant, IReadOnlyList<ReportRowDto> InsufficientActivity, IReadOnlyList<GroupCount> ByNetwork);

public sealed record ReportImportDto(bool Applied, int Rows, int Created, int Updated, int Unchanged, IReadOnlyList<ImportErrorDto> Errors)
{
    public static ReportImportDto From(ReportImportResult r) => new(r.Ok, r.Rows, r.Created, r.Updated, r.Unchanged,
        r.Errors.Select(e => new ImportErrorDto(e.File, e.Line, e.Field, e.Message)).ToList());
}

/// <summary>Query of <c>GET /reports</c>: filters, <c>type</c> (site type code), <c>q</c> (centre or establishment name, centre
/// id), <c>sort</c> (year, centre, establishment, region, status) and <c>order</c> (asc, desc), <c>page</c> from 1 and
/// <c>page_size</c> (50 by default, at most 1,000: a larger one is clamped).</summary>
public sealed record ReportListFilter : Maillage.Web.Api.Registry.IPagedQuery
{
    [FromQuery(Name = "year")] public int? Year { get; init; }
    [FromQuery(Name = "filiere")] public string? Filiere { get; init; }
    [FromQuery(Name = "region")] public string? Region { get; init; }
    [FromQuery(Name = "establishment")] public string? Establishment { get; init; }
    [FromQuery(Name = "centre_id")] public string? CentreId { get; init; }
    [FromQuery(Name = "status")] public string? Status { get; init; }
    [FromQuery(Name = "type")] public string? Type { get; init; }
    [FromQuery(Name = "q")] public string? Q { get; init; }
    [FromQuery(Name = "sort")] public string? Sort { get; init; }
    [FromQuery(Name = "order")] public string? Order { get; init; }
    [FromQuery(Name = "page")] public int? Page { get; init; }
    [FromQuery(Name = "page_size")] public int? PageSize { get; init; }
}

/// <summary>Query of <c>GET /reports/export</c>: <c>format=csv</c> (default) or <c>xlsx</c>.</summary>
public sealed record ReportExportFilter
{
    [FromQuery(Name = "format")] public string? Format { get; init; }
    [FromQuery(Name = "year")] public int? Year { get; init; }
    [FromQuery(Name = "filiere")] public string? Filiere { get; init; }
    [FromQuery(Name = "region")] public string? Region { get; init; }
    [FromQuery(Name = "establishment")] public string? Establishment { get; init; }
}

/// <summary>Query of <c>GET /compliance/dashboard</c>.</summary>
public sealed record DashboardFilter
{
    [FromQuery(Name = "year")] public int? Year { get; init; }
    [FromQuery(Name = "filiere")] public string? Filiere { get; init; }
    [FromQuery(Name = "region")] public string? Region { get; init; }
    [FromQuery(Name = "network")] public string? Network { get; init; }
}

/// <summary>Query of <c>GET /compliance/dashboard/export</c>: <c>format=csv</c> (default) or <c>xlsx</c>.</summary>
public sealed record DashboardExportFilter
{
    [FromQuery(Name = "format")] public string? Format { get; init; }
    [FromQuery(Name = "year")] public int? Year { get; init; }
    [FromQuery(Name = "filiere")] public string? Filiere { get; init; }
    [FromQuery(Name = "region")] public string? Region { get; init; }
}

// Campaign tracking (docs/campaign-tracking.md).

/// <summary>Query of <c>GET /reports/campaign</c>: <c>year</c> (default: the latest campaign whose window opened), <c>region</c>
/// (the ministry; an agency's is its own), <c>filiere</c>, <c>state</c> (not_started, draft, submitted, validated,
/// transmitted), <c>late</c> (true: late ones only), <c>q</c> (centre or establishment name), <c>page</c>, <c>page_size</c>
/// (100 by default, at most 1,000: clamped).</summary>
public sealed record CampaignFilter
{
    [FromQuery(Name = "year")] public int? Year { get; init; }
    [FromQuery(Name = "region")] public string? Region { get; init; }
    [FromQuery(Name = "filiere")] public string? Filiere { get; init; }
    [FromQuery(Name = "state")] public string? State { get; init; }
    [FromQuery(Name = "late")] public bool? Late { get; init; }
    [FromQuery(Name = "q")] public string? Q { get; init; }
    [FromQuery(Name = "page")] public int? Page { get; init; }
    [FromQuery(Name = "page_size")] public int? PageSize { get; init; }
}

public sealed record CampaignCountsDto(int Expected, int NotStarted, int Draft, int Submitted, int Validated, int Transmitted, int HaveSubmitted, int HaveValidated)
{
    public static CampaignCountsDto From(CampaignCounts c) => new(c.Expected, c.NotStarted, c.Draft, c.Submitted, c.Validated, c.Transmitted, c.HaveSubmitted, c.HaveValidated);
}

/// <summary>N-1 two ways: <c>at_same_point</c> (its states on <c>same_point_as_of</c>, one year before today) and <c>final</c> (its states today;
/// <c>final_is_closed</c> once its reporting window has closed).</summary>
public sealed record CampaignComparisonDto(int Year, string SamePointAsOf, CampaignCountsDto AtSamePoint, CampaignCountsDto Final, bool FinalIsClosed);

public sealed record CampaignCentreDto(string CentreId, string CentreName, string Kind, string EstablishmentName, string? Region, string? RegionName,
    IReadOnlyList<string> Filieres, string State, DateTimeOffset? SubmittedAt, DateTimeOffset? ValidatedAt, DateTimeOffset? TransmittedAt,
    bool Late, bool SubmittedLate, int Reminders, DateTimeOffset? LastReminderAt, bool RemindedToday)
{
    public static CampaignCentreDto From(CampaignCentre c) => new(c.CentreId, c.CentreName, c.Kind, c.EstablishmentName, c.RegionCode, c.RegionName, c.Filieres,
        c.State.Code(), c.SubmittedAt, c.ValidatedAt, c.TransmittedAt, c.Late, c.SubmittedLate, c.Reminders, c.LastReminderAt, c.RemindedToday);
}

/// <summary>A campaign's tracking: calendar, counts, late ones, N-1, and one page of the centres.</summary>
public sealed record CampaignDto(int Year, string Campaign, string WindowOpens, string Deadline, bool DeadlinePassed, string? Region, string? RegionName,
    string? Filiere, CampaignCountsDto Counts, int LateNotSubmitted, int SubmittedLate, int RemindedToday, CampaignComparisonDto? Previous,
    PageDto<CampaignCentreDto> Centres);

/// <summary>Body of <c>POST /reports/campaign/reminders</c>: the year, and the centres to remind (absent: every centre not yet submitted in
/// the caller's scope; at most 5,000). <c>region</c>: the ministry may narrow the reminder to a region.</summary>
public sealed record ReminderInput(int Year, IReadOnlyList<string>? CentreIds, string? Region);

public sealed record ReminderOutcomeDto(string CentreId, string? CentreName, bool Sent, int Addresses, string? Skipped);

public sealed record ReminderResultDto(int Year, int Sent, int Skipped, IReadOnlyList<ReminderOutcomeDto> Outcomes);
