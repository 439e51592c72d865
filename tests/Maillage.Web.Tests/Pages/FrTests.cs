using Maillage.Web.Pages.Shared;
using Xunit;

namespace Maillage.Web.Tests.Pages;

/// <summary>The pages' French formatting (issue 13, §2): one date format, « 1er », Paris time, plurals.</summary>
public sealed class FrTests
{
    [Fact]
    public void Short_and_long_dates_are_one_format()
    {
        Assert.Equal("1er janvier 2026", Fr.Date(new DateOnly(2026, 1, 1)));
        Assert.Equal(Fr.Date(new DateOnly(2026, 1, 2)), Fr.ShortDate(new DateOnly(2026, 1, 2)));
        Assert.Equal("", Fr.Date((DateOnly?)null));
    }

    [Fact]
    public void A_point_in_time_is_shown_in_Paris_time()
    {
        // 31 December 23:30 UTC is already 1 January in Paris (UTC+1 in winter).
        Assert.Equal("1er janvier 2026 à 00:30", Fr.DateTime(new DateTimeOffset(2025, 12, 31, 23, 30, 0, TimeSpan.Zero)));
        // Summer time: UTC+2.
        Assert.Equal("15 juillet 2026 à 14:05", Fr.DateTime(new DateTimeOffset(2026, 7, 15, 12, 5, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData(0, "0 site")]
    [InlineData(1, "1 site")]
    [InlineData(2, "2 sites")]
    public void Counts_agree(int n, string expected)
    {
        Assert.Equal(expected, Fr.Count(n, "site", "sites"));
        Assert.Equal(n > 1 ? "enregistrés" : "enregistré", Fr.Agree(n, "enregistré", "enregistrés"));
    }
}
