using System.Globalization;
using System.Text.Json.Serialization;
using Maillage.Domain.Referential;
using Maillage.Domain.Registry;

namespace Maillage.Web.Api.Calculator;

/// <summary>
/// One site report of <c>POST /api/v1/compliance/check</c>: the columns of the reports file
/// (docs/formats/compliance-reports.md), read by the same reader; null or absent = empty cell (missing).
/// </summary>
public sealed record ComplianceReportInput(
    string? SiteId, string? Kind, string? Field, int? Year, int? ActivePatients, int? Consultations, int? DayHospitalStays,
    [property: JsonPropertyName("funded_pi_projects_5y")] int? FundedPiProjects5y,
    string? HeadStatus, string? HeadBirthDate, bool? HeadClinicalActivity, string? Exception,
    bool? BndmrEntry = null, int? MeasuredActivePatients = null)
{
    public IReadOnlyDictionary<string, string?> ToRecord() => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["site_id"] = SiteId, ["kind"] = Kind, ["field"] = Field, ["year"] = Cell(Year),
        ["active_patients"] = Cell(ActivePatients), ["consultations"] = Cell(Consultations), ["day_hospital_stays"] = Cell(DayHospitalStays),
        ["funded_pi_projects_5y"] = Cell(FundedPiProjects5y), ["head_status"] = HeadStatus, ["head_birth_date"] = HeadBirthDate,
        ["head_clinical_activity"] = HeadClinicalActivity is { } b ? (b ? "true" : "false") : null, ["exception"] = Exception,
        ["bndmr_entry"] = BndmrEntry is { } e ? (e ? "true" : "false") : null, ["measured_active_patients"] = Cell(MeasuredActivePatients),
    };

    internal static string? Cell(int? n) => n?.ToString(CultureInfo.InvariantCulture);

    internal static string? Cell(decimal? n) => n?.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>POST /api/v1/compliance/check</c> as JSON. <c>campaign</c> defaults to 2023-2028, <c>as_of</c> (YYYY-MM-DD, the
/// date at which heads' ages are computed) to today. Errors name the report by its 1-based position ("ligne").
/// </summary>
public sealed record ComplianceCheckRequest(string? Campaign, string? AsOf, IReadOnlyList<ComplianceReportInput>? Reports);

/// <summary>One establishment of <c>POST /api/v1/funding/dpi</c> (columns of the DPI file, docs/formats/funding.md).</summary>
public sealed record DpiInput(
    string? Finess, string? Name, bool? DpiKnown, bool? AlreadyFunded, string? Need, int? ReferenceCentresUsingDpi, int? Centres,
    int? ReferenceCentres, int? GhuCount)
{
    public IReadOnlyDictionary<string, string?> ToRecord() => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["finess"] = Finess, ["name"] = Name, ["dpi_known"] = Bool(DpiKnown), ["already_funded"] = Bool(AlreadyFunded), ["need"] = Need,
        ["reference_centres_using_dpi"] = ComplianceReportInput.Cell(ReferenceCentresUsingDpi), ["centres"] = ComplianceReportInput.Cell(Centres),
        ["reference_centres"] = ComplianceReportInput.Cell(ReferenceCentres), ["ghu_count"] = ComplianceReportInput.Cell(GhuCount),
    };

    private static string? Bool(bool? b) => b is { } v ? (v ? "true" : "false") : null;
}

/// <summary><c>POST /api/v1/funding/dpi</c> as JSON.</summary>
public sealed record DpiRequest(IReadOnlyList<DpiInput>? Establishments);

