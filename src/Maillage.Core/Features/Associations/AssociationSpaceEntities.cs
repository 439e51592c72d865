using Maillage.Core.Infrastructure.Auditing;
using Maillage.Domain.Associations;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Associations;

/// <summary>A survey of patients' experience run by an association with a centre or a filière (table <c>patient_surveys</c>).</summary>
public sealed class PatientSurvey : IVersioned, IAuditSubject
{
    public int Version { get; set; }
    /// <summary>ENQ-2026-0001…</summary>
    public required string Id { get; set; }
    string IAuditSubject.AuditEntity => "survey";
    string IAuditSubject.AuditId => Id;
    public required string AssociationId { get; set; }
    public required string Title { get; set; }
    public string? Introduction { get; set; }
    public PartnerKind PartnerKind { get; set; }
    /// <summary>The centre id or the filière acronym.</summary>
    public required string PartnerId { get; set; }
    public SurveyStatus Status { get; set; }
    public DateOnly? OpensOn { get; set; }
    public DateOnly? ClosesOn { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<SurveyQuestion> Questions { get; set; } = [];
}

/// <summary>A question with a fixed answer scale (table <c>survey_questions</c>).</summary>
public sealed class SurveyQuestion
{
    public int Id { get; set; }
    public required string SurveyId { get; set; }
    public int Position { get; set; }
    public required string Text { get; set; }
    public AnswerScale Scale { get; set; }
}

/// <summary>One respondent's questionnaire (table <c>survey_responses</c>): no name, no identifier, only when it was entered.</summary>
public sealed class SurveyResponse
{
    public int Id { get; set; }
    public required string SurveyId { get; set; }
    public DateTimeOffset EnteredAt { get; set; }
    public List<SurveyAnswer> Answers { get; set; } = [];
}

/// <summary>One answer (table <c>survey_answers</c>): the index of the chosen value of the question's scale.</summary>
public sealed class SurveyAnswer
{
    public int Id { get; set; }
    public int ResponseId { get; set; }
    public int QuestionId { get; set; }
    public int Choice { get; set; }
}

/// <summary>A collaborative action of an association with a centre or a filière (table <c>collaborative_actions</c>).</summary>
public sealed class CollaborativeAction : IVersioned, IAuditSubject
{
    public int Version { get; set; }
    /// <summary>ACT-2026-0001…</summary>
    public required string Id { get; set; }
    string IAuditSubject.AuditEntity => "collaborative_action";
    string IAuditSubject.AuditId => Id;
    public required string AssociationId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public PartnerKind PartnerKind { get; set; }
    public required string PartnerId { get; set; }
    public ActionInitiative Initiative { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public ActionStatus Status { get; set; }
}
