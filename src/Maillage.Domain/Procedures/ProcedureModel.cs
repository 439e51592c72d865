namespace Maillage.Domain.Procedures;

/// <summary>The procedures that change the network (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe « Procédure d'actualisation de la liste des CRMR et des FSMR »; présentation DGOS du 7 avril 2022; note DGOS/MMR/2020/221 du 7 décembre 2020; Alliance maladies rares, fiche pratique « Centres de référence et de compétence », mai 2022).</summary>
public enum ProcedureKind
{
    /// <summary>Succession of the head of a centre (reference site, competence centre or CRC) — note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe « Procédure d'actualisation de la liste des CRMR et des FSMR ».</summary>
    CentreHeadSuccession,
    /// <summary>Succession of a filière (FSMR) coordinator — note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe « Procédure d'actualisation de la liste des CRMR et des FSMR ».</summary>
    FiliereCoordinatorSuccession,
    /// <summary>Change of the seat establishment of a centre when its head moves — note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe « Procédure d'actualisation de la liste des CRMR et des FSMR ».</summary>
    SeatChange,
    /// <summary>Change of the seat establishment of a filière (FSMR) when its coordinator moves — note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe « Procédure d'actualisation de la liste des CRMR et des FSMR ».</summary>
    FiliereSeatChange,
    /// <summary>A CRMR network's application in a labelling campaign — seeds 001, 004 (one dossier per network).</summary>
    LabellingApplication,
    /// <summary>An expertise platform's (PEMR) project in a call for projects — note d'information n° DGOS/MMR/2020/221 du 7 décembre 2020.</summary>
    PlatformProject,
}

/// <summary>A call that dossiers answer: the 5-year labelling campaign, or the platforms' call for projects.</summary>
public enum CallKind
{
    LabellingCampaign,
    PlatformCall,
}

/// <summary>Where a dossier stands.</summary>
public enum DossierState
{
    /// <summary>Being put together: documents and opinions are added.</summary>
    Draft,
    /// <summary>Sent to the ministry (DGOS), complete.</summary>
    Submitted,
    /// <summary>With the labelling follow-up committee for its opinion.</summary>
    CommitteeReview,
    /// <summary>The committee (or the jury) has given its opinion; the ministry decides.</summary>
    AwaitingDecision,
    /// <summary>Assessed by the call's jury (labelling campaign, call for projects).</summary>
    JuryReview,
    /// <summary>A labelling application decided site by site (each site labelled, with reservations, or not retained).</summary>
    Decided,
    Approved,
    Rejected,
    Withdrawn,
}

/// <summary>What moves a dossier from one state to another.</summary>
public enum DossierAction
{
    Submit,
    /// <summary>The ministry sends an incomplete or faulty dossier back to its authors, with a reason.</summary>
    ReturnForCompletion,
    /// <summary>The ministry refers the dossier to the follow-up committee.</summary>
    ReferToCommittee,
    /// <summary>The committee's opinion is recorded.</summary>
    RecordCommitteeOpinion,
    Approve,
    Reject,
    Withdraw,
    /// <summary>The ministry hands a submitted dossier to the call's jury.</summary>
    ReferToJury,
    /// <summary>The jury's assessment is complete (every assigned member has reviewed): the ministry may decide.</summary>
    CloseJuryReview,
    /// <summary>The ministry records its decision for each site of a labelling application.</summary>
    Decide,
}

/// <summary>An opinion on a dossier (favourable, with reservations, unfavourable).</summary>
public enum OpinionValue
{
    Favourable,
    Reserved,
    Unfavourable,
}

/// <summary>Is an item a document (a PDF) or an opinion (a value, reasons, and optionally a signed PDF)?</summary>
public enum ItemType
{
    Document,
    Opinion,
}

/// <summary>Who provides an item or performs an action.</summary>
public enum Party
{
    /// <summary>The outgoing head or coordinator.</summary>
    OutgoingHolder,
    /// <summary>The successor (candidate).</summary>
    Successor,
    /// <summary>The director and/or the directoire of an establishment concerned.</summary>
    EstablishmentDirection,
    /// <summary>The head of a constitutive site of the network (advisory opinion on a coordinating site's succession).</summary>
    ConstitutiveHead,
    /// <summary>The head of the network's coordinating site (advisory opinion on another site's succession).</summary>
    CoordinatingHead,
    /// <summary>The filière the centre belongs to (its coordinator).</summary>
    Filiere,
    /// <summary>A patient association linked to the centre.</summary>
    Association,
    /// <summary>The filière's governance committee.</summary>
    FiliereGovernance,
    /// <summary>The labelling follow-up committee.</summary>
    FollowUpCommittee,
    /// <summary>The ministry (DGOS, Mission maladies rares).</summary>
    Ministry,
    /// <summary>The head (or coordinator) who moves to another establishment.</summary>
    MovingHolder,
    /// <summary>The head of a centre (CRMR site, CCMR or CRC) in an expertise platform's scope (note DGOS/MMR/2020/221 du 7 décembre 2020, §IV).</summary>
    CentreHead,
    /// <summary>The dossier's authors (a labelling application: the coordinating site's head and establishment direction).</summary>
    Applicant,
}

/// <summary>Stable snake_case codes (API, files) and French labels.</summary>
public static class ProcedureCodes
{
    public static string Code(this ProcedureKind k) => k switch
    {
        ProcedureKind.CentreHeadSuccession => "centre_head_succession",
        ProcedureKind.FiliereCoordinatorSuccession => "filiere_coordinator_succession",
        ProcedureKind.SeatChange => "seat_change",
        ProcedureKind.FiliereSeatChange => "filiere_seat_change",
        ProcedureKind.LabellingApplication => "labelling_application",
        ProcedureKind.PlatformProject => "platform_project",
    };

