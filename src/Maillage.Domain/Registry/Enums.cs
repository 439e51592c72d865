namespace Maillage.Domain.Registry;

/// <summary>Kind of a labelled unit in one establishment.</summary>
public enum CentreKind
{
    /// <summary>A site of a CRMR network (coordinating or constitutive): "centre de référence".</summary>
    ReferenceSite,
    /// <summary>CCMR: "centre de compétence maladies rares".</summary>
    CompetenceCentre,
    /// <summary>CRC: "centre de ressources et de compétences".</summary>
    ResourceCentre,
}

/// <summary>Role of a reference site in its network.</summary>
public enum SiteRole
{
    Coordinating,
    Constitutive,
}

/// <summary>The field that decides a CRMR network's activity thresholds (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §1).</summary>
public enum ThresholdField
{
    General,
    CysticFibrosis,
    Als,
    Haemophilia,
    Willebrand,
    Platelet,
}

public enum AgeValence
{
    Paediatric,
    Adult,
    Both,
}

/// <summary>The three kinds of CRC (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §1 « Les centres de compétence et centres de ressources et de compétences »).</summary>
public enum ResourceCentreKind
{
    /// <summary>CRC-MHC: haemophilia and constitutional bleeding disorders.</summary>
    Mhc,
    /// <summary>CRCM: cystic fibrosis.</summary>
    Crcm,
    /// <summary>CRC-SLA: ALS and motor-neuron diseases.</summary>
    Sla,
}

public enum PlatformKind
{
    /// <summary>PEMR: plateforme d'expertise maladies rares.</summary>
    Expertise,
    /// <summary>Plateforme de coordination outre-mer.</summary>
    Overseas,
}

public enum EstablishmentLevel
{
    /// <summary>EJ: entité juridique.</summary>
    LegalEntity,
    /// <summary>ET: établissement géographique.</summary>
    Site,
}

public enum EstablishmentCategory
{
    /// <summary>CHU/CHR: centre hospitalier universitaire / régional.</summary>
    Chu,
    /// <summary>CH: centre hospitalier.</summary>
    Ch,
    /// <summary>ESPIC: établissement de santé privé d'intérêt collectif.</summary>
    Espic,
    /// <summary>CLCC: centre de lutte contre le cancer.</summary>
    Clcc,
    /// <summary>Private for-profit clinic.</summary>
    Private,
    Other,
}

/// <summary>
/// The statutory position of a head (a centre's head, a filière's coordinator): the one enum of the registry and of the
/// campaign referentials (présentation DGOS du 7 avril 2022, « Rappel des critères de labellisation »).
/// </summary>
public enum HeadStatus
{
    PuPh,
    McuPh,
    PhFullTime,
    PhPartTime,
    Contractual,
    ConsultantProfessor,
}

/// <summary>
/// The code+label table of <see cref="HeadStatus"/>. The labels are the wording of the sources: « Etre PUPH, MCU-PH ou
/// PH tps plein », « pas de statut "contractuel" », « les professeurs consultants » (DGOS, labellisation 2023-2028 des
/// CRMR, conditions du responsable/coordonnateur médical); lower case, as they are read inside a sentence.
/// </summary>
public static class HeadStatuses
{
    public static readonly EnumTable<HeadStatus> Table = new(v => v switch
    {
        HeadStatus.PuPh => ("pu_ph", "PU-PH"),
        HeadStatus.McuPh => ("mcu_ph", "MCU-PH"),
        HeadStatus.PhFullTime => ("ph_full_time", "PH temps plein"),
        HeadStatus.PhPartTime => ("ph_part_time", "PH temps partiel"),
        HeadStatus.Contractual => ("contractual", "contractuel"),
        HeadStatus.ConsultantProfessor => ("consultant_professor", "professeur consultant"),
    });

    public static string Code(this HeadStatus value) => Table.Code(value);

    public static string Label(this HeadStatus value) => Table.Label(value);
}

public enum MandateRole
{
    /// <summary>Head of a centre (site, CCMR, CRC): "responsable".</summary>
    CentreHead,
    /// <summary>Coordinator of a filière.</summary>
    FiliereCoordinator,
    /// <summary>Head of an expertise or overseas platform.</summary>
    PlatformHead,
}

public enum LabelDecision
{
    Labelled,
    LabelledWithReservations,
    NotRetained,
}

/// <summary>What a labelling period labels.</summary>
public enum PeriodScope
{
    /// <summary>CRMR, CCMR, CRC and platforms.</summary>
    Centres,
    /// <summary>FSMR (filières).</summary>
    Filieres,
}

/// <summary>What a patient association's convention is signed with.</summary>
public enum ConventionTarget
{
    Network,
    Centre,
    Filiere,
}
