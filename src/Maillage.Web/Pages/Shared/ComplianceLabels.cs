using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;

namespace Maillage.Web.Pages.Shared;

/// <summary>French labels and DSFR badges of the compliance and funding codes (codes themselves: docs/formats/compliance-reports.md).</summary>
public static class ComplianceLabels
{
    public static string Verdict(Verdict v) => v switch
    {
        Domain.Compliance.Verdict.Compliant => "conforme",
        Domain.Compliance.Verdict.CompliantWithException => "conforme avec exception",
        Domain.Compliance.Verdict.NonCompliant => "non conforme",
        Domain.Compliance.Verdict.Incomplete => "incomplet",
        _ => v.ToString(),
    };

    public static string VerdictBadge(Verdict v) => v switch
    {
        Domain.Compliance.Verdict.Compliant => "fr-badge--success",
        Domain.Compliance.Verdict.CompliantWithException => "fr-badge--info",
        Domain.Compliance.Verdict.NonCompliant => "fr-badge--error",
        _ => "fr-badge--warning",
    };

    public static string Status(FindingStatus s) => s switch
    {
        FindingStatus.Met => "atteint",
        FindingStatus.NotMet => "non atteint",
        FindingStatus.Exception => "exception acceptée",
        FindingStatus.NotApplicable => "sans objet",
        FindingStatus.Missing => "donnée manquante",
        _ => s.ToString(),
    };

    public static string StatusBadge(FindingStatus s) => s switch
    {
        FindingStatus.Met => "fr-badge--success",
        FindingStatus.NotMet => "fr-badge--error",
        FindingStatus.Exception => "fr-badge--info",
        FindingStatus.Missing => "fr-badge--warning",
        _ => "",
    };

    public static string Criterion(Criterion c) => c switch
    {
        Domain.Referential.Criterion.CsHdj => "Consultations et hospitalisations de jour",
        Domain.Referential.Criterion.ActivePatients => "File active",
        Domain.Referential.Criterion.Floor25 => "Plancher de file active",
        Domain.Referential.Criterion.Research => "Recherche (projets financés en investigateur principal, 5 ans)",
        Domain.Referential.Criterion.HeadStatus => "Statut du responsable",
        Domain.Referential.Criterion.HeadAge => "Âge du responsable (professeur consultant)",
        _ => c.ToString(),
    };

    public static string Kind(SiteKind k) => k switch
    {
        SiteKind.CrmrCoordinating => "Site coordonnateur de CRMR",
        SiteKind.CrmrConstitutive => "Site constitutif de CRMR",
        SiteKind.Ccmr => "Centre de compétence (CCMR)",
        SiteKind.CrcMhc => "CRC-MHC (hémophilie)",
        SiteKind.Crcm => "CRCM (mucoviscidose)",
        SiteKind.CrcSla => "CRC-SLA",
        _ => k.ToString(),
    };

    public static string Field(ClinicalField? f) => f switch
    {
        null => "tous domaines",
        ClinicalField.General => "cas général",
        ClinicalField.CysticFibrosis => "mucoviscidose",
        ClinicalField.Als => "SLA",
        ClinicalField.Haemophilia => "hémophilie",
        ClinicalField.Willebrand => "maladie de Willebrand",
        ClinicalField.Platelet => "pathologies plaquettaires",
        _ => f.ToString()!,
    };

    public static string Exception(ExceptionCode e) => e switch
    {
        ExceptionCode.PrevalenceRatio => "ratio file active / prévalence significatif",
        ExceptionCode.TerritorialMesh => "maillage territorial spécifique",
        _ => e.ToString(),
    };

    public static string Requirement(HeadAgeRequirement r) => r == HeadAgeRequirement.MayNotHead
        ? "ne peut plus être responsable" : "doit conserver une activité clinique";

    /// <summary>An expected or actual value as the page shows it (numbers in French, "—" when none).</summary>
    public static string Value(FindingValue? v) => v is null ? "—" : v.Number is { } n ? n.ToString("N0", Fr.Culture) : v.Text ?? "—";
}
