using Xunit;

namespace Maillage.Domain.Tests;

/// <summary>French typography (issue 13, §2): « 1er », plurals from 2, one date format, elision of « de ».</summary>
public sealed class FrenchTests
{
    [Theory]
    [InlineData(2026, 1, 1, "1er janvier 2026")]
    [InlineData(2026, 1, 2, "2 janvier 2026")]
    [InlineData(2026, 3, 1, "1er mars 2026")]
    [InlineData(2026, 1, 31, "31 janvier 2026")]
    [InlineData(2026, 12, 11, "11 décembre 2026")]
    [InlineData(2026, 8, 21, "21 août 2026")]
    public void A_date_reads_in_French_with_1er_on_the_first_day_only(int y, int m, int d, string expected) =>
        Assert.Equal(expected, French.Date(new DateOnly(y, m, d)));

    [Fact]
    public void A_time_follows_its_date() =>
        Assert.Equal("1er mars 2026 à 09:05", French.DateTime(new DateTime(2026, 3, 1, 9, 5, 0, DateTimeKind.Unspecified)));

    [Fact]
    public void An_instant_reads_as_its_day_in_the_given_zone()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        // 28 February 2026, 23:30 UTC is already 1 March in Paris (UTC+1): the day people read is the local one.
        var at = new DateTimeOffset(2026, 2, 28, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal("28 février 2026", French.Date(at, TimeZoneInfo.Utc));
        Assert.Equal("1er mars 2026", French.Date(at, paris));
        Assert.Equal("1er mars 2026 à 00:30", French.DateTime(at, paris));
    }

    [Fact]
    public void A_missing_date_reads_as_a_dash()
    {
        Assert.Equal("—", French.Date((DateOnly?)null));
        Assert.Equal("12 mars 2026", French.Date((DateOnly?)new DateOnly(2026, 3, 12)));
    }

    [Theory]
    [InlineData(0, "0 ligne")]
    [InlineData(1, "1 ligne")]
    [InlineData(2, "2 lignes")]
    [InlineData(-1, "-1 ligne")]
    [InlineData(-2, "-2 lignes")]
    public void A_count_takes_the_plural_from_two(long n, string expected) => Assert.Equal(expected, French.Count(n, "ligne", "lignes"));

    [Fact]
    public void A_large_count_is_grouped_the_French_way() =>
        Assert.Equal("12\u202f345 centres", French.Count(12_345, "centre", "centres"));

    [Theory]
    [InlineData("accepter", "d'accepter")]
    [InlineData("émettre un avis", "d'émettre un avis")]
    [InlineData("valider", "de valider")]
    [InlineData("refuser", "de refuser")]
    [InlineData("", "de ")]
    public void De_is_elided_before_a_vowel(string word, string expected) => Assert.Equal(expected, French.De(word));
}
