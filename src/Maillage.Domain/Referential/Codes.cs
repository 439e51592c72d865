using Maillage.Domain.Registry;

namespace Maillage.Domain.Referential;

/// <summary>The kind of a labelled site, as reported (<c>kind</c> column of the reports file).</summary>
public enum SiteKind
{
    CrmrCoordinating,
    CrmrConstitutive,
    Ccmr,
    CrcMhc,
    Crcm,
    CrcSla,
}

/// <summary>The clinical field of a CRMR site: general, or one of the fields with their own thresholds (note 2018).</summary>
public enum ClinicalField
{
    General,
    CysticFibrosis,
    Als,
    Haemophilia,
    Willebrand,
    Platelet,
}

/// <summary>The compliance criteria, one per rule class.</summary>
public enum Criterion
{
    CsHdj,
    ActivePatients,
    Floor25,
    Research,
    HeadStatus,
    HeadAge,
    Bndmr,
    VerifiedActivePatients,
}

/// <summary>A justified exception, claimed by the site and accepted by an authorised user.</summary>
public enum ExceptionCode
{
    PrevalenceRatio,
    TerritorialMesh,
}

/// <summary>Stable snake_case codes of the enums (files, JSON, YAML) and, where shown, their French labels.</summary>
public static class Codes
{
    public static readonly EnumTable<SiteKind> Kinds = new(v => v switch
    {
        SiteKind.CrmrCoordinating => ("crmr_coordinating", "Site coordonnateur de CRMR"),
        SiteKind.CrmrConstitutive => ("crmr_constitutive", "Site constitutif de CRMR"),
        SiteKind.Ccmr => ("ccmr", "Centre de compétence (CCMR)"),
        SiteKind.CrcMhc => ("crc_mhc", "CRC-MHC (hémophilie)"),
        SiteKind.Crcm => ("crcm", "CRCM (mucoviscidose)"),
        SiteKind.CrcSla => ("crc_sla", "CRC-SLA"),
    });

    public static readonly EnumTable<ClinicalField> Fields = new(v => v switch
    {
        ClinicalField.General => ("general", "cas général"),
        ClinicalField.CysticFibrosis => ("cystic_fibrosis", "mucoviscidose"),
        ClinicalField.Als => ("als", "SLA et autres maladies rares du neurone moteur"),
        ClinicalField.Haemophilia => ("haemophilia", "hémophilie et autres déficits constitutionnels en protéines de la coagulation"),
        ClinicalField.Willebrand => ("willebrand", "maladie de Willebrand"),
        ClinicalField.Platelet => ("platelet", "pathologies plaquettaires"),
    });

    public static readonly EnumTable<Criterion> Criteria = new(v => v switch
    {
        Criterion.CsHdj => ("cs_hdj", "Consultations et hospitalisations de jour"),
        Criterion.ActivePatients => ("active_patients", "File active"),
        Criterion.Floor25 => ("floor_25", "Plancher de file active"),
        Criterion.Research => ("research", "Recherche (projets financés en investigateur principal, 5 ans)"),
        Criterion.HeadStatus => ("head_status", "Statut du responsable"),
        Criterion.HeadAge => ("head_age", "Âge du responsable (professeur consultant)"),
        Criterion.Bndmr => ("bndmr", "Saisie dans la BNDMR (BaMaRa)"),
        Criterion.VerifiedActivePatients => ("verified_active_patients", "File active vérifiée par l'activité mesurée"),
    });

    public static readonly EnumTable<ExceptionCode> Exceptions = new(v => v switch
    {
        ExceptionCode.PrevalenceRatio => ("prevalence_ratio", "ratio file active / prévalence significatif"),
        ExceptionCode.TerritorialMesh => ("territorial_mesh", "maillage territorial spécifique"),
    });

    public static string Code(this SiteKind value) => Kinds.Code(value);
    public static string Label(this SiteKind value) => Kinds.Label(value);
    public static string Code(this ClinicalField value) => Fields.Code(value);
    public static string Label(this ClinicalField value) => Fields.Label(value);
    public static string Code(this Criterion value) => Criteria.Code(value);
    public static string Label(this Criterion value) => Criteria.Label(value);
    public static string Code(this ExceptionCode value) => Exceptions.Code(value);
    public static string Label(this ExceptionCode value) => Exceptions.Label(value);

    /// <summary>True for the two reference-site kinds (coordinating and constitutive CRMR sites).</summary>
    public static bool IsCrmr(this SiteKind value) => value is SiteKind.CrmrCoordinating or SiteKind.CrmrConstitutive;

    public static bool TryParseKind(string code, out SiteKind value) => Kinds.TryParse(code, out value);
    public static bool TryParseField(string code, out ClinicalField value) => Fields.TryParse(code, out value);
    public static bool TryParseStatus(string code, out HeadStatus value) => HeadStatuses.Table.TryParse(code, out value);
    public static bool TryParseCriterion(string code, out Criterion value) => Criteria.TryParse(code, out value);
    public static bool TryParseException(string code, out ExceptionCode value) => Exceptions.TryParse(code, out value);

    public static IReadOnlyCollection<string> AllKindCodes => Kinds.Codes;
    public static IReadOnlyCollection<string> AllFieldCodes => Fields.Codes;
    public static IReadOnlyCollection<string> AllStatusCodes => HeadStatuses.Table.Codes;
    public static IReadOnlyCollection<string> AllCriterionCodes => Criteria.Codes;
    public static IReadOnlyCollection<string> AllExceptionCodes => Exceptions.Codes;
}
