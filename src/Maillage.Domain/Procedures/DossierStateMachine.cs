namespace Maillage.Domain.Procedures;

/// <summary>The outcome of asking for a transition: the next state, or the reason it is refused (French, for users).</summary>
public sealed record Transition(DossierState From, DossierAction Action, DossierState? To, string? Refusal)
{
    public bool Allowed => To is not null;
}

/// <summary>
/// The state machine of a dossier. Successions (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe « Procédure d'actualisation de la liste des CRMR et des FSMR »): the dossier is put together, sent to the ministry, referred
/// to the labelling follow-up committee for its opinion, then the ministry designates (approves) or refuses. The change of
/// seat establishment has no committee step in the source: the ministry decides on the dossier sent to it.
/// </summary>
public static class DossierStateMachine
{
    public static bool HasCommitteeStep(ProcedureKind kind) =>
        kind is ProcedureKind.CentreHeadSuccession or ProcedureKind.FiliereCoordinatorSuccession;

    /// <summary>The dossiers of a call (labelling campaign, call for projects) are assessed by the call's jury.</summary>
    public static bool HasJuryStep(ProcedureKind kind) => kind is ProcedureKind.LabellingApplication or ProcedureKind.PlatformProject;

    /// <summary>A labelling application is decided site by site; the other procedures are approved or rejected as a whole.</summary>
    public static bool IsDecidedPerSite(ProcedureKind kind) => kind == ProcedureKind.LabellingApplication;

    /// <summary>Who performs an action: the ministry for everything after submission; the dossier's authors before.</summary>
    public static Party Actor(DossierAction action) => action switch
    {
        DossierAction.Submit => Party.EstablishmentDirection,
        DossierAction.Withdraw => Party.EstablishmentDirection,
        DossierAction.RecordCommitteeOpinion => Party.FollowUpCommittee,
        DossierAction.ReturnForCompletion or DossierAction.ReferToCommittee or DossierAction.Approve or DossierAction.Reject
            or DossierAction.ReferToJury or DossierAction.CloseJuryReview or DossierAction.Decide => Party.Ministry,
    };

    public static Transition Next(ProcedureKind kind, DossierState from, DossierAction action)
    {
        var committee = HasCommitteeStep(kind);
        var jury = HasJuryStep(kind);
        var perSite = IsDecidedPerSite(kind);
        var direct = !committee && !jury;
        DossierState? to = (from, action) switch
        {
            (DossierState.Draft, DossierAction.Submit) => DossierState.Submitted,
            (DossierState.Draft, DossierAction.Withdraw) => DossierState.Withdrawn,
            (DossierState.Submitted, DossierAction.Withdraw) => DossierState.Withdrawn,
            (DossierState.Submitted, DossierAction.ReturnForCompletion) => DossierState.Draft,
            (DossierState.Submitted, DossierAction.ReferToCommittee) when committee => DossierState.CommitteeReview,
            (DossierState.Submitted, DossierAction.Approve) when direct => DossierState.Approved,
            (DossierState.Submitted, DossierAction.Reject) when direct => DossierState.Rejected,
            (DossierState.Submitted, DossierAction.ReferToJury) when jury => DossierState.JuryReview,
            (DossierState.JuryReview, DossierAction.CloseJuryReview) when jury => DossierState.AwaitingDecision,
            (DossierState.AwaitingDecision, DossierAction.Approve) when jury && !perSite => DossierState.Approved,
            (DossierState.AwaitingDecision, DossierAction.Reject) when jury && !perSite => DossierState.Rejected,
            (DossierState.AwaitingDecision, DossierAction.Decide) when perSite => DossierState.Decided,
            (DossierState.CommitteeReview, DossierAction.RecordCommitteeOpinion) when committee => DossierState.AwaitingDecision,
            (DossierState.AwaitingDecision, DossierAction.Approve) when committee => DossierState.Approved,
            (DossierState.AwaitingDecision, DossierAction.Reject) when committee => DossierState.Rejected,
            _ => null,
        };
        return to is { } t
            ? new Transition(from, action, t, null)
            : new Transition(from, action, null, Refusal(kind, from, action, committee, jury, perSite));
    }

    /// <summary>The actions allowed from a state, in a stable order.</summary>
    public static IReadOnlyList<DossierAction> AllowedActions(ProcedureKind kind, DossierState from) =>
        Enum.GetValues<DossierAction>().Where(a => Next(kind, from, a).Allowed).ToList();

    public static bool IsFinal(DossierState s) => s is DossierState.Approved or DossierState.Rejected or DossierState.Withdrawn or DossierState.Decided;

    private static string Refusal(ProcedureKind kind, DossierState from, DossierAction action, bool committee, bool jury, bool perSite)
    {
        var what = $"Impossible {French.De(action.Label())} : le dossier est « {from.Label()} ».";
        if (IsFinal(from)) return what + " Une décision ou un retrait est définitif ; ouvrez un nouveau dossier si nécessaire.";
        return (action, from) switch
        {
            (DossierAction.ReferToJury or DossierAction.CloseJuryReview, _) when !jury => what + $" La procédure « {kind.Label()} » ne prévoit pas de jury.",
            (DossierAction.Decide, _) when !perSite => what + $" La procédure « {kind.Label()} » se conclut par une acceptation ou un refus, pas par une décision site par site.",
            (DossierAction.Approve or DossierAction.Reject, _) when perSite => what + " Une candidature à la labellisation est décidée site par site.",
            (DossierAction.Approve or DossierAction.Reject or DossierAction.Decide, DossierState.Submitted) when jury =>
                what + " Le dossier doit d'abord être évalué par le jury.",
            (DossierAction.Approve or DossierAction.Reject or DossierAction.Decide, DossierState.JuryReview) =>
                what + " L'évaluation du jury n'est pas close.",
            (DossierAction.CloseJuryReview, _) => what + " Le jury n'a pas été saisi de ce dossier.",
            (DossierAction.ReferToJury, DossierState.Draft) => what + " Le dossier n'a pas encore été déposé.",
            (DossierAction.Withdraw, DossierState.JuryReview) => what + " Un dossier ne peut plus être retiré une fois transmis au jury.",
            (DossierAction.Approve or DossierAction.Reject, DossierState.Draft) => what + " Le dossier doit d'abord être déposé.",
            (DossierAction.Approve or DossierAction.Reject, DossierState.Submitted) when committee =>
                what + " L'avis du comité de suivi de la labellisation est requis avant la décision.",
            (DossierAction.Approve or DossierAction.Reject, DossierState.CommitteeReview) =>
                what + " L'avis du comité de suivi n'a pas encore été enregistré.",
            (DossierAction.ReferToCommittee, _) when !committee => what + $" La procédure « {kind.Label()} » ne prévoit pas d'avis du comité de suivi.",
            (DossierAction.ReferToCommittee or DossierAction.ReturnForCompletion, DossierState.Draft) => what + " Le dossier n'a pas encore été déposé.",
            (DossierAction.RecordCommitteeOpinion, _) => what + " Le comité de suivi n'a pas été saisi de ce dossier.",
            (DossierAction.Submit, _) => what + " Il a déjà été déposé.",
            (DossierAction.Withdraw, _) => what + " Un dossier ne peut plus être retiré une fois transmis au comité de suivi.",
            _ => what,
        };
    }
}
