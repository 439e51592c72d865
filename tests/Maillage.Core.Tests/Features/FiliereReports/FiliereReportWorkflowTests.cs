using Maillage.Domain.Reports;
using Xunit;

namespace Maillage.Core.Tests.Features.FiliereReports;

/// <summary>
/// A filière's report on the centres' state machine with subject « filière » (docs/filieres-reports.md): every
/// (status, action, actor) triple, the campaign deadline's boundary (the same arm as a centre head's submission), the
/// reopening reason, and a centre's report untouched by the new actor and action.
/// </summary>
public sealed class FiliereReportWorkflowTests
{
    private static readonly DateOnly Deadline = new(2025, 3, 31);
    private static ReportContext Open(string? reason = "motif") => new(Deadline, Deadline, false, reason);

    private static readonly Dictionary<(ReportStatus, ReportAction, ReportActor), ReportStatus> Allowed = new()
    {
        [(ReportStatus.Draft, ReportAction.Save, ReportActor.FiliereCoordinator)] = ReportStatus.Draft,
        [(ReportStatus.Draft, ReportAction.Save, ReportActor.Ministry)] = ReportStatus.Draft,
        [(ReportStatus.Draft, ReportAction.Submit, ReportActor.FiliereCoordinator)] = ReportStatus.Submitted,
        [(ReportStatus.Submitted, ReportAction.MarkReceived, ReportActor.Ministry)] = ReportStatus.Received,
        [(ReportStatus.Submitted, ReportAction.Reopen, ReportActor.Ministry)] = ReportStatus.Draft,
        [(ReportStatus.Received, ReportAction.Reopen, ReportActor.Ministry)] = ReportStatus.Draft,
    };

    public static TheoryData<ReportStatus, ReportAction, ReportActor> AllTriples()
    {
        var data = new TheoryData<ReportStatus, ReportAction, ReportActor>();
        foreach (var s in Enum.GetValues<ReportStatus>())
            foreach (var a in Enum.GetValues<ReportAction>())
                foreach (var who in Enum.GetValues<ReportActor>())
                    data.Add(s, a, who);
        return data;
    }

    [Theory, MemberData(nameof(AllTriples))]
    public void Every_transition_of_a_filiere_report_is_allowed_exactly_when_listed(ReportStatus status, ReportAction action, ReportActor actor)
    {
        var d = ReportWorkflow.Decide(ReportSubject.Filiere, status, action, actor, Open());
        if (Allowed.TryGetValue((status, action, actor), out var expected))
        {
            Assert.True(d.Allowed);
            Assert.Equal(expected, d.Status);
        }
        else
        {
            Assert.False(d.Allowed);
            Assert.Equal(status, d.Status);
            Assert.Matches("^(Seul|Seule|Impossible|Le rapport)", d.Refusal!);
        }
    }

    [Fact]
    public void The_coordinator_submits_on_the_deadline_day_without_warning_and_the_day_after_with_one_unless_the_ministry_reopened()
    {
        // The centres' rule (issue 12 §1, report calendar): a late report is accepted with a warning, the ministry decides.
        var onDay = ReportWorkflow.Decide(ReportSubject.Filiere, ReportStatus.Draft, ReportAction.Submit, ReportActor.FiliereCoordinator, new(Deadline, Deadline, false, null));
        Assert.True(onDay.Allowed);
        Assert.Null(onDay.Warning);
        var after = ReportWorkflow.Decide(ReportSubject.Filiere, ReportStatus.Draft, ReportAction.Submit, ReportActor.FiliereCoordinator, new(Deadline.AddDays(1), Deadline, false, null));
        Assert.True(after.Allowed);
        Assert.Equal(ReportStatus.Submitted, after.Status);
        Assert.Contains("31 mars 2025", after.Warning, StringComparison.Ordinal);
        var reopened = ReportWorkflow.Decide(ReportSubject.Filiere, ReportStatus.Draft, ReportAction.Submit, ReportActor.FiliereCoordinator, new(Deadline.AddDays(1), Deadline, true, null));
        Assert.True(reopened.Allowed);
        Assert.Null(reopened.Warning);
        Assert.True(ReportWorkflow.Decide(ReportSubject.Filiere, ReportStatus.Draft, ReportAction.Save, ReportActor.FiliereCoordinator, new(Deadline.AddDays(1), Deadline, false, null)).Allowed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Reopening_a_received_report_needs_a_reason(string? reason)
    {
        var d = ReportWorkflow.Decide(ReportSubject.Filiere, ReportStatus.Received, ReportAction.Reopen, ReportActor.Ministry, Open(reason));
        Assert.False(d.Allowed);
        Assert.Equal("Le motif de la réouverture est obligatoire.", d.Refusal);
    }

    [Fact]
    public void A_centre_report_ignores_the_filiere_coordinator_and_cannot_be_marked_received()
    {
        Assert.True(ReportWorkflow.Decide(ReportSubject.Centre, ReportStatus.Draft, ReportAction.Save, ReportActor.FiliereCoordinator, Open()).Forbidden);
        Assert.False(ReportWorkflow.Decide(ReportSubject.Centre, ReportStatus.Submitted, ReportAction.MarkReceived, ReportActor.Ministry, Open()).Allowed);
        Assert.Equal(ReportStatus.Validated, ReportWorkflow.Decide(ReportSubject.Centre, ReportStatus.Submitted, ReportAction.Validate, ReportActor.Establishment, Open()).Status);
        Assert.True(ReportStatus.Received.IsLocked());
    }
}
