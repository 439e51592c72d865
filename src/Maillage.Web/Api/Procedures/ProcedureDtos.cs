using Maillage.Core.Features.Procedures;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Procedures;

// JSON shapes of the procedures, calls and platforms APIs (snake_case).

// ------------------------------------------------------------------ dossiers

public sealed record SuccessorBody(string? PersonId, string? Title, string? FirstName, string? LastName, string? Rpps, string? Email, string? Status,
    DateOnly? BirthDate, bool? ClinicalActivity, string? Finess)
{
    public SuccessorInput ToInput()
    {
        // An unknown status stays null; the endpoint answers 400 for it.
        ApiResults.TryEnum<HeadStatus>(Status, "successor.status", out var status, out _);
        return new SuccessorInput(PersonId, Title, FirstName, LastName, Rpps, Email, status, BirthDate, ClinicalActivity, Finess);
    }
}

public sealed record OpenDossierInput(string Kind, string? CentreId, string? Filiere, string? ReceivingFiness, SuccessorBody? Successor, DateOnly? EffectiveDate, DateOnly? Deadline);
public sealed record SectionInput(string? Text);
/// <summary>An opinion; <see cref="MeetingId"/>: for the governance committee's opinion only, the committee's meeting that gave it.</summary>
public sealed record OpinionInput(string Value, string? Reasons, string? AlternativeCandidate, int? MeetingId = null);
public sealed record DossierTransitionInput(string Action, string? Note, string? Opinion);

public sealed record DossierSummaryDto(string Id, string Kind, string State, string StateLabel, string Title, string? CentreId, string? Filiere,
    DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, DateOnly? Deadline)
{
    public static DossierSummaryDto From(Dossier d) => new(d.Id, d.Kind.Code(), d.State.Code(), d.State.Label(), d.Title, d.CentreId, d.FiliereAcronym,
        d.CreatedAt, d.SubmittedAt, d.DecidedAt, d.Deadline);
}

public sealed record SuccessorDto(string? PersonId, string? Name, string? Rpps, HeadStatus? Status, DateOnly? BirthDate, bool? ClinicalActivity);
public sealed record SectionDto(string Key, string Label, bool Required, string? Text);
public sealed record DocumentDto(int Id, string FileName, long Size, string Sha256, int? PageCount, string UploadedBy, DateTimeOffset UploadedAt);
/// <summary>An opinion given; <see cref="MeetingId"/> and <see cref="MeetingDate"/>: the governance committee's meeting that gave it.</summary>
public sealed record OpinionDto(string Value, string? Reasons, string? AlternativeCandidate, string GivenBy, DateTimeOffset GivenAt, int? MeetingId = null, DateOnly? MeetingDate = null);
public sealed record DossierItemDto(string Id, int Number, string Label, string Type, string Party, string? TargetId, string? TargetLabel, bool Required,
    bool Provided, bool CanProvide, DocumentDto? Document, OpinionDto? Opinion);
public sealed record GapDto(string Item, string Message);
public sealed record EligibilityCheckDto(string Rule, bool Passed, string Message, string Source);
public sealed record EligibilityDto(bool Eligible, IReadOnlyList<EligibilityCheckDto> Checks);
public sealed record DossierEventDto(DateTimeOffset At, string User, string Action, string? From, string? To, string? Note);
public sealed record DossierDto(string Id, string Kind, string State, string StateLabel, string Title, string? CentreId, string? Filiere, string SeatFiness,
    string? OtherFiness, string? OutgoingPersonId, SuccessorDto Successor, DateOnly? EffectiveDate, DateOnly? Deadline, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt, string? CommitteeOpinion, string? CommitteeReasons, DateTimeOffset? DecidedAt, string? DecisionText, string? ReturnReason,
    DateOnly? MandateFrom, DateOnly? MandateTo, int? ListYear, IReadOnlyList<SectionDto> Sections, IReadOnlyList<DossierItemDto> Items,
    IReadOnlyList<GapDto> Gaps, EligibilityDto? Eligibility, IReadOnlyList<string> AllowedActions, bool IsAuthor, IReadOnlyList<DossierEventDto> History,
    string? CallId, string? NetworkId, IReadOnlyList<ApplicationSiteDto>? Sites, IReadOnlyList<AssignmentDto>? Jury, PlatformProjectDto? Platform,
    int Version);
