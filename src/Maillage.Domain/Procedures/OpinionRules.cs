namespace Maillage.Domain.Procedures;

/// <summary>A field-level problem with an input (the field's API name and a French message).</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>
/// "Tout avis négatif devra être motivé et si possible être assorti d'une autre proposition" (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe « Procédure d'actualisation de la liste des CRMR et des FSMR »): an
/// unfavourable opinion states its reasons and may propose another candidate; a favourable one proposes nobody else.
/// </summary>
public static class OpinionRules
{
    public const int MaxReasonsLength = 8000;

    public static IReadOnlyList<FieldError> Validate(OpinionValue value, string? reasons, string? alternativeCandidate)
    {
        var errors = new List<FieldError>();
        if (value == OpinionValue.Unfavourable && string.IsNullOrWhiteSpace(reasons))
            errors.Add(new FieldError("reasons", "Un avis défavorable doit être motivé : indiquez ses motifs."));
        if (reasons is { Length: > MaxReasonsLength })
            errors.Add(new FieldError("reasons", $"Les motifs dépassent {MaxReasonsLength} caractères."));
        if (value == OpinionValue.Favourable && !string.IsNullOrWhiteSpace(alternativeCandidate))
            errors.Add(new FieldError("alternative_candidate", "Un avis favorable ne propose pas d'autre candidat : choisissez un avis réservé ou défavorable."));
        return errors;
    }
}
