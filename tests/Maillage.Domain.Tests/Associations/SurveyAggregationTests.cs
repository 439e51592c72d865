using Maillage.Domain.Associations;
using Xunit;

namespace Maillage.Domain.Tests.Associations;

/// <summary>
/// Small counts are personal data (docs/security.md, "Who reads what"): a survey question's aggregate is shown only from
/// 10 answers, a count under 10 is hidden, and a lone hidden count takes the next smallest with it.
/// </summary>
public sealed class SurveyAggregationTests
{
    [Fact]
    public void Nine_answers_show_nothing_ten_show_the_aggregate()
    {
        var nine = SurveyAggregation.Aggregate([0, 9]);
        Assert.True(nine.Suppressed);
        Assert.Null(nine.Respondents);
        Assert.All(nine.Counts, Assert.Null);

        var ten = SurveyAggregation.Aggregate([0, 10]);
        Assert.False(ten.Suppressed);
        Assert.Equal(10, ten.Respondents);
        // 0 is a small count too, alone hidden: the 10 goes with it, or it could be read back from the total.
        Assert.Equal(new int?[] { null, null }, ten.Counts);
    }

    [Fact]
    public void A_count_of_nine_is_hidden_a_count_of_ten_is_shown()
    {
        var r = SurveyAggregation.Aggregate([9, 10, 12, 20]);
        Assert.Equal(51, r.Respondents);
        // 9 hidden; alone, so the next smallest (10) is hidden too; 12 and 20 shown.
        Assert.Equal(new int?[] { null, null, 12, 20 }, r.Counts);

        var two = SurveyAggregation.Aggregate([9, 3, 12, 20]);
        Assert.Equal(new int?[] { null, null, 12, 20 }, two.Counts); // two hidden: no secondary suppression needed

        var none = SurveyAggregation.Aggregate([10, 11]);
        Assert.Equal(new int?[] { 10, 11 }, none.Counts);
    }

    [Fact]
    public void Every_scale_has_fixed_choices()
    {
        Assert.Equal(4, AnswerScale.Satisfaction4.Choices().Count);
        Assert.Equal(4, AnswerScale.Agreement4.Choices().Count);
        Assert.Equal(new[] { "Non", "Oui" }, AnswerScale.YesNo.Choices());
    }
}
