using Maillage.Core.Features.Reports;
using Maillage.Domain.Reports;
using Xunit;

namespace Maillage.Core.Tests.Features.Reports;

/// <summary>The annual report's state machine: every (status, action, actor) triple, the deadline boundary, the reasons.</summary>
public sealed class ReportWorkflowTests
{
    private static readonly DateOnly Deadline = new(2025, 3, 31);
    private static ReportContext Open(string? reason = "motif") => new(Deadline, Deadline, false, reason);

    /// <summary>The only allowed transitions: (status, action, actor) → new status.</summary>
    private static readonly Dictionary<(ReportStatus, ReportAction, ReportActor), ReportStatus> Allowed = new()
    {
        [(ReportStatus.Draft, ReportAction.Save, ReportActor.CentreHead)] = ReportStatus.Draft,
        [(ReportStatus.Draft, ReportAction.Save, ReportActor.Establishment)] = ReportStatus.Draft,
        [(ReportStatus.Draft, ReportAction.Save, ReportActor.Ministry)] = ReportStatus.Draft,
        [(ReportStatus.Draft, ReportAction.Submit, ReportActor.CentreHead)] = ReportStatus.Submitted,
        [(ReportStatus.Submitted, ReportAction.Return, ReportActor.Establishment)] = ReportStatus.Draft,
        [(ReportStatus.Submitted, ReportAction.Validate, ReportActor.Establishment)] = ReportStatus.Validated,
        [(ReportStatus.Validated, ReportAction.Transmit, ReportActor.Establishment)] = ReportStatus.Transmitted,
        [(ReportStatus.Submitted, ReportAction.Reopen, ReportActor.Ministry)] = ReportStatus.Draft,
        [(ReportStatus.Validated, ReportAction.Reopen, ReportActor.Ministry)] = ReportStatus.Draft,
        [(ReportStatus.Transmitted, ReportAction.Reopen, ReportActor.Ministry)] = ReportStatus.Draft,
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
    public void Every_transition_is_allowed_exactly_when_listed_and_a_refusal_says_why_in_French(ReportStatus status, ReportAction action, ReportActor actor)
    {
        var d = ReportWorkflow.Decide(status, action, actor, Open());
        if (Allowed.TryGetValue((status, action, actor), out var expected))
        {
            Assert.True(d.Allowed);
            Assert.Equal(expected, d.Status);
            Assert.Null(d.Refusal);
        }
        else
        {
            Assert.False(d.Allowed);
            Assert.Equal(status, d.Status);
            Assert.False(string.IsNullOrWhiteSpace(d.Refusal));
            Assert.Matches("^(Seul|Seule|Impossible|Le rapport)", d.Refusal!);
        }
    }

    [Fact]
    public void A_wrong_status_is_a_rule_refusal_and_a_wrong_actor_on_the_right_status_is_a_permission_refusal()
    {
        Assert.False(ReportWorkflow.Decide(ReportStatus.Draft, ReportAction.Validate, ReportActor.Establishment, Open()).Forbidden);
        Assert.True(ReportWorkflow.Decide(ReportStatus.Submitted, ReportAction.Validate, ReportActor.CentreHead, Open()).Forbidden);
        Assert.True(ReportWorkflow.Decide(ReportStatus.Transmitted, ReportAction.Reopen, ReportActor.Establishment, Open()).Forbidden);
        Assert.Contains("plus modifiable", ReportWorkflow.Decide(ReportStatus.Validated, ReportAction.Save, ReportActor.Ministry, Open()).Refusal, StringComparison.Ordinal);
    }

    /// <summary>
    /// The 31 March date is the end of BaMaRa data entry, not the report's deadline (DGOS, présentation maladies rares du 7 avril
    /// 2022, « Questions concernant la relabellisation en mai 2022 (PEMR Paris Nord) »); after the reporting window a submission
    /// is accepted with a warning, since the ministry decides.
    /// </summary>
    [Fact]
    public void Submission_after_the_window_is_accepted_with_a_warning_naming_the_date()
    {
        var onDay = ReportWorkflow.Decide(ReportStatus.Draft, ReportAction.Submit, ReportActor.CentreHead, new(Deadline, Deadline, false, null));
        Assert.True(onDay.Allowed);
        Assert.Null(onDay.Warning);
        var after = ReportWorkflow.Decide(ReportStatus.Draft, ReportAction.Submit, ReportActor.CentreHead, new(Deadline.AddDays(1), Deadline, false, null));
        Assert.True(after.Allowed);
        Assert.Equal(ReportStatus.Submitted, after.Status);
        Assert.Contains("31 mars 2025", after.Warning, StringComparison.Ordinal);
        Assert.Contains("ministère", after.Warning, StringComparison.Ordinal);
        // A report reopened by the ministry is not late; saving a draft is never closed.
        Assert.Null(ReportWorkflow.Decide(ReportStatus.Draft, ReportAction.Submit, ReportActor.CentreHead, new(Deadline.AddDays(1), Deadline, true, null)).Warning);
        Assert.True(ReportWorkflow.Decide(ReportStatus.Draft, ReportAction.Save, ReportActor.CentreHead, new(Deadline.AddDays(1), Deadline, false, null)).Allowed);
        // Still only the centre head submits, late or not.
        Assert.True(ReportWorkflow.Decide(ReportStatus.Draft, ReportAction.Submit, ReportActor.Establishment, new(Deadline.AddDays(1), Deadline, false, null)).Forbidden);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Reopening_and_returning_need_a_reason(string? reason)
    {
        var reopen = ReportWorkflow.Decide(ReportStatus.Transmitted, ReportAction.Reopen, ReportActor.Ministry, Open(reason));
        Assert.False(reopen.Allowed);
        Assert.Equal("Le motif de la réouverture est obligatoire.", reopen.Refusal);
        var back = ReportWorkflow.Decide(ReportStatus.Submitted, ReportAction.Return, ReportActor.Establishment, Open(reason));
        Assert.False(back.Allowed);
        Assert.Equal("Le motif du renvoi en brouillon est obligatoire.", back.Refusal);
    }

    [Fact]
    public void The_2024_deadline_is_the_end_of_the_reporting_window_not_the_31_March_data_entry_cutoff()
    {
        Assert.Equal(new DateOnly(2025, 6, 30), ReportService.DeadlineOf(2024));
        Assert.Equal(new DateOnly(2023, 6, 30), ReportService.DeadlineOf(2022));
        Assert.Null(ReportService.DeadlineOf(1990));
    }
}

public sealed class ActivityComparisonTests
{
    [Theory]
    // measured 100: the 10 % boundary is 90..110 inclusive, not flagged; 89 and 111 are.
    [InlineData(110, 100, false)]
    [InlineData(111, 100, true)]
    [InlineData(90, 100, false)]
    [InlineData(89, 100, true)]
    [InlineData(100, 100, false)]
    // measured 7: 10 % is 0.7, so a gap of 1 (14 %) is flagged.
    [InlineData(8, 7, true)]
    [InlineData(7, 7, false)]
    // measured 10: a gap of exactly 1 is exactly 10 %, not flagged; 2 is.
    [InlineData(11, 10, false)]
    [InlineData(12, 10, true)]
    // measured 0: any declared figure other than 0 is flagged, 0 is not.
    [InlineData(0, 0, false)]
    [InlineData(1, 0, true)]
    public void Differences_over_ten_percent_of_the_measured_figure_are_flagged(int declared, int measured, bool flagged)
    {
        Assert.Equal(flagged, new ActivityComparison("f", "f", declared, measured).Flagged);
    }

    [Fact]
    public void Nothing_is_flagged_without_both_figures_and_the_gap_is_shown_in_percent()
    {
        Assert.False(new ActivityComparison("f", "f", null, 100).Flagged);
        Assert.False(new ActivityComparison("f", "f", 100, null).Flagged);
        Assert.Equal(11m, new ActivityComparison("f", "f", 111, 100).GapPercent);
        Assert.Null(new ActivityComparison("f", "f", 3, 0).GapPercent);
    }
}

public sealed class ReportRulesTests
{
    [Fact]
    public void Publications_need_a_valid_DOI_or_PMID_and_at_most_15_are_kept()
    {
        var ok = new Publication("Titre", "Journal", 2024, "10.1000/xyz123", null);
        Assert.Empty(ReportRules.ValidatePublications([ok, ok with { Doi = null, Pmid = "12345678" }], 2024));
        var errors = ReportRules.ValidatePublications([ok with { Doi = "doi:10.1/x" }, ok with { Doi = null, Pmid = null }, ok with { Pmid = "12a" }], 2024);
        Assert.Equal(["publications[1].doi", "publications[2].doi", "publications[3].pmid"], errors.Select(e => e.Field));
        Assert.Contains(ReportRules.ValidatePublications(Enumerable.Repeat(ok, 16).ToList(), 2024), e => e.Field == "publications");
        Assert.Empty(ReportRules.ValidatePublications(Enumerable.Repeat(ok, 15).ToList(), 2024));
    }

    [Fact]
    public void The_research_criterion_counts_projects_of_the_year_and_the_four_before()
    {
        ResearchProject P(int y) => new("p", y, "PHRC");
        Assert.Equal(2, ReportRules.FundedPiProjects5y([P(2020), P(2024), P(2019), P(2025)], 2024));
        Assert.Contains(ReportRules.ValidateProjects([P(2025)], 2024), e => e.Field == "research_projects[1].year");
        Assert.Contains(ReportRules.ValidateProjects([new ResearchProject("p", 2024, " ")], 2024), e => e.Field == "research_projects[1].funder");
    }
}
