namespace Maillage.Domain.Procedures;

/// <summary>The outcome of asking for a transition: the next state, or the reason it is refused (French, for users).</summary>
public sealed record Transition(DossierState From, DossierAction Action, DossierState? To, string? Refusal)
{
    public bool Allowed => To is not null;
}

/// <summary>
/// The state machine of a dossier. Successions (seed 000 annex): the dossier is put together, sent to the ministry, referred
/// to the labelling follow-up committee for its opinion, then the ministry designates (approves) or refuses. The change of
/// seat establishment has no committee step in the source: the ministry decides on the dossier sent to it.
/// </summary>
public static class DossierStateMachine
{
    public static bool HasCommitteeStep(ProcedureKind kind) => kind != ProcedureKind.SeatChange;

    /// <summary>Who performs an action: the ministry for everything after submission; the dossier's authors before.</summary>
    public static Party Actor(DossierAction action) => action switch
    {
        DossierAction.Submit => Party.EstablishmentDirection,
        DossierAction.Withdraw => Party.EstablishmentDirection,
        DossierAction.RecordCommitteeOpinion => Party.FollowUpCommittee,
        _ => Party.Ministry,
    };

    public static Transition Next(ProcedureKind kind, DossierState from, DossierAction action)
    {
        var committee = HasCommitteeStep(kind);
        DossierState? to = (from, action) switch
        {
            (DossierState.Draft, DossierAction.Submit) => DossierState.Submitted,
            (DossierState.Draft, DossierAction.Withdraw) => DossierState.Withdrawn,
            (DossierState.Submitted, DossierAction.Withdraw) => DossierState.Withdrawn,
            (DossierState.Submitted, DossierAction.ReturnForCompletion) => DossierState.Draft,
            (DossierState.Submitted, DossierAction.ReferToCommittee) when committee => DossierState.CommitteeReview,
            (DossierState.Submitted, DossierAction.Approve) when !committee => DossierState.Approved,
            (DossierState.Submitted, DossierAction.Reject) when !committee => DossierState.Rejected,
            (DossierState.CommitteeReview, DossierAction.RecordCommitteeOpinion) when committee => DossierState.AwaitingDecision,
            (DossierState.AwaitingDecision, DossierAction.Approve) when committee => DossierState.Approved,
            (DossierState.AwaitingDecision, DossierAction.Reject) when committee => DossierState.Rejected,
            _ => null,
        };
        return to is { } t
            ? new Transition(from, action, t, null)
            : new Transition(from, action, null, Refusal(kind, from, action, committee));
    }

    /// <summary>The actions allowed from a state, in a stable order.</summary>
    public static IReadOnlyList<DossierAction> AllowedActions(ProcedureKind kind, DossierState from) =>
        Enum.GetValues<DossierAction>().Where(a => Next(kind, from, a).Allowed).ToList();

    public static bool IsFinal(DossierState s) => s is DossierState.Approved or DossierState.Rejected or DossierState.Withdrawn;

    private static string Refusal(ProcedureKind kind, DossierState from, DossierAction action, bool committee)
    {
        var what = $"Impossible de {action.Label()} : le dossier est « {from.Label()} ».";
        if (IsFinal(from)) return what + " Une décision ou un retrait est définitif ; ouvrez un nouveau dossier si nécessaire.";
        return (action, from) switch
        {
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
