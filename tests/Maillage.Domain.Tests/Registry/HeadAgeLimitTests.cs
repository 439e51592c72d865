using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Domain.Tests.Registry;

/// <summary>
/// « Pour les professeurs consultants après 68 ans : pas de possibilité de poursuivre leur activité de coordonnateur »
/// (DGOS, présentation maladies rares du 7 avril 2022, « Rappel des critères de labellisation »): a head who reaches 68
/// during the mandate is flagged ahead of the date. Boundaries: the 68th birthday on the mandate's last day, the day
/// before, the day after; born on 29 February.
/// </summary>
public sealed class HeadAgeLimitTests
{
    private static readonly DateOnly End = new(2028, 12, 31);

    [Fact]
    public void Birthday_on_the_mandates_last_day_is_flagged() =>
        Assert.Equal(End, HeadAgeLimit.ReachedBy(new DateOnly(1960, 12, 31), End));

    [Fact]
    public void Birthday_the_day_before_the_end_is_flagged() =>
        Assert.Equal(new DateOnly(2028, 12, 30), HeadAgeLimit.ReachedBy(new DateOnly(1960, 12, 30), End));

    [Fact]
    public void Birthday_the_day_after_the_end_is_not() =>
        Assert.Null(HeadAgeLimit.ReachedBy(new DateOnly(1961, 1, 1), End));

    [Theory]
    [InlineData(1960, 2028, 2, 29)] // 2028 is a leap year: 29 February
    [InlineData(1956, 2024, 2, 29)]
    [InlineData(1964, 2032, 2, 29)]
    public void Born_on_29_February_in_a_leap_year_of_the_68th_birthday(int born, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), HeadAgeLimit.Birthday(new DateOnly(born, 2, 29), 68));

    [Fact]
    public void Born_on_29_February_reaches_68_on_1_March_in_a_common_year()
    {
        // 68 is a multiple of 4: one born on 29 February turns 68 in a leap year, except across a century (2100 is common).
        Assert.Equal(new DateOnly(2100, 3, 1), HeadAgeLimit.Birthday(new DateOnly(2032, 2, 29), 68));
        // With another age (configurable), a common year: born 1960-02-29 reaches 67 on 1 March 2027.
        Assert.Equal(new DateOnly(2027, 3, 1), HeadAgeLimit.Birthday(new DateOnly(1960, 2, 29), 67));
        // Mandate ending 28 February 2027: not reached; ending 1 March 2027: reached on its last day.
        Assert.Null(HeadAgeLimit.ReachedBy(new DateOnly(1960, 2, 29), new DateOnly(2027, 2, 28), 67));
        Assert.Equal(new DateOnly(2027, 3, 1), HeadAgeLimit.ReachedBy(new DateOnly(1960, 2, 29), new DateOnly(2027, 3, 1), 67));
        // The engine's count agrees: 66 on 28 February, 67 on 1 March.
        Assert.Equal(66, Maillage.Domain.Compliance.HeadAgeCriterion.AgeAt(new DateOnly(1960, 2, 29), new DateOnly(2027, 2, 28)));
        Assert.Equal(67, Maillage.Domain.Compliance.HeadAgeCriterion.AgeAt(new DateOnly(1960, 2, 29), new DateOnly(2027, 3, 1)));
    }

    [Fact]
    public void The_alert_is_due_from_the_lead_time_on()
    {
        var reaches = new DateOnly(2027, 8, 31);
        Assert.Equal(new DateOnly(2027, 2, 28), HeadAgeLimit.AlertFrom(reaches, 6)); // end of month clamped
        Assert.False(HeadAgeLimit.IsDue(reaches, new DateOnly(2027, 2, 27), 6));
        Assert.True(HeadAgeLimit.IsDue(reaches, new DateOnly(2027, 2, 28), 6));
        Assert.True(HeadAgeLimit.IsDue(reaches, new DateOnly(2027, 9, 1), 6)); // after the day: still due until raised
    }

    [Fact]
    public void A_mandate_without_an_end_lasts_the_labelling_period()
    {
        Assert.Equal(new DateOnly(2028, 12, 31), HeadAgeLimit.MandateEnd(new DateOnly(2023, 1, 1), null, new DateOnly(2028, 12, 31)));
        Assert.Equal(new DateOnly(2025, 6, 30), HeadAgeLimit.MandateEnd(new DateOnly(2023, 1, 1), new DateOnly(2025, 6, 30), new DateOnly(2028, 12, 31)));
        Assert.Equal(new DateOnly(2027, 12, 31), HeadAgeLimit.MandateEnd(new DateOnly(2023, 1, 1), null, null));
    }
}
