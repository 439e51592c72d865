namespace Maillage.Web.Pages.Rapports;

/// <summary>French labels and DSFR badges of the codes stored with a report (status, verdict, finding status, criterion).</summary>
public static class ReportLabels
{
    public static string Status(string code) => code switch
    {
        "draft" => "Brouillon",
        "submitted" => "Soumis",
        "validated" => "Validé",
        "transmitted" => "Transmis",
        _ => code,
    };

    public static string StatusBadge(string code) => code switch
    {
        "draft" => "fr-badge--new",
        "submitted" => "fr-badge--info",
        "validated" => "fr-badge--success",
        "transmitted" => "fr-badge--success",
        _ => "",
    };

    public static string Verdict(string? code) => code switch
    {
        "compliant" => "conforme",
        "compliant_with_exception" => "conforme avec exception",
        "non_compliant" => "non conforme",
        "incomplete" => "incomplet",
        null => "non évalué",
        _ => code,
    };

    public static string VerdictBadge(string? code) => code switch
    {
        "compliant" => "fr-badge--success",
        "compliant_with_exception" => "fr-badge--info",
        "non_compliant" => "fr-badge--error",
        _ => "fr-badge--warning",
    };

    public static string FindingStatus(string code) => code switch
    {
        "met" => "atteint",
        "not_met" => "non atteint",
        "exception" => "exception acceptée",
        "not_applicable" => "sans objet",
        "missing" => "donnée manquante",
        _ => code,
    };

    public static string FindingBadge(string code) => code switch
    {
        "met" => "fr-badge--success",
        "not_met" => "fr-badge--error",
        "exception" => "fr-badge--info",
        "missing" => "fr-badge--warning",
        _ => "",
    };

    public static string Criterion(string code) => code switch
    {
        "cs_hdj" => "Consultations et hospitalisations de jour",
        "active_patients" => "File active",
        "floor_25" => "Plancher de 25 patients",
        "research" => "Recherche (projets financés, 5 ans)",
        "head_status" => "Statut du responsable",
        "head_age" => "Âge du responsable",
        _ => code,
    };

    public static string Kind(string code) => code switch
    {
        "crmr_coordinating" => "Site coordonnateur de CRMR",
        "crmr_constitutive" => "Site constitutif de CRMR",
        "ccmr" => "Centre de compétence (CCMR)",
        "crc_mhc" => "CRC-MHC",
        "crcm" => "CRCM",
        "crc_sla" => "CRC-SLA",
        _ => code,
    };

    public static string Field(string? code) => code switch
    {
        "general" => "général",
        "cystic_fibrosis" => "mucoviscidose",
        "als" => "SLA et maladies du neurone moteur",
        "haemophilia" => "hémophilie et déficits en protéines de la coagulation",
        "willebrand" => "maladie de Willebrand",
        "platelet" => "pathologies plaquettaires constitutionnelles",
        null => "",
        _ => code,
    };

    public static string Exception(string? code) => code switch
    {
        "prevalence_ratio" => "ratio file active / prévalence significatif (site constitutif)",
        "territorial_mesh" => "maillage territorial spécifique (CRC-MHC)",
        null or "" => "aucune",
        _ => code,
    };

    public static string Action(string code) => code switch
    {
        "submit" => "Soumettre à la direction",
        "return" => "Renvoyer en brouillon",
        "validate" => "Valider (verrouille le rapport)",
        "transmit" => "Transmettre à l'ARS et au ministère",
        "reopen" => "Rouvrir le rapport",
        _ => code,
    };
}
