using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;

namespace Maillage.Web.Pages.Shared;

/// <summary>French labels and DSFR badges of the compliance and funding codes (codes themselves: docs/formats/compliance-reports.md).</summary>
public static class ComplianceLabels
{
    public static string Verdict(Verdict v) => v.Label();

    public static string VerdictBadge(Verdict v) => v switch
    {
        Domain.Compliance.Verdict.Compliant => "fr-badge--success",
        Domain.Compliance.Verdict.CompliantWithException => "fr-badge--info",
        Domain.Compliance.Verdict.NonCompliant => "fr-badge--error",
        Domain.Compliance.Verdict.Incomplete => "fr-badge--warning",
    };

    public static string Status(FindingStatus s) => s.Label();

    public static string StatusBadge(FindingStatus s) => s switch
    {
        FindingStatus.Met => "fr-badge--success",
        FindingStatus.NotMet => "fr-badge--error",
        FindingStatus.Exception => "fr-badge--info",
        FindingStatus.Missing => "fr-badge--warning",
        FindingStatus.NotApplicable => "",
    };

    public static string Criterion(Criterion c) => c.Label();

    public static string Kind(SiteKind k) => k.Label();

    public static string Field(ClinicalField? f) => f is { } field ? field.Label() : "tous domaines";

    public static string Exception(ExceptionCode e) => e.Label();

    public static string Requirement(HeadAgeRequirement r) => r == HeadAgeRequirement.MayNotHead
        ? "ne peut plus être responsable" : "doit conserver une activité clinique";

    /// <summary>An expected or actual value as the page shows it (numbers in French, "—" when none).</summary>
    public static string Value(FindingValue? v) => v is null ? "—" : v.Number is { } n ? n.ToString("N0", Fr.Culture) : v.Text ?? "—";
}
