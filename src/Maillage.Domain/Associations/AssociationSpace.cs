using Maillage.Domain.PublicDirectory;

namespace Maillage.Domain.Associations;

// The associations' space: what the patient-alliance practical sheet describes (Alliance maladies rares, fiche pratique
// « Centres de référence et de compétence », mai 2022, « Comment être acteur de la labellisation ? » and its annexes 1
// « exemples d'enquêtes sur la prise en charge » and 3 « exemple de liste des actions collaboratives »).

/// <summary>What a survey or a collaborative action is run with: a centre or a filière.</summary>
public enum PartnerKind
{
    Centre,
    Filiere,
}

public enum SurveyStatus
{
    /// <summary>Being written: questions may change, no answer yet.</summary>
    Draft,
    /// <summary>Collecting answers: questions are frozen.</summary>
    Open,
    /// <summary>Closed: results shared with the centre or filière.</summary>
    Closed,
}

/// <summary>A fixed answer scale (« un petit questionnaire le plus simple possible », annex 1).</summary>
public enum AnswerScale
{
    Satisfaction4,
    Agreement4,
    YesNo,
}

public enum ActionStatus
{
    Planned,
    InProgress,
    Done,
    Abandoned,
}

/// <summary>Who took the initiative of a collaborative action (annex 3: « en mettant en avant qui en avait l'initiative »).</summary>
public enum ActionInitiative
{
    Association,
    Centre,
    Joint,
}

public static class AssociationSpaceTables
{
    public static readonly EnumTable<PartnerKind> Partners = new(v => v switch
    {
        PartnerKind.Centre => ("centre", "Centre"),
        PartnerKind.Filiere => ("filiere", "Filière"),
    });

    public static readonly EnumTable<SurveyStatus> SurveyStatuses = new(v => v switch
    {
        SurveyStatus.Draft => ("draft", "Brouillon"),
        SurveyStatus.Open => ("open", "Ouverte aux réponses"),
        SurveyStatus.Closed => ("closed", "Close, résultats partagés"),
    });

    public static readonly EnumTable<AnswerScale> Scales = new(v => v switch
    {
        AnswerScale.Satisfaction4 => ("satisfaction4", "Satisfaction (4 niveaux)"),
        AnswerScale.Agreement4 => ("agreement4", "Accord (4 niveaux)"),
        AnswerScale.YesNo => ("yes_no", "Oui / non"),
    });

    public static readonly EnumTable<ActionStatus> ActionStatuses = new(v => v switch
    {
        ActionStatus.Planned => ("planned", "Prévue"),
        ActionStatus.InProgress => ("in_progress", "En cours"),
        ActionStatus.Done => ("done", "Réalisée"),
        ActionStatus.Abandoned => ("abandoned", "Abandonnée"),
    });

    public static readonly EnumTable<ActionInitiative> Initiatives = new(v => v switch
    {
        ActionInitiative.Association => ("association", "L'association"),
        ActionInitiative.Centre => ("centre", "Le centre ou la filière"),
        ActionInitiative.Joint => ("joint", "Conjointe"),
    });

    public static string Code(this PartnerKind v) => Partners.Code(v);
    public static string Label(this PartnerKind v) => Partners.Label(v);
    public static string Code(this SurveyStatus v) => SurveyStatuses.Code(v);
    public static string Label(this SurveyStatus v) => SurveyStatuses.Label(v);
    public static string Code(this AnswerScale v) => Scales.Code(v);
    public static string Label(this AnswerScale v) => Scales.Label(v);
    public static string Code(this ActionStatus v) => ActionStatuses.Code(v);
    public static string Label(this ActionStatus v) => ActionStatuses.Label(v);
    public static string Code(this ActionInitiative v) => Initiatives.Code(v);
    public static string Label(this ActionInitiative v) => Initiatives.Label(v);

    /// <summary>The fixed choices of a scale, in order (index = the stored answer).</summary>
    public static IReadOnlyList<string> Choices(this AnswerScale scale) => scale switch
    {
        AnswerScale.Satisfaction4 => ["Très insatisfait", "Plutôt insatisfait", "Plutôt satisfait", "Très satisfait"],
        AnswerScale.Agreement4 => ["Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord", "Tout à fait d'accord"],
        AnswerScale.YesNo => ["Non", "Oui"],
    };
}

/// <summary>One question's aggregate as it may be shown: null counts are suppressed.</summary>
public sealed record QuestionAggregate(int? Respondents, IReadOnlyList<int?> Counts, bool Suppressed);

/// <summary>
/// Aggregation of a survey's answers under the small-count rule: a count of fewer than <see cref="SmallCells.Threshold"/>
/// people may identify them (docs/security.md, "Who reads what": small cells are personal data). A question answered by
/// fewer than the threshold shows nothing (not even its number of answers); in a question shown, each choice counted
/// fewer than the threshold is hidden, and when exactly one choice is hidden the next smallest is hidden too, so that it
/// cannot be recomputed from the total (secondary suppression).
/// </summary>
public static class SurveyAggregation
{
    public const int Threshold = SmallCells.Threshold;

    public static QuestionAggregate Aggregate(IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = counts.Sum();
        if (total < Threshold) return new QuestionAggregate(null, counts.Select(_ => (int?)null).ToList(), true);
        var shown = counts.Select(c => c < Threshold ? (int?)null : c).ToList();
        var hidden = shown.Count(c => c is null);
        if (hidden == 1)
        {
            var next = Enumerable.Range(0, shown.Count).Where(i => shown[i] is not null).OrderBy(i => shown[i]).ThenBy(i => i).FirstOrDefault(-1);
            if (next >= 0) shown[next] = null;
        }
        return new QuestionAggregate(total, shown, false);
    }
}