    public static string Label(this ProcedureKind k) => k switch
    {
        ProcedureKind.CentreHeadSuccession => "Succession d'un responsable de centre",
        ProcedureKind.FiliereCoordinatorSuccession => "Succession d'un coordonnateur de filière",
        ProcedureKind.SeatChange => "Changement d'établissement siège",
        ProcedureKind.FiliereSeatChange => "Changement d'établissement siège d'une filière",
        ProcedureKind.LabellingApplication => "Candidature d'un CRMR à la labellisation",
        ProcedureKind.PlatformProject => "Projet de plateforme d'expertise maladies rares",
    };

    public static string Code(this DossierState s) => s switch
    {
        DossierState.Draft => "draft",
        DossierState.Submitted => "submitted",
        DossierState.CommitteeReview => "committee_review",
        DossierState.AwaitingDecision => "awaiting_decision",
        DossierState.JuryReview => "jury_review",
        DossierState.Decided => "decided",
        DossierState.Approved => "approved",
        DossierState.Rejected => "rejected",
        DossierState.Withdrawn => "withdrawn",
    };

    public static string Label(this DossierState s) => s switch
    {
        DossierState.Draft => "En préparation",
        DossierState.Submitted => "Déposé",
        DossierState.CommitteeReview => "Avis du comité de suivi en attente",
        DossierState.AwaitingDecision => "Décision de la DGOS en attente",
        DossierState.JuryReview => "En évaluation par le jury",
        DossierState.Decided => "Décidé (site par site)",
        DossierState.Approved => "Accepté",
        DossierState.Rejected => "Refusé",
        DossierState.Withdrawn => "Retiré",
    };

    public static string Code(this DossierAction a) => a switch
    {
        DossierAction.Submit => "submit",
        DossierAction.ReturnForCompletion => "return",
        DossierAction.ReferToCommittee => "refer_to_committee",
        DossierAction.RecordCommitteeOpinion => "committee_opinion",
        DossierAction.Approve => "approve",
        DossierAction.Reject => "reject",
        DossierAction.Withdraw => "withdraw",
        DossierAction.ReferToJury => "refer_to_jury",
        DossierAction.CloseJuryReview => "close_jury_review",
        DossierAction.Decide => "decide",
    };

    public static string Label(this DossierAction a) => a switch
    {
        DossierAction.Submit => "déposer le dossier",
        DossierAction.ReturnForCompletion => "renvoyer le dossier pour complément",
        DossierAction.ReferToCommittee => "saisir le comité de suivi",
        DossierAction.RecordCommitteeOpinion => "enregistrer l'avis du comité de suivi",
        DossierAction.Approve => "accepter (désigner)",
        DossierAction.Reject => "refuser",
        DossierAction.Withdraw => "retirer le dossier",
        DossierAction.ReferToJury => "transmettre le dossier au jury",
        DossierAction.CloseJuryReview => "clore l'évaluation du jury",
        DossierAction.Decide => "enregistrer la décision site par site",
    };

    public static string Code(this OpinionValue o) => o switch
    {
        OpinionValue.Favourable => "favourable",
        OpinionValue.Reserved => "reserved",
        OpinionValue.Unfavourable => "unfavourable",
    };

    public static string Label(this OpinionValue o) => o switch
    {
        OpinionValue.Favourable => "Favorable",
        OpinionValue.Reserved => "Favorable avec réserves",
        OpinionValue.Unfavourable => "Défavorable",
    };

    public static string Code(this Party p) => p switch
    {
        Party.OutgoingHolder => "outgoing_holder",
        Party.Successor => "successor",
        Party.EstablishmentDirection => "establishment_direction",
        Party.ConstitutiveHead => "constitutive_head",
        Party.CoordinatingHead => "coordinating_head",
        Party.Filiere => "filiere",
        Party.Association => "association",
        Party.FiliereGovernance => "filiere_governance",
        Party.FollowUpCommittee => "follow_up_committee",
        Party.Ministry => "ministry",
        Party.MovingHolder => "moving_holder",
        Party.CentreHead => "centre_head",
        Party.Applicant => "applicant",
    };

    public static string Code(this CallKind k) => k switch
    {
        CallKind.LabellingCampaign => "labelling_campaign",
        CallKind.PlatformCall => "platform_call",
    };

    public static string Label(this CallKind k) => k switch
    {
        CallKind.LabellingCampaign => "Campagne de labellisation des CRMR, CCMR et CRC",
        CallKind.PlatformCall => "Appel à projets — plateformes d'expertise maladies rares",
    };

    /// <summary>The procedure a call's dossiers follow.</summary>
    public static ProcedureKind DossierKind(this CallKind k) => k switch
    {
        CallKind.LabellingCampaign => ProcedureKind.LabellingApplication,
        CallKind.PlatformCall => ProcedureKind.PlatformProject,
    };

    public static bool TryParse<T>(string? code, out T value) where T : struct, Enum
    {
        foreach (var v in Enum.GetValues<T>())
        {
            var c = v switch
            {
                ProcedureKind k => k.Code(),
                DossierState s => s.Code(),
                DossierAction a => a.Code(),
                OpinionValue o => o.Code(),
                Party p => p.Code(),
                CallKind ck => ck.Code(),
                JurySeat j => j.Code(),
                _ => null,
            };
            if (c is not null && string.Equals(c, code, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }
        value = default;
        return false;
    }
}
