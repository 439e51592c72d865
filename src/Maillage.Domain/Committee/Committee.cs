namespace Maillage.Domain.Committee;

// The follow-up committee of the labelling (« comité de suivi de la labellisation »): note d'information
// n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §5 « Actualisation et suivi de la labellisation ».

/// <summary>A member's seat: the president and vice-president are named by the DGOS and the DGRI (note of 2018, §5).</summary>
public enum CommitteeSeat
{
    President,
    VicePresident,
    Member,
}

/// <summary>Who the member represents (note of 2018, §5: « Sont également représentés … »).</summary>
public enum CommitteeCollege
{
    /// <summary>A personality named by the DGOS/DGRI (the president and vice-president).</summary>
    QualifiedPersonality,
    Crmr,
    Fsmr,
    Research,
    PublicHealth,
    PatientAssociations,
    ChuDirections,
    Ars,
    CentralAdministration,
}

/// <summary>The directorate that named the president or the vice-president.</summary>
public enum AppointingBody
{
    Dgos,
    Dgri,
}

public enum MeetingStatus
{
    Planned,
    Held,
    Cancelled,
}

/// <summary>What an opinion of the committee's register is about (note of 2018, §5, missions 1 and 2).</summary>
public enum CommitteeSubject
{
    /// <summary>A succession of a centre head or a filière coordinator (mission 2: « donner un avis sur les dossiers de succession »).</summary>
    Succession,
    /// <summary>A labelling decision (a campaign's dossier).</summary>
    LabellingDecision,
    /// <summary>A labelling with reservations (mission 1: « labellisation avec réserve »).</summary>
    Reserve,
    /// <summary>A situation the rules do not cover, judged by exception (« conforme par exception », insufficient activity…).</summary>
    Exception,
}

public static class CommitteeTables
{
    public static readonly EnumTable<CommitteeSeat> Seats = new(v => v switch
    {
        CommitteeSeat.President => ("president", "Président"),
        CommitteeSeat.VicePresident => ("vice_president", "Vice-président"),
        CommitteeSeat.Member => ("member", "Membre"),
    });

    public static readonly EnumTable<CommitteeCollege> Colleges = new(v => v switch
    {
        CommitteeCollege.QualifiedPersonality => ("qualified_personality", "Personnalité désignée (DGOS/DGRI)"),
        CommitteeCollege.Crmr => ("crmr", "Centres de référence (CRMR)"),
        CommitteeCollege.Fsmr => ("fsmr", "Filières (FSMR)"),
        CommitteeCollege.Research => ("research", "Valence recherche"),
        CommitteeCollege.PublicHealth => ("public_health", "Médecin de santé publique"),
        CommitteeCollege.PatientAssociations => ("patient_associations", "Associations de personnes malades"),
        CommitteeCollege.ChuDirections => ("chu_directions", "Directions de CHU"),
        CommitteeCollege.Ars => ("ars", "Agences régionales de santé"),
        CommitteeCollege.CentralAdministration => ("central_administration", "Directions d'administration centrale"),
    });

    public static readonly EnumTable<AppointingBody> Bodies = new(v => v switch
    {
        AppointingBody.Dgos => ("dgos", "DGOS"),
        AppointingBody.Dgri => ("dgri", "DGRI"),
    });

    public static readonly EnumTable<MeetingStatus> MeetingStatuses = new(v => v switch
    {
        MeetingStatus.Planned => ("planned", "Prévue"),
        MeetingStatus.Held => ("held", "Tenue"),
        MeetingStatus.Cancelled => ("cancelled", "Annulée"),
    });

    public static readonly EnumTable<CommitteeSubject> Subjects = new(v => v switch
    {
        CommitteeSubject.Succession => ("succession", "Succession"),
        CommitteeSubject.LabellingDecision => ("labelling_decision", "Décision de labellisation"),
        CommitteeSubject.Reserve => ("reserve", "Labellisation avec réserve"),
        CommitteeSubject.Exception => ("exception", "Situation dérogatoire (par exception)"),
    });

    public static string Code(this CommitteeSeat v) => Seats.Code(v);
    public static string Label(this CommitteeSeat v) => Seats.Label(v);
    public static string Code(this CommitteeCollege v) => Colleges.Code(v);
    public static string Label(this CommitteeCollege v) => Colleges.Label(v);
    public static string Code(this AppointingBody v) => Bodies.Code(v);
    public static string Label(this AppointingBody v) => Bodies.Label(v);
    public static string Code(this MeetingStatus v) => MeetingStatuses.Code(v);
    public static string Label(this MeetingStatus v) => MeetingStatuses.Label(v);
    public static string Code(this CommitteeSubject v) => Subjects.Code(v);
    public static string Label(this CommitteeSubject v) => Subjects.Label(v);
}

/// <summary>The committee's rules, pure.</summary>
public static class CommitteeRules
{
    public const string Source = "Note d'information n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §5 « Actualisation et suivi de la labellisation »";

    /// <summary>« Il se réunit 2 fois par an au minimum » (note of 2018, §5).</summary>
    public const int MinimumMeetingsPerYear = 2;

    /// <summary>
    /// The warning shown when fewer than <see cref="MinimumMeetingsPerYear"/> meetings are planned or held in a year
    /// (cancelled meetings do not count); null when the year has enough. A warning, not a refusal: the committee may meet
    /// « de sa propre initiative ou à celle de la DGOS ou de la DGRI » at any time.
    /// </summary>
    public static string? MeetingsWarning(int year, int plannedOrHeld)
    {
        if (plannedOrHeld >= MinimumMeetingsPerYear) return null;
        var n = plannedOrHeld switch { 0 => "aucune réunion n'est prévue", 1 => "une seule réunion est prévue", _ => $"{plannedOrHeld} réunions sont prévues" };
        return $"En {year}, {n} : le comité de suivi se réunit au moins {MinimumMeetingsPerYear} fois par an ({Source}).";
    }

    /// <summary>The subject an opinion on a dossier of this kind is about by default.</summary>
    public static CommitteeSubject DefaultSubject(Procedures.ProcedureKind kind) => kind switch
    {
        Procedures.ProcedureKind.CentreHeadSuccession or Procedures.ProcedureKind.FiliereCoordinatorSuccession => CommitteeSubject.Succession,
        Procedures.ProcedureKind.LabellingApplication => CommitteeSubject.LabellingDecision,
        Procedures.ProcedureKind.SeatChange or Procedures.ProcedureKind.FiliereSeatChange or Procedures.ProcedureKind.PlatformProject => CommitteeSubject.Exception,
    };
}
