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

/// <summary>The statutory position of a centre's head.</summary>
public enum HeadStatus
{
    PuPh,
    McuPh,
    PhFullTime,
    PhPartTime,
    Contractual,
    ConsultantProfessor,
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
}

/// <summary>A justified exception, claimed by the site and accepted by an authorised user.</summary>
public enum ExceptionCode
{
    PrevalenceRatio,
    TerritorialMesh,
}

/// <summary>Stable snake_case codes of the enums (files, JSON, YAML) and their French labels.</summary>
public static class Codes
{
    private static readonly Dictionary<SiteKind, string> KindCodes = new()
    {
        [SiteKind.CrmrCoordinating] = "crmr_coordinating",
        [SiteKind.CrmrConstitutive] = "crmr_constitutive",
        [SiteKind.Ccmr] = "ccmr",
        [SiteKind.CrcMhc] = "crc_mhc",
        [SiteKind.Crcm] = "crcm",
        [SiteKind.CrcSla] = "crc_sla",
    };

    private static readonly Dictionary<ClinicalField, string> FieldCodes = new()
    {
        [ClinicalField.General] = "general",
        [ClinicalField.CysticFibrosis] = "cystic_fibrosis",
        [ClinicalField.Als] = "als",
        [ClinicalField.Haemophilia] = "haemophilia",
        [ClinicalField.Willebrand] = "willebrand",
        [ClinicalField.Platelet] = "platelet",
    };

    private static readonly Dictionary<HeadStatus, string> StatusCodes = new()
    {
        [HeadStatus.PuPh] = "pu_ph",
        [HeadStatus.McuPh] = "mcu_ph",
        [HeadStatus.PhFullTime] = "ph_full_time",
        [HeadStatus.PhPartTime] = "ph_part_time",
        [HeadStatus.Contractual] = "contractual",
        [HeadStatus.ConsultantProfessor] = "consultant_professor",
    };

    private static readonly Dictionary<HeadStatus, string> StatusLabels = new()
    {
        [HeadStatus.PuPh] = "PU-PH",
        [HeadStatus.McuPh] = "MCU-PH",
        [HeadStatus.PhFullTime] = "PH temps plein",
        [HeadStatus.PhPartTime] = "PH temps partiel",
        [HeadStatus.Contractual] = "contractuel",
        [HeadStatus.ConsultantProfessor] = "professeur consultant",
    };

    private static readonly Dictionary<Criterion, string> CriterionCodes = new()
    {
        [Criterion.CsHdj] = "cs_hdj",
        [Criterion.ActivePatients] = "active_patients",
        [Criterion.Floor25] = "floor_25",
        [Criterion.Research] = "research",
        [Criterion.HeadStatus] = "head_status",
        [Criterion.HeadAge] = "head_age",
    };

    private static readonly Dictionary<ExceptionCode, string> ExceptionCodes = new()
    {
        [ExceptionCode.PrevalenceRatio] = "prevalence_ratio",
        [ExceptionCode.TerritorialMesh] = "territorial_mesh",
    };

    public static string Code(this SiteKind value) => KindCodes[value];
    public static string Code(this ClinicalField value) => FieldCodes[value];
    public static string Code(this HeadStatus value) => StatusCodes[value];
    public static string Label(this HeadStatus value) => StatusLabels[value];
    public static string Code(this Criterion value) => CriterionCodes[value];
    public static string Code(this ExceptionCode value) => ExceptionCodes[value];

    /// <summary>True for the two reference-site kinds (coordinating and constitutive CRMR sites).</summary>
    public static bool IsCrmr(this SiteKind value) => value is SiteKind.CrmrCoordinating or SiteKind.CrmrConstitutive;

    public static bool TryParseKind(string code, out SiteKind value) => TryParse(KindCodes, code, out value);
    public static bool TryParseField(string code, out ClinicalField value) => TryParse(FieldCodes, code, out value);
    public static bool TryParseStatus(string code, out HeadStatus value) => TryParse(StatusCodes, code, out value);
    public static bool TryParseCriterion(string code, out Criterion value) => TryParse(CriterionCodes, code, out value);
    public static bool TryParseException(string code, out ExceptionCode value) => TryParse(ExceptionCodes, code, out value);

    public static IReadOnlyCollection<string> AllKindCodes => KindCodes.Values;
    public static IReadOnlyCollection<string> AllFieldCodes => FieldCodes.Values;
    public static IReadOnlyCollection<string> AllStatusCodes => StatusCodes.Values;
    public static IReadOnlyCollection<string> AllCriterionCodes => CriterionCodes.Values;
    public static IReadOnlyCollection<string> AllExceptionCodes => ExceptionCodes.Values;

    private static bool TryParse<T>(Dictionary<T, string> map, string code, out T value) where T : struct, Enum
    {
        foreach (var (k, v) in map)
        {
            if (string.Equals(v, code, StringComparison.Ordinal)) { value = k; return true; }
        }
        value = default;
        return false;
    }
}
