using Maillage.Domain.Committee;
using Maillage.Domain.Procedures;
using Xunit;

namespace Maillage.Domain.Tests.Committee;

/// <summary>
/// « Il se réunit 2 fois par an au minimum » (note d'information n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §5):
/// the warning at its boundary, and the default subject of an opinion per procedure.
/// </summary>
public sealed class CommitteeRulesTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    public void Fewer_than_two_meetings_in_a_year_is_warned_two_is_not(int planned, bool warned)
    {
        var warning = CommitteeRules.MeetingsWarning(2026, planned);
        Assert.Equal(warned, warning is not null);
        if (warned) Assert.Contains("au moins 2 fois par an", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void The_warning_says_how_many_are_planned_and_cites_the_note()
    {
        Assert.Contains("une seule réunion", CommitteeRules.MeetingsWarning(2026, 1), StringComparison.Ordinal);
        Assert.Contains("aucune réunion", CommitteeRules.MeetingsWarning(2027, 0), StringComparison.Ordinal);
        Assert.Contains("DGOS/DIR/DGRI/2018/218", CommitteeRules.MeetingsWarning(2027, 0), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProcedureKind.CentreHeadSuccession, CommitteeSubject.Succession)]
    [InlineData(ProcedureKind.FiliereCoordinatorSuccession, CommitteeSubject.Succession)]
    [InlineData(ProcedureKind.LabellingApplication, CommitteeSubject.LabellingDecision)]
    [InlineData(ProcedureKind.SeatChange, CommitteeSubject.Exception)]
    public void An_opinion_is_about_what_the_procedure_asks_by_default(ProcedureKind kind, CommitteeSubject subject) =>
        Assert.Equal(subject, CommitteeRules.DefaultSubject(kind));

    [Fact]
    public void Every_enum_value_has_a_code_and_a_label()
    {
        Assert.Equal(Enum.GetValues<CommitteeSeat>().Length, CommitteeTables.Seats.Codes.Count);
        Assert.Equal(Enum.GetValues<CommitteeCollege>().Length, CommitteeTables.Colleges.Codes.Count);
        Assert.Equal(Enum.GetValues<CommitteeSubject>().Length, CommitteeTables.Subjects.Codes.Count);
        Assert.Equal("vice_president", CommitteeSeat.VicePresident.Code());
    }
}
