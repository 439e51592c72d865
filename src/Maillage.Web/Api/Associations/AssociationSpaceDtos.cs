using Maillage.Core.Features.Associations;
using Maillage.Domain.Associations;
using Maillage.Domain.Procedures;

namespace Maillage.Web.Api.Associations;

public sealed record AskedItemDto(string DossierId, string DossierTitle, ProcedureKind Kind, DossierState State, string ItemId, string Label, ItemType Type,
    bool Required, bool Received, DateOnly? Deadline);

public sealed record SurveyRowDto(string Id, string AssociationId, string Title, PartnerKind PartnerKind, string PartnerId, string PartnerName, SurveyStatus Status,
    DateOnly? OpensOn, DateOnly? ClosesOn)
{
    public static SurveyRowDto From(SurveyRow s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.AssociationId, s.Title, s.PartnerKind, s.PartnerId, s.PartnerName, s.Status, s.OpensOn, s.ClosesOn);
    }
}

public sealed record CollaborativeActionDto(string Id, string AssociationId, string Title, string? Description, PartnerKind PartnerKind, string PartnerId,
    ActionInitiative Initiative, DateOnly StartsOn, DateOnly? EndsOn, ActionStatus Status, int Version)
{
    public static CollaborativeActionDto From(CollaborativeAction a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, a.AssociationId, a.Title, a.Description, a.PartnerKind, a.PartnerId, a.Initiative, a.StartsOn, a.EndsOn, a.Status, a.Version);
    }
}

/// <summary>An association's space: support letters and opinions asked across procedures, surveys, collaborative actions.</summary>
public sealed record AssociationSpaceDto(string AssociationId, string AssociationName, IReadOnlyList<AskedItemDto> Asked, IReadOnlyList<SurveyRowDto> Surveys,
    IReadOnlyList<CollaborativeActionDto> Actions);

/// <summary>One question's results: <c>counts</c> per value of the scale, null when fewer than 10 (small counts are personal data); <c>suppressed</c> when fewer than 10 answered.</summary>
public sealed record QuestionResultDto(int Position, string Text, AnswerScale Scale, IReadOnlyList<string> Choices, int? Respondents, IReadOnlyList<int?> Counts, bool Suppressed);

public sealed record SurveyDto(string Id, string AssociationId, string AssociationName, string Title, string? Introduction, PartnerKind PartnerKind, string PartnerId,
    string PartnerName, SurveyStatus Status, DateOnly? OpensOn, DateOnly? ClosesOn, int SmallCountThreshold, int? Respondents, IReadOnlyList<QuestionResultDto> Questions,
    int Version)
{
    public static SurveyDto From(SurveyView v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var s = v.Survey;
        return new(s.Id, s.AssociationId, v.AssociationName, s.Title, s.Introduction, s.PartnerKind, s.PartnerId, v.PartnerName, s.Status, s.OpensOn, s.ClosesOn,
            SurveyAggregation.Threshold, v.Respondents,
            v.Results.Select(r => new QuestionResultDto(r.Question.Position, r.Question.Text, r.Question.Scale, r.Choices, r.Aggregate.Respondents, r.Aggregate.Counts,
                r.Aggregate.Suppressed)).ToList(), s.Version);
    }
}

public sealed record QuestionBody(string? Text, AnswerScale? Scale);

/// <param name="AssociationId">For the national administration creating one on an association's behalf; an association always writes its own.</param>
public sealed record SurveyBody(string? AssociationId, string? Title, string? Introduction, PartnerKind? PartnerKind, string? PartnerId, SurveyStatus? Status,
    DateOnly? OpensOn, DateOnly? ClosesOn, IReadOnlyList<QuestionBody>? Questions)
{
    public SurveyInput ToInput() => new(AssociationId, Title, Introduction, PartnerKind, PartnerId, Status, OpensOn, ClosesOn,
        Questions?.Select(q => new QuestionInput(q?.Text, q?.Scale)).ToList());
}

/// <summary>Responses entered from questionnaires: per response, one value per question in order (1 = the scale's first value), null when unanswered.</summary>
public sealed record ResponsesBody(IReadOnlyList<IReadOnlyList<int?>>? Responses);

public sealed record ActionBody(string? AssociationId, string? Title, string? Description, PartnerKind? PartnerKind, string? PartnerId, ActionInitiative? Initiative,
    DateOnly? StartsOn, DateOnly? EndsOn, ActionStatus? Status)
{
    public ActionInput ToInput() => new(AssociationId, Title, Description, PartnerKind, PartnerId, Initiative, StartsOn, EndsOn, Status);
}
