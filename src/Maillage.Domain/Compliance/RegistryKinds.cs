using Maillage.Domain.Referential;
using RegistryEnums = Maillage.Domain.Registry;

namespace Maillage.Domain.Compliance;

/// <summary>How the registry's kinds and statuses read in the referential's terms (same meanings, two vocabularies).</summary>
public static class RegistryKinds
{
    /// <summary>
    /// The referential's site kind of a registry centre: a reference site is coordinating unless it is constitutive; a CRC
    /// without a kind reads as a CRC-MHC.
    /// </summary>
    public static SiteKind SiteKindOf(RegistryEnums.CentreKind kind, RegistryEnums.SiteRole? role, RegistryEnums.ResourceCentreKind? resourceKind) =>
        kind switch
        {
            RegistryEnums.CentreKind.ReferenceSite => role == RegistryEnums.SiteRole.Constitutive ? SiteKind.CrmrConstitutive : SiteKind.CrmrCoordinating,
            RegistryEnums.CentreKind.CompetenceCentre => SiteKind.Ccmr,
            _ => resourceKind switch
            {
                RegistryEnums.ResourceCentreKind.Crcm => SiteKind.Crcm,
                RegistryEnums.ResourceCentreKind.Sla => SiteKind.CrcSla,
                _ => SiteKind.CrcMhc,
            },
        };

    public static ClinicalField FieldOf(RegistryEnums.ThresholdField field) => field switch
    {
        RegistryEnums.ThresholdField.General => ClinicalField.General,
        RegistryEnums.ThresholdField.CysticFibrosis => ClinicalField.CysticFibrosis,
        RegistryEnums.ThresholdField.Als => ClinicalField.Als,
        RegistryEnums.ThresholdField.Haemophilia => ClinicalField.Haemophilia,
        RegistryEnums.ThresholdField.Willebrand => ClinicalField.Willebrand,
        RegistryEnums.ThresholdField.Platelet => ClinicalField.Platelet,
    };
}
