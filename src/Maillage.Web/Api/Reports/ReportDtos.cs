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
    int Version, string DataEntryCutoff, string ReportWindowOpens, bool SubmittedLate, IReadOnlyList<string> Warnings);

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

/// <summary>Query of <c>GET /reports</c>.</summary>
public sealed record ReportListFilter(
    [FromQuery(Name = "year")] int? Year,
    [FromQuery(Name = "filiere")] string? Filiere,
    [FromQuery(Name = "region")] string? Region,
    [FromQuery(Name = "establishment")] string? Establishment,
    [FromQuery(Name = "centre_id")] string? CentreId,
    [FromQuery(Name = "status")] string? Status);

/// <summary>Query of <c>GET /reports/export</c>: <c>format=csv</c> (default) or <c>xlsx</c>.</summary>
public sealed record ReportExportFilter(
    [FromQuery(Name = "format")] string? Format,
    [FromQuery(Name = "year")] int? Year,
    [FromQuery(Name = "filiere")] string? Filiere,
    [FromQuery(Name = "region")] string? Region,
    [FromQuery(Name = "establishment")] string? Establishment);

/// <summary>Query of <c>GET /compliance/dashboard</c>.</summary>
public sealed record DashboardFilter(
    [FromQuery(Name = "year")] int? Year,
    [FromQuery(Name = "filiere")] string? Filiere,
    [FromQuery(Name = "region")] string? Region,
    [FromQuery(Name = "network")] string? Network);

/// <summary>Query of <c>GET /compliance/dashboard/export</c>: <c>format=csv</c> (default) or <c>xlsx</c>.</summary>
public sealed record DashboardExportFilter(
    [FromQuery(Name = "format")] string? Format,
    [FromQuery(Name = "year")] int? Year,
    [FromQuery(Name = "filiere")] string? Filiere,
    [FromQuery(Name = "region")] string? Region);
