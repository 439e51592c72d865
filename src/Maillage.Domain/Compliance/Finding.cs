using Maillage.Domain.Referential;

namespace Maillage.Domain.Compliance;

/// <summary>The outcome of one criterion for one site and year.</summary>
public enum FindingStatus
{
    Met,
    NotMet,
    Exception,
    NotApplicable,
    Missing,
}

/// <summary>How the findings of a site and year combine (see <see cref="ComplianceEngine.Combine"/>).</summary>
public enum Verdict
{
    Compliant,
    CompliantWithException,
    NonCompliant,
    Incomplete,
}

/// <summary>An expected or actual value: a number (thresholds) or a short text (head rules).</summary>
public sealed record FindingValue(long? Number, string? Text)
{
    public static FindingValue Of(long number) => new(number, null);

    public static FindingValue Of(string text) => new(null, text);

    public override string ToString() => Number is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : Text ?? "";
}

/// <summary>
/// One criterion's finding: the referential rule that decided it, its status, what was expected and what was
/// reported (null when there is nothing to show), the rule's source and a French explanation.
/// </summary>
public sealed record Finding(
    string Rule,
    Criterion Criterion,
    FindingStatus Status,
    FindingValue? Expected,
    FindingValue? Actual,
    SourceRef Source,
    string Message);

/// <summary>A site's findings for a year and the verdict they combine into.</summary>
public sealed record SiteEvaluation(string SiteId, int Year, Verdict Verdict, IReadOnlyList<Finding> Findings);

public static class ComplianceCodes
{
    public static readonly EnumTable<FindingStatus> Statuses = new(v => v switch
    {
        FindingStatus.Met => ("met", "atteint"),
        FindingStatus.NotMet => ("not_met", "non atteint"),
        FindingStatus.Exception => ("exception", "exception acceptée"),
        FindingStatus.NotApplicable => ("not_applicable", "sans objet"),
        FindingStatus.Missing => ("missing", "donnée manquante"),
    });

    /// <summary>"Conforme par exception": the wording of the 2018 instruction ("Par exception, un site constitutif peut ne pas
    /// atteindre les seuils…").</summary>
    public static readonly EnumTable<Verdict> Verdicts = new(v => v switch
    {
        Verdict.Compliant => ("compliant", "conforme"),
        Verdict.CompliantWithException => ("compliant_with_exception", "conforme par exception"),
        Verdict.NonCompliant => ("non_compliant", "non conforme"),
        Verdict.Incomplete => ("incomplete", "incomplet"),
    });

    public static string Code(this FindingStatus status) => Statuses.Code(status);
    public static string Label(this FindingStatus status) => Statuses.Label(status);
    public static string Code(this Verdict verdict) => Verdicts.Code(verdict);
    public static string Label(this Verdict verdict) => Verdicts.Label(verdict);
}