/// <summary>One centre of <c>POST /api/v1/funding/mig</c> (columns of the MIG file, docs/formats/funding.md; every number required).</summary>
public sealed record MigInput(
    string? CentreId, string? Name, decimal? ActivePatients, decimal? Consultations, decimal? FullHospitalStays, decimal? DayHospitalStays,
    decimal? ExpertOpinions, [property: JsonPropertyName("sigaps_points_4y")] decimal? SigapsPoints4y, decimal? DuDiuCoordinated,
    decimal? RcpNationalAttended, decimal? RcpLocalOrganised)
{
    public IReadOnlyDictionary<string, string?> ToRecord() => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["centre_id"] = CentreId, ["name"] = Name, ["active_patients"] = ComplianceReportInput.Cell(ActivePatients),
        ["consultations"] = ComplianceReportInput.Cell(Consultations), ["full_hospital_stays"] = ComplianceReportInput.Cell(FullHospitalStays),
        ["day_hospital_stays"] = ComplianceReportInput.Cell(DayHospitalStays), ["expert_opinions"] = ComplianceReportInput.Cell(ExpertOpinions),
        ["sigaps_points_4y"] = ComplianceReportInput.Cell(SigapsPoints4y), ["du_diu_coordinated"] = ComplianceReportInput.Cell(DuDiuCoordinated),
        ["rcp_national_attended"] = ComplianceReportInput.Cell(RcpNationalAttended), ["rcp_local_organised"] = ComplianceReportInput.Cell(RcpLocalOrganised),
    };
}

/// <summary><c>POST /api/v1/funding/mig</c> as JSON: the envelope in euros (2 decimals at most), the campaign whose weights apply (default 2023-2028), the centres.</summary>
public sealed record MigRequest(string? Campaign, decimal? Envelope, IReadOnlyList<MigInput>? Centres);

/// <summary>A shipped campaign referential.</summary>
public sealed record CampaignDto(string Id, string Label, int FirstYear, int LastYear, int Version);

/// <summary>A rule's source: the document by its public title and date, the section, the exact quote, and the one-line citation.</summary>
public sealed record SourceDto(string Document, string Title, string Date, string Section, string Quote, string Citation)
{
    public static SourceDto From(SourceRef s) => new(s.Document.Id, s.Document.Title, s.Document.Date, s.Section, s.Quote, s.Citation);
}

public sealed record ThresholdDto(string Id, string Kind, string? Field, string Criterion, int Minimum, string Reading, SourceDto Source);

public sealed record FloorDto(string Id, int Minimum, string Reading, SourceDto Source);

public sealed record ExceptionDto(string Id, string Code, IReadOnlyList<string> Kinds, IReadOnlyList<string>? Fields, IReadOnlyList<string> Criteria, string Reading, SourceDto Source);

public sealed record HeadStatusDto(string Id, IReadOnlyList<string> Eligible, IReadOnlyList<string>? Kinds, string Reading, SourceDto Source);

public sealed record HeadAgeDto(string Id, int FromAge, IReadOnlyList<string>? Kinds, string Requirement, string Reading, SourceDto Source);

public sealed record NotApplicableDto(string Id, string Criterion, string Reading, SourceDto Source);

/// <summary>A day of year N+1 (month, day).</summary>
public sealed record DayOfNextYearDto(int Month, int Day);

/// <summary>
/// The campaign's yearly calendar: the BaMaRa data-entry cutoff for year N's data, and the PIRAMIG reporting window on
/// year N (a submission after <c>report_window_closes</c> is accepted with a warning).
/// </summary>
public sealed record ReportingDto(string Id, DayOfNextYearDto DataEntryCutoff, DayOfNextYearDto ReportWindowOpens, DayOfNextYearDto ReportWindowCloses,
    string Reading, SourceDto Source);

/// <summary>An obligation checked as a criterion when its input is known (<c>bndmr</c>, <c>verified_active_patients</c>).</summary>
public sealed record ObligationDto(string Id, string Criterion, string Reading, SourceDto Source);

public sealed record IndicatorDto(string Indicator, string Counting, IReadOnlyList<string> Contexts);