public sealed record ApplicationSiteDto(string CentreId, string Name, string Role, string RoleLabel, string Finess, int Heads, string? Decision, string? Reservations,
    bool KeepsCompetenceLabel);
public sealed record AssignmentDto(int MemberId, string Member, string Seat, int? Score, string? Recommendation, string? Comments, DateTimeOffset? ReviewedAt);
public sealed record TaskDto(string DossierId, string DossierTitle, string? ItemId, string What, DateOnly? Deadline, string Link);
public sealed record NotificationDto(int Id, string? DossierId, string Reason, string Recipient, string Subject, string Body, DateTimeOffset CreatedAt);

// ------------------------------------------------------------------ calls and juries

public sealed record CallBody(string? Kind, string? Title, string? Description, DateOnly? OpensOn, DateOnly? Deadline, DateOnly? JurySessionOn,
    string? ReferentialCampaign, string? PeriodId, DateOnly? PeriodStart, DateOnly? PeriodEnd);
public sealed record JuryMemberBody(string? UserName, string? DisplayName, string? Seat, bool? IsChair, string? Finess, string? Filiere, string? Email);
public sealed record DeclarationBody(string? Declaration, bool? SignEthicsCharter);
public sealed record LabellingApplicationBody(string? NetworkId);
public sealed record SiteBody(string? Role);
public sealed record AssignBody(int MemberId);
public sealed record ReviewBody(int? Score, string? Recommendation, string? Comments);
public sealed record SiteDecisionBody(string? Decision, string? Reservations);

public sealed record CallSummaryDto(string Id, string Kind, string Title, DateOnly OpensOn, DateOnly Deadline, string Status, string StatusLabel, string? PeriodId)
{
    public static CallSummaryDto From(Call c, string status) => new(c.Id, c.Kind.Code(), c.Title, c.OpensOn, c.Deadline, status, CallService.StatusLabel(status), c.PeriodId);
}

public sealed record JuryMemberDto(int Id, string UserName, string DisplayName, string Seat, string SeatLabel, bool IsChair, string? Finess, string? Filiere,
    DateTimeOffset? DeclaredAt, DateTimeOffset? EthicsCharterSignedAt, string? Declaration);
public sealed record CallDto(string Id, string Kind, string KindLabel, string Title, string? Description, DateOnly OpensOn, DateOnly Deadline, DateOnly? JurySessionOn,
    string? ReferentialCampaign, string? PeriodId, DateOnly? PeriodStart, DateOnly? PeriodEnd, string Status, string StatusLabel, DateTimeOffset? PublishedAt,
    IReadOnlyList<string> Seats, IReadOnlyList<JuryMemberDto> Jury, IReadOnlyList<string>? JuryReadinessProblems, IReadOnlyList<DossierSummaryDto>? Dossiers,
    IReadOnlyList<TemplateEntryDto>? DossierTemplate);
/// <summary>One entry of the dossier template a call publishes.</summary>
public sealed record TemplateEntryDto(string Key, string Label, string Type, string Provider, string Source);
public sealed record PublicationDto(string CallId, string PeriodId, int ListYear, int Labels, int SuccessorCentres, int ClosedCentres, int Mandates, string ListPdf, string ListCsv);
public sealed record StructuralCheckDto(string Rule, string? CentreId, bool Passed, bool Blocking, string Message, string Source);
public sealed record PreviewFindingDto(string Rule, string Criterion, string Status, string? Expected, string? Actual, string Message, string Source);
public sealed record SitePreviewDto(string CentreId, string CentreName, int? Year, string? Verdict, string? Note, IReadOnlyList<PreviewFindingDto> Findings);
public sealed record ApplicationChecksDto(IReadOnlyList<StructuralCheckDto> Structure, IReadOnlyList<SitePreviewDto> CompliancePreview);

// ------------------------------------------------------------------ expertise platforms

public sealed record PlatformRecruitBody(string? Function, string? JobTitle, decimal? Fte, decimal? YearlyCost);

public sealed record PlatformProjectBody(string? Name, string? HostFiness, IReadOnlyList<string>? OtherEstablishments, IReadOnlyList<string>? Centres,
    IReadOnlyList<PlatformRecruitBody>? Recruits)
{
    public PlatformProjectInput ToInput() => new(Name, HostFiness, OtherEstablishments, Centres,
        Recruits?.Select(r => new RecruitInput(r.Function, r.JobTitle, r.Fte, r.YearlyCost)).ToList());
}

