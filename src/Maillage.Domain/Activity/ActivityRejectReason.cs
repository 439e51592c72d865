namespace Maillage.Domain.Activity;

/// <summary>Why a row of an extract is rejected. The snake_case code goes to the rejects file; never any row content.</summary>
public enum ActivityRejectReason : byte
{
    ColumnCount,
    LineTooLong,
    PatientIdInvalid,
    SiteFinessInvalid,
    CentreUnknown,
    SiteFinessMismatch,
    ActivityDateInvalid,
    CentreClosed,
    ActivityContextUnknown,
    StayIdMissing,
    StayIdUnexpected,
    OrphaCodeUnknown,
    OrphaCodeInactive,
    DiagnosisStatusUnknown,
    BirthYearInvalid,
    SexInvalid,
    ResidenceInvalid,
    OutOfScopeInvalid,
}

/// <summary>A rejected row: its line number in the file (header = 1), the column (0 = the whole line) and why.</summary>
public readonly record struct ActivityReject(long Line, byte Column, ActivityRejectReason Reason);

public static class ActivityRejectReasons
{
    public static IReadOnlyList<ActivityRejectReason> All { get; } = Enum.GetValues<ActivityRejectReason>();

    public static string Code(this ActivityRejectReason reason) => reason switch
    {
        ActivityRejectReason.ColumnCount => "column_count",
        ActivityRejectReason.LineTooLong => "line_too_long",
        ActivityRejectReason.PatientIdInvalid => "patient_id_invalid",
        ActivityRejectReason.SiteFinessInvalid => "site_finess_invalid",
        ActivityRejectReason.CentreUnknown => "centre_unknown",
        ActivityRejectReason.SiteFinessMismatch => "site_finess_mismatch",
        ActivityRejectReason.ActivityDateInvalid => "activity_date_invalid",
        ActivityRejectReason.CentreClosed => "centre_closed",
        ActivityRejectReason.ActivityContextUnknown => "activity_context_unknown",
        ActivityRejectReason.StayIdMissing => "stay_id_missing",
        ActivityRejectReason.StayIdUnexpected => "stay_id_unexpected",
        ActivityRejectReason.OrphaCodeUnknown => "orpha_code_unknown",
        ActivityRejectReason.OrphaCodeInactive => "orpha_code_inactive",
        ActivityRejectReason.DiagnosisStatusUnknown => "diagnosis_status_unknown",
        ActivityRejectReason.BirthYearInvalid => "birth_year_invalid",
        ActivityRejectReason.SexInvalid => "sex_invalid",
        ActivityRejectReason.ResidenceInvalid => "residence_invalid",
        ActivityRejectReason.OutOfScopeInvalid => "out_of_scope_invalid",
    };

    /// <summary>A French explanation for users (fixed text: it never quotes the row).</summary>
    public static string Message(this ActivityRejectReason reason) => reason switch
    {
        ActivityRejectReason.ColumnCount => "Nombre de colonnes différent de 12.",
        ActivityRejectReason.LineTooLong => "Ligne trop longue (plus de 1 Mio).",
        ActivityRejectReason.PatientIdInvalid => "Identifiant patient invalide : 16 à 64 caractères hexadécimaux minuscules.",
        ActivityRejectReason.SiteFinessInvalid => "Numéro FINESS du site invalide (format ou clé).",
        ActivityRejectReason.CentreUnknown => "Centre inconnu du registre.",
        ActivityRejectReason.SiteFinessMismatch => "Le FINESS du site n'est pas l'établissement du centre dans le registre.",
        ActivityRejectReason.ActivityDateInvalid => "Date d'activité invalide (AAAA-MM-JJ).",
        ActivityRejectReason.CentreClosed => "Le centre était fermé à la date de l'activité.",
        ActivityRejectReason.ActivityContextUnknown => "Contexte d'activité inconnu.",
        ActivityRejectReason.StayIdMissing => "Identifiant de séjour obligatoire pour HC et AVIS_SALLE.",
        ActivityRejectReason.StayIdUnexpected => "Identifiant de séjour réservé à HC et AVIS_SALLE.",
        ActivityRejectReason.OrphaCodeUnknown => "Code ORPHA inconnu de la nomenclature chargée.",
        ActivityRejectReason.OrphaCodeInactive => "Code ORPHA inactif sans redirection vers un code actif.",
        ActivityRejectReason.DiagnosisStatusUnknown => "Statut du diagnostic inconnu.",
        ActivityRejectReason.BirthYearInvalid => "Année de naissance invalide (4 chiffres).",
        ActivityRejectReason.SexInvalid => "Sexe invalide (F, M ou I).",
        ActivityRejectReason.ResidenceInvalid => "Département de résidence invalide (code INSEE, 99 pour l'étranger, ou vide).",
        ActivityRejectReason.OutOfScopeInvalid => "Hors labellisation invalide (0 ou 1).",
    };
}
