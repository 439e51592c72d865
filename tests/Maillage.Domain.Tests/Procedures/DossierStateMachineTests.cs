using Maillage.Domain.Procedures;
using Xunit;

namespace Maillage.Domain.Tests.Procedures;

public sealed class DossierStateMachineTests
{
    private const ProcedureKind Head = ProcedureKind.CentreHeadSuccession;
    private const ProcedureKind Coord = ProcedureKind.FiliereCoordinatorSuccession;
    private const ProcedureKind Seat = ProcedureKind.SeatChange;
    private const ProcedureKind FiliereSeat = ProcedureKind.FiliereSeatChange;
    private const ProcedureKind Labelling = ProcedureKind.LabellingApplication;
    private const ProcedureKind Platform = ProcedureKind.PlatformProject;

    /// <summary>Every allowed transition; everything else is refused.</summary>
    public static TheoryData<ProcedureKind, DossierState, DossierAction, DossierState> Allowed()
    {
        var data = new TheoryData<ProcedureKind, DossierState, DossierAction, DossierState>();
        foreach (var k in new[] { Head, Coord })
        {
            data.Add(k, DossierState.Draft, DossierAction.Submit, DossierState.Submitted);
            data.Add(k, DossierState.Draft, DossierAction.Withdraw, DossierState.Withdrawn);
            data.Add(k, DossierState.Submitted, DossierAction.Withdraw, DossierState.Withdrawn);
            data.Add(k, DossierState.Submitted, DossierAction.ReturnForCompletion, DossierState.Draft);
            data.Add(k, DossierState.Submitted, DossierAction.ReferToCommittee, DossierState.CommitteeReview);
            data.Add(k, DossierState.CommitteeReview, DossierAction.RecordCommitteeOpinion, DossierState.AwaitingDecision);
            data.Add(k, DossierState.AwaitingDecision, DossierAction.Approve, DossierState.Approved);
            data.Add(k, DossierState.AwaitingDecision, DossierAction.Reject, DossierState.Rejected);
        }
        foreach (var k in new[] { Seat, FiliereSeat })
        {
            data.Add(k, DossierState.Draft, DossierAction.Submit, DossierState.Submitted);
            data.Add(k, DossierState.Draft, DossierAction.Withdraw, DossierState.Withdrawn);
            data.Add(k, DossierState.Submitted, DossierAction.Withdraw, DossierState.Withdrawn);
            data.Add(k, DossierState.Submitted, DossierAction.ReturnForCompletion, DossierState.Draft);
            data.Add(k, DossierState.Submitted, DossierAction.Approve, DossierState.Approved);
            data.Add(k, DossierState.Submitted, DossierAction.Reject, DossierState.Rejected);
        }
        foreach (var k in new[] { Labelling, Platform })
        {
            data.Add(k, DossierState.Draft, DossierAction.Submit, DossierState.Submitted);
            data.Add(k, DossierState.Draft, DossierAction.Withdraw, DossierState.Withdrawn);
            data.Add(k, DossierState.Submitted, DossierAction.Withdraw, DossierState.Withdrawn);
            data.Add(k, DossierState.Submitted, DossierAction.ReturnForCompletion, DossierState.Draft);
            data.Add(k, DossierState.Submitted, DossierAction.ReferToJury, DossierState.JuryReview);
            data.Add(k, DossierState.JuryReview, DossierAction.CloseJuryReview, DossierState.AwaitingDecision);
        }
        data.Add(Labelling, DossierState.AwaitingDecision, DossierAction.Decide, DossierState.Decided);
        data.Add(Platform, DossierState.AwaitingDecision, DossierAction.Approve, DossierState.Approved);
        data.Add(Platform, DossierState.AwaitingDecision, DossierAction.Reject, DossierState.Rejected);
        return data;
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Allowed_transitions_reach_their_state(ProcedureKind kind, DossierState from, DossierAction action, DossierState to)
    {
        var t = DossierStateMachine.Next(kind, from, action);
        Assert.True(t.Allowed);
        Assert.Equal(to, t.To);
        Assert.Null(t.Refusal);
    }

    [Fact]
    public void Every_other_transition_is_refused_with_a_message_naming_the_action_and_state()
    {
        var allowed = Allowed().Select(r => (r.Data.Item1, r.Data.Item2, r.Data.Item3)).ToHashSet();
        var refused = 0;
        foreach (var kind in Enum.GetValues<ProcedureKind>())
            foreach (var from in Enum.GetValues<DossierState>())
                foreach (var action in Enum.GetValues<DossierAction>())
                {
                    if (allowed.Contains((kind, from, action))) continue;
                    var t = DossierStateMachine.Next(kind, from, action);
                    Assert.False(t.Allowed, $"{kind} {from} {action}");
                    Assert.Null(t.To);
                    Assert.Contains(action.Label(), t.Refusal, StringComparison.Ordinal);
                    Assert.Contains(from.Label(), t.Refusal, StringComparison.Ordinal);
                    refused++;
                }
        Assert.Equal(Enum.GetValues<ProcedureKind>().Length * Enum.GetValues<DossierState>().Length * Enum.GetValues<DossierAction>().Length - allowed.Count, refused);
        Assert.Equal(6 * 9 * 10 - allowed.Count, refused);
    }

    [Fact]
    public void A_succession_cannot_be_decided_before_the_committee_has_given_its_opinion()
    {
        var t = DossierStateMachine.Next(Head, DossierState.Submitted, DossierAction.Approve);
        Assert.False(t.Allowed);
        Assert.Contains("comité de suivi", t.Refusal, StringComparison.Ordinal);
        Assert.False(DossierStateMachine.Next(Head, DossierState.CommitteeReview, DossierAction.Approve).Allowed);
    }

    [Fact]
    public void A_decision_is_final()
    {
        foreach (var s in new[] { DossierState.Approved, DossierState.Rejected, DossierState.Withdrawn, DossierState.Decided })
        {
            Assert.True(DossierStateMachine.IsFinal(s));
            Assert.Empty(DossierStateMachine.AllowedActions(Head, s));
            Assert.Contains("définitif", DossierStateMachine.Next(Head, s, DossierAction.Submit).Refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Allowed_actions_from_a_submitted_dossier_depend_on_the_committee_step()
    {
        Assert.Equal([DossierAction.ReturnForCompletion, DossierAction.ReferToCommittee, DossierAction.Withdraw],
            DossierStateMachine.AllowedActions(Head, DossierState.Submitted));
        Assert.Equal([DossierAction.ReturnForCompletion, DossierAction.Approve, DossierAction.Reject, DossierAction.Withdraw],
            DossierStateMachine.AllowedActions(Seat, DossierState.Submitted));
    }

    [Fact]
    public void A_call_dossier_goes_to_the_jury_and_a_labelling_application_is_decided_site_by_site()
    {
        Assert.Contains("jury", DossierStateMachine.Next(Labelling, DossierState.Submitted, DossierAction.Decide).Refusal, StringComparison.Ordinal);
        Assert.Contains("pas close", DossierStateMachine.Next(Platform, DossierState.JuryReview, DossierAction.Approve).Refusal, StringComparison.Ordinal);
        Assert.Contains("site par site", DossierStateMachine.Next(Labelling, DossierState.AwaitingDecision, DossierAction.Approve).Refusal, StringComparison.Ordinal);
        Assert.Contains("pas de jury", DossierStateMachine.Next(Head, DossierState.Submitted, DossierAction.ReferToJury).Refusal, StringComparison.Ordinal);
        Assert.Contains("comité de suivi", DossierStateMachine.Next(Platform, DossierState.Submitted, DossierAction.ReferToCommittee).Refusal, StringComparison.Ordinal);
        Assert.Equal([DossierAction.ReturnForCompletion, DossierAction.Withdraw, DossierAction.ReferToJury],
            DossierStateMachine.AllowedActions(Labelling, DossierState.Submitted));
        Assert.Equal(Labelling, CallKind.LabellingCampaign.DossierKind());
        Assert.Equal(Platform, CallKind.PlatformCall.DossierKind());
    }

    [Fact]
    public void Codes_round_trip()
    {
        foreach (var a in Enum.GetValues<DossierAction>())
        {
            Assert.True(ProcedureCodes.TryParse<DossierAction>(a.Code(), out var back));
            Assert.Equal(a, back);
        }
        foreach (var s in Enum.GetValues<DossierState>())
        {
            Assert.True(ProcedureCodes.TryParse<DossierState>(s.Code(), out var back));
            Assert.Equal(s, back);
        }
        Assert.False(ProcedureCodes.TryParse<DossierAction>("Approve", out _));
    }
}
