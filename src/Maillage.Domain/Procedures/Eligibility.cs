using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;
using Maillage.Domain.Registry;

namespace Maillage.Domain.Procedures;

/// <summary>One eligibility check on a successor: its rule id, whether it passes, and why (French).</summary>
public sealed record EligibilityCheck(string Rule, bool Passed, string Message, string Source);

public sealed record EligibilityResult(IReadOnlyList<EligibilityCheck> Checks)
{
    public bool Eligible => Checks.All(c => c.Passed);
}

/// <summary>Whether a successor may be designated (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §1 and §2; présentation DGOS du 7 avril 2022, « Rappel des critères de labellisation »).</summary>
public static class SuccessorEligibility
{
    public const string FiliereCoordinatorSource = "Note interministérielle du 19 septembre 2018, §2 « Gouvernance » des FSMR";

    /// <summary>
    /// A centre head: the campaign referential's head-status and head-age rules, exactly as the compliance engine applies
    /// them to a sitting head (PU-PH, MCU-PH, full-time PH or consultant professor; a consultant professor of 65 or more
    /// keeps a clinical activity; from 68 may not head a coordinating site), evaluated on the date the mandate would start.
    /// </summary>
    public static EligibilityResult CentreHead(SiteKind kind, HeadStatus? status, DateOnly? birthDate, bool? clinicalActivity,
        Referential.Referential referential, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(referential);
        var report = new SiteReport("successor", kind, null, asOf.Year, null, null, null, null, status, birthDate, clinicalActivity, null);
        var findings = new IComplianceRule[] { new HeadStatusCriterion(), new HeadAgeCriterion() }
            .Select(r => r.Evaluate(report, referential, asOf)).OfType<Finding>();
        return new EligibilityResult(findings
            .Select(f => new EligibilityCheck(f.Rule, f.Status is FindingStatus.Met or FindingStatus.NotApplicable, f.Message, f.Source.Citation))
            .ToList());
    }

    /// <summary>A filière coordinator: "un PU-PH qui est ou a été responsable médical d'un centre de référence".</summary>
    public static EligibilityResult FiliereCoordinator(HeadStatus? status, bool isOrWasReferenceCentreHead) =>
        new([
            new EligibilityCheck("fsmr_coordinator_status", status == HeadStatus.PuPh,
                status == HeadStatus.PuPh ? "Statut éligible : PU-PH." :
                status is null ? "Statut du successeur non renseigné : un coordonnateur de filière doit être PU-PH." :
                $"Statut non éligible : {status.Value.Label()} ; un coordonnateur de filière doit être PU-PH.", FiliereCoordinatorSource),
            new EligibilityCheck("fsmr_coordinator_reference_head", isOrWasReferenceCentreHead,
                isOrWasReferenceCentreHead ? "Est ou a été responsable d'un centre de référence."
                    : "N'est pas et n'a jamais été responsable d'un centre de référence (site coordonnateur ou constitutif) dans le registre.",
                FiliereCoordinatorSource),
        ]);
}
