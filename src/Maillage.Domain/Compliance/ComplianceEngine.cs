using Maillage.Domain.Referential;

namespace Maillage.Domain.Compliance;

/// <summary>Runs every criterion on a site report and combines the findings into a verdict.</summary>
public static class ComplianceEngine
{
    /// <summary>The criteria, in the order of the findings.</summary>
    public static IReadOnlyList<IComplianceRule> Rules { get; } =
    [
        new CsHdjCriterion(),
        new ActivePatientsCriterion(),
        new Floor25Criterion(),
        new ResearchCriterion(),
        new HeadStatusCriterion(),
        new HeadAgeCriterion(),
        new BndmrCriterion(),
        new VerifiedActivePatientsCriterion(),
    ];

    public static SiteEvaluation Evaluate(SiteReport report, Referential.Referential referential, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(report);
        // A rule answers null when its input is unknown (bndmr, verified_active_patients): no finding, no effect on the verdict.
        var findings = Rules.Select(r => r.Evaluate(report, referential, asOf)).OfType<Finding>().ToList();
        return new SiteEvaluation(report.SiteId, report.Year, Combine(findings), findings);
    }

    /// <summary>
    /// Any <c>not_met</c> → <c>non_compliant</c> (a known failure outweighs a gap); else any <c>missing</c> →
    /// <c>incomplete</c>; else any <c>exception</c> → <c>compliant_with_exception</c>; else <c>compliant</c>
    /// (<c>met</c> and <c>not_applicable</c> only).
    /// </summary>
    public static Verdict Combine(IEnumerable<Finding> findings)
    {
        var statuses = findings.Select(f => f.Status).ToList();
        if (statuses.Contains(FindingStatus.NotMet)) return Verdict.NonCompliant;
        if (statuses.Contains(FindingStatus.Missing)) return Verdict.Incomplete;
        if (statuses.Contains(FindingStatus.Exception)) return Verdict.CompliantWithException;
        return Verdict.Compliant;
    }
}
