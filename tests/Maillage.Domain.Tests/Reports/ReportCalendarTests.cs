using Maillage.Domain.Referential;
using Maillage.Domain.Reports;
using Xunit;

namespace Maillage.Domain.Tests.Reports;

/// <summary>
/// « A valider : possibilité de saisir les données patients de 2021 jusqu'à la fin du 1er semestre 2022 (avant la campagne
/// PIRAMIG) 31 mars 2022 » (DGOS, présentation maladies rares du 7 avril 2022, « Questions concernant la relabellisation en
/// mai 2022 (PEMR Paris Nord) »): the 31 March date ends BaMaRa data entry; the report has its own window, and a late
/// report is accepted with a warning (the ministry decides).
/// </summary>
public sealed class ReportCalendarTests
{
    private static readonly SourceRef Src = new(new SourceDocument("dgos-2022", "DGOS", "2022-04-07"), "Questions", "31 mars 2022");
    private static readonly ReportingCalendar Calendar = new("CAL", new DayOfNextYear(3, 31), new DayOfNextYear(4, 1), new DayOfNextYear(6, 30), "", Src);

    [Fact]
    public void Data_entry_cutoff_and_report_deadline_are_two_dates()
    {
        Assert.Equal(new DateOnly(2022, 3, 31), Calendar.DataEntryCutoffOf(2021));
        Assert.True(Calendar.IsDataEntryOpen(2021, new DateOnly(2022, 3, 31)));
        Assert.False(Calendar.IsDataEntryOpen(2021, new DateOnly(2022, 4, 1)));
        Assert.Equal(new DateOnly(2022, 4, 1), Calendar.WindowOpensOf(2021));
        Assert.Equal(new DateOnly(2022, 6, 30), Calendar.Deadline(2021));
        // The day after the data-entry cutoff, a report is not late.
        Assert.False(Calendar.IsLate(2021, new DateOnly(2022, 4, 1)));
        Assert.False(Calendar.IsLate(2021, new DateOnly(2022, 6, 30)));
        Assert.True(Calendar.IsLate(2021, new DateOnly(2022, 7, 1)));
    }

    [Fact]
    public void A_late_submission_is_accepted_with_a_warning_the_day_after_the_window_not_on_its_last_day()
    {
        var deadline = Calendar.Deadline(2021);
        var onTime = ReportWorkflow.Decide(ReportStatus.Draft, ReportAction.Submit, ReportActor.CentreHead, new(deadline, deadline, false, null));
        Assert.True(onTime.Allowed);
        Assert.Null(onTime.Warning);
        var late = ReportWorkflow.Decide(ReportStatus.Draft, ReportAction.Submit, ReportActor.CentreHead, new(deadline.AddDays(1), deadline, false, null));
        Assert.True(late.Allowed);
        Assert.Equal(ReportStatus.Submitted, late.Status);
        Assert.Contains("30 juin 2022", late.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_of_a_report_at_each_boundary()
    {
        var deadline = new DateOnly(2022, 6, 30);
        Assert.Empty(ReportWorkflow.Warnings(ReportStatus.Draft, deadline, deadline, null, false));
        Assert.Single(ReportWorkflow.Warnings(ReportStatus.Draft, deadline.AddDays(1), deadline, null, false));
        Assert.Empty(ReportWorkflow.Warnings(ReportStatus.Submitted, deadline.AddDays(10), deadline, deadline, false));
        var late = Assert.Single(ReportWorkflow.Warnings(ReportStatus.Validated, deadline.AddDays(10), deadline, deadline.AddDays(1), false));
        Assert.Contains("1er juillet 2022", late, StringComparison.Ordinal);
        // Reopened by the ministry: its decision, never late.
        Assert.Empty(ReportWorkflow.Warnings(ReportStatus.Submitted, deadline.AddDays(10), deadline, deadline.AddDays(5), true));
        Assert.Empty(ReportWorkflow.Warnings(ReportStatus.Draft, deadline.AddDays(10), deadline, null, true));
    }
}