public sealed record MigIndicatorDto(
    string Id, string Block, decimal BlockWeightPct, string Label, IReadOnlyList<string> Inputs, decimal WeightPct, string Scoring,
    IReadOnlyList<int> QuartilePoints, string PiramigQuestions, string Reading, SourceDto Source);

/// <summary>A campaign referential, every rule with its id and source (<c>GET /api/v1/referentials/{campaign}</c>).</summary>
public sealed record ReferentialDto(
    CampaignDto Campaign, IReadOnlyList<ThresholdDto> Thresholds, FloorDto Floor, IReadOnlyList<ExceptionDto> Exceptions, HeadStatusDto HeadStatus,
    IReadOnlyList<HeadAgeDto> HeadAge, IReadOnlyList<NotApplicableDto> NotApplicable, ReportingDto Reporting, IReadOnlyList<IndicatorDto> Indicators,
    IReadOnlyList<MigIndicatorDto> Mig, IReadOnlyList<ObligationDto> Obligations)
{
    public static CampaignDto CampaignOf(Referential r) => new(r.CampaignId, r.Label, r.FirstYear, r.LastYear, r.Version);

    public static ReferentialDto From(Referential r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(CampaignOf(r),
            r.Thresholds.Select(t => new ThresholdDto(t.Id, t.Kind.Code(), t.Field?.Code(), t.Criterion.Code(), t.Minimum, t.Reading, SourceDto.From(t.Source))).ToList(),
            new FloorDto(r.Floor.Id, r.Floor.Minimum, r.Floor.Reading, SourceDto.From(r.Floor.Source)),
            r.Exceptions.Select(e => new ExceptionDto(e.Id, e.Code.Code(), e.Kinds.Select(k => k.Code()).ToList(), e.Fields?.Select(f => f.Code()).ToList(),
                e.Criteria.Select(c => c.Code()).ToList(), e.Reading, SourceDto.From(e.Source))).ToList(),
            new HeadStatusDto(r.HeadStatus.Id, r.HeadStatus.Eligible.Select(s => s.Code()).ToList(), r.HeadStatus.Kinds?.Select(k => k.Code()).ToList(),
                r.HeadStatus.Reading, SourceDto.From(r.HeadStatus.Source)),
            r.HeadAge.Select(a => new HeadAgeDto(a.Id, a.FromAge, a.Kinds?.Select(k => k.Code()).ToList(),
                a.Requirement == HeadAgeRequirement.MayNotHead ? "may_not_head" : "keep_clinical_activity", a.Reading, SourceDto.From(a.Source))).ToList(),
            r.NotApplicable.Select(n => new NotApplicableDto(n.Id, n.Criterion.Code(), n.Reading, SourceDto.From(n.Source))).ToList(),
            new ReportingDto(r.Reporting.Id, Day(r.Reporting.DataEntryCutoff), Day(r.Reporting.WindowOpens), Day(r.Reporting.WindowCloses),
                r.Reporting.Reading, SourceDto.From(r.Reporting.Source)),
            r.Indicators.Select(i => new IndicatorDto(i.Indicator, i.Counting, i.Contexts)).ToList(),
            r.Mig.Select(m => new MigIndicatorDto(m.Id, m.Block, m.BlockWeightPct, m.Label, m.Inputs, m.WeightPct,
                m.Scoring.ToString().ToLowerInvariant(), m.QuartilePoints, m.PiramigQuestions, m.Reading, SourceDto.From(m.Source))).ToList(),
            new (ObligationRule? Rule, Criterion Criterion)[] { (r.Bndmr, Criterion.Bndmr), (r.VerifiedActivePatients, Criterion.VerifiedActivePatients) }
                .Where(o => o.Rule is not null)
                .Select(o => new ObligationDto(o.Rule!.Id, o.Criterion.Code(), o.Rule.Reading, SourceDto.From(o.Rule.Source))).ToList());
    }

    private static DayOfNextYearDto Day(DayOfNextYear d) => new(d.Month, d.Day);
}
