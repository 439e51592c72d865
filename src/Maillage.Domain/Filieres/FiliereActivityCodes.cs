namespace Maillage.Domain.Filieres;

/// <summary>
/// The missions of a filière (FSMR) as its annual report and its action plan are structured: Note d'information
/// DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §2 « Missions » (amélioration de la prise en charge — coordination,
/// parcours, démarche diagnostique —, recherche — dont registres et partage des données —, enseignement, formation et
/// information) and the European reference networks it must be coherent with (§2 « Définition »).
/// </summary>
public enum FsmrMission
{
    Coordination,
    CarePathways,
    Diagnosis,
    Research,
    Training,
    Information,
    Ern,
    Data,
}

/// <summary>Where an action of the 5-year action plan stands (at its last yearly review).</summary>
public enum PlanActionStatus
{
    Planned,
    InProgress,
    Done,
    Delayed,
    Abandoned,
}

/// <summary>What a line of the training and information census is (§2 « Enseignement, formation et information »).</summary>
public enum TrainingKind
{
    Du,
    Diu,
    ELearning,
    EtpProgramme,
    PndsWritten,
    PndsUpdated,
}

/// <summary>A laboratory of the filière (§2 « Définition » : « laboratoires de diagnostic et de recherche »).</summary>
public enum LaboratoryKind
{
    Diagnostic,
    Research,
}

/// <summary>A registry or a cohort attached to a network (CRMR) (§2 « Recherche » : « les registres et bases de données »).</summary>
public enum CohortKind
{
    Registry,
    Cohort,
}

/// <summary>The code+label tables of the filière's activity (docs/filieres-reports.md).</summary>
public static class FiliereActivityCodes
{
    public static readonly EnumTable<FsmrMission> Missions = new(v => v switch
    {
        FsmrMission.Coordination => ("coordination", "coordination et animation"),
        FsmrMission.CarePathways => ("care_pathways", "parcours et prise en charge"),
        FsmrMission.Diagnosis => ("diagnosis", "démarche diagnostique"),
        FsmrMission.Research => ("research", "recherche"),
        FsmrMission.Training => ("training", "enseignement et formation"),
        FsmrMission.Information => ("information", "information"),
        FsmrMission.Ern => ("ern", "réseaux européens de référence (ERN)"),
        FsmrMission.Data => ("data", "données (BNDMR, registres, entrepôts)"),
    });

    public static readonly EnumTable<PlanActionStatus> ActionStatuses = new(v => v switch
    {
        PlanActionStatus.Planned => ("planned", "prévue"),
        PlanActionStatus.InProgress => ("in_progress", "en cours"),
        PlanActionStatus.Done => ("done", "réalisée"),
        PlanActionStatus.Delayed => ("delayed", "en retard"),
        PlanActionStatus.Abandoned => ("abandoned", "abandonnée"),
    });

    public static readonly EnumTable<TrainingKind> TrainingKinds = new(v => v switch
    {
        TrainingKind.Du => ("du", "diplôme universitaire (DU)"),
        TrainingKind.Diu => ("diu", "diplôme inter-universitaire (DIU)"),
        TrainingKind.ELearning => ("e_learning", "formation à distance (e-learning)"),
        TrainingKind.EtpProgramme => ("etp_programme", "programme d'éducation thérapeutique (ETP)"),
        TrainingKind.PndsWritten => ("pnds_written", "PNDS rédigé"),
        TrainingKind.PndsUpdated => ("pnds_updated", "PNDS actualisé"),
    });

    public static readonly EnumTable<LaboratoryKind> LaboratoryKinds = new(v => v switch
    {
        LaboratoryKind.Diagnostic => ("diagnostic", "laboratoire de diagnostic"),
        LaboratoryKind.Research => ("research", "laboratoire de recherche"),
    });

    public static readonly EnumTable<CohortKind> CohortKinds = new(v => v switch
    {
        CohortKind.Registry => ("registry", "registre"),
        CohortKind.Cohort => ("cohort", "cohorte"),
    });
}