public sealed record PlatformCreditDelegationBody(DateOnly? DelegatedOn, string? Reference);
public sealed record PlatformIndicatorBody(string? Key, string? Label, int? Count, string? Text);
public sealed record PlatformIndicatorsBody(IReadOnlyList<PlatformIndicatorBody>? Indicators);
public sealed record PlatformRenewalBody(bool? Renewed, string? Reasons);

public sealed record PlatformEstablishmentDto(string Finess, string Name);
public sealed record PlatformCentreDto(string Id, string Name, CentreKind Kind, SiteRole? Role, string Finess, string? EstablishmentName, string? Filiere,
    bool CountsTowardsThreshold, bool Closed)
{
    public static PlatformCentreDto From(PlatformCentreView c) => new(c.Id, c.Name, c.Kind, c.Role, c.Finess, c.EstablishmentName, c.Filiere, c.CountsTowardsThreshold, c.Closed);
}
public sealed record PlatformRecruitDto(string Function, string FunctionLabel, string? JobTitle, decimal Fte, decimal YearlyCost);
/// <summary>The PEMR model's result for the project's count (a preview before the decision), and the credits granted by year once decided.</summary>
public sealed record PlatformFundingDto(int CentreCount, bool Eligible, int Tranche, decimal AmountPerYear, int Years, decimal Total, bool Decided,
    decimal? Year1, decimal? Year2, IReadOnlyList<string> Explanation);
public sealed record PlatformCheckpointDto(DateOnly? Due, DateOnly? RecordedOn, string? RecordedBy, string? Report, bool? Late, int? DocumentId);
public sealed record PlatformIndicatorDto(string Key, string Label, bool Mandatory, int? Count, string? Text);
public sealed record PlatformIndicatorReportDto(int OperatingYear, DateOnly Due, DateOnly? SubmittedOn, string? SubmittedBy, bool Late, IReadOnlyList<PlatformIndicatorDto> Indicators);
public sealed record PlatformRenewalDto(bool? Renewed, string? Reasons, DateTimeOffset? DecidedAt, string? DecidedBy);
public sealed record PlatformIndicatorDefinitionDto(string Key, string Label, string Type, bool Mandatory);
public sealed record PlatformProjectDto(string Name, string HostFiness, string HostName, string? CallId, string? PlatformId,
    IReadOnlyList<PlatformEstablishmentDto> OtherEstablishments, IReadOnlyList<PlatformCentreDto> Centres, int ReferenceCentreCount, EligibilityDto Eligibility,
    IReadOnlyList<PlatformRecruitDto> Recruits, decimal BudgetPerYear, IReadOnlyList<GapDto> BudgetProblems, PlatformFundingDto Funding,
    DateOnly? CreditsDelegatedOn, string? CreditsReference, PlatformCheckpointDto Checkpoint, IReadOnlyList<PlatformIndicatorReportDto> Reports, PlatformRenewalDto Renewal,
    IReadOnlyList<PlatformIndicatorDefinitionDto> IndicatorDefinitions);

// ------------------------------------------------------------------ queries

/// <summary>Query of <c>GET /procedures/dossiers</c>: one state, or all.</summary>
public sealed record DossierListQuery
{
    [FromQuery(Name = "state")] public string? State { get; init; }
}

/// <summary>Query of <c>POST /procedures/dossiers/{id}/documents/{item}</c> (a PDF sent as the body): its file name and the cosigning associations.</summary>
public sealed record DocumentUploadQuery
{
    [FromQuery(Name = "file_name")] public string? FileName { get; init; }
    [FromQuery(Name = "cosigners")] public string? Cosigners { get; init; }
}

/// <summary>Query of <c>GET /labelling/lists/{year}</c>: <c>format=json|csv|changes.csv|pdf</c>.</summary>
public sealed record YearlyListQuery
{
    [FromQuery(Name = "format")] public string? Format { get; init; }
}

/// <summary>Query of <c>GET /notifications</c>: how many of the latest (50 by default, 1 to 500).</summary>
public sealed record NotificationQuery
{
    [FromQuery(Name = "take")] public int? Take { get; init; }
}

/// <summary>Query of <c>GET /procedures/platform-centres</c>.</summary>
public sealed record PlatformCentreQuery
{
    [FromQuery(Name = "host_finess")] public string? HostFiness { get; init; }
    [FromQuery(Name = "other_establishments")] public string? OtherEstablishments { get; init; }
}
