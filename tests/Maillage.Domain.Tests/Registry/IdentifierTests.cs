using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Domain.Tests.Registry;

public sealed class IdentifierTests
{
    /// <summary>Check vectors from the ANS's ansforge/finess samples (MIT), in Registry/Data: kind, value, expected Luhn validity.</summary>
    public static TheoryData<string, string, bool> Vectors()
    {
        var data = new TheoryData<string, string, bool>();
        var path = Path.Combine(AppContext.BaseDirectory, "Registry", "Data", "finess_rpps_check_vectors.csv");
        foreach (var line in File.ReadLines(path).Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            data.Add(cells[0], cells[1], bool.Parse(cells[2]));
        }
        return data;
    }

    [Theory, MemberData(nameof(Vectors))]
    public void Shared_check_vectors(string kind, string value, bool valid)
    {
        if (kind.StartsWith("FINESS", StringComparison.Ordinal))
            Assert.Equal(valid, Finess.IsValid(value));
        else
            Assert.Equal(valid, Rpps.IsValid(value));
    }

    [Theory]
    [InlineData("750712184", true)]
    [InlineData("750712185", false)] // key changed
    [InlineData("75071218", false)] // 8 characters
    [InlineData("7507121840", false)] // 10 characters
    [InlineData("75071218X", false)]
    [InlineData("000000000", false)] // département 00
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Finess_format_and_key(string? value, bool valid) => Assert.Equal(valid, Finess.IsValid(value));

    [Fact]
    public void Finess_of_every_departement_prefix_round_trips()
    {
        foreach (var prefix in new[] { "01", "2A", "2B", "75", "95", "97" })
            for (var order = 0; order < 200; order += 37)
            {
                var f = Finess.Create(prefix, order);
                Assert.True(Finess.IsValid(f.Value), f.Value);
                Assert.StartsWith(prefix, f.Value, StringComparison.Ordinal);
                // A single-digit change of the key is always detected by Luhn.
                var k = f.Value[^1];
                var wrong = f.Value[..^1] + (char)('0' + ((k - '0' + 1) % 10));
                Assert.False(Finess.IsValid(wrong), wrong);
            }
    }

    [Theory]
    [InlineData("2A0000016", "2A")]
    [InlineData("971000010", "971")]
    [InlineData("750712184", "75")]
    public void Finess_departement_prefix(string value, string departement)
    {
        var f = Finess.Create(value[..2], int.Parse(value[2..8], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(departement, f.DepartementCode);
    }

    [Theory]
    [InlineData("01234567897", true)]
    [InlineData("01234567123", false)]
    [InlineData("1234567897", false)]
    [InlineData("0123456789a", false)]
    public void Rpps_format_and_key(string value, bool valid) => Assert.Equal(valid, Rpps.IsValid(value));

    [Fact]
    public void Rpps_create_makes_valid_numbers() =>
        Assert.All(Enumerable.Range(0, 100).Select(i => Rpps.Create(1000000000L + (i * 7919))), r => Assert.True(Rpps.IsValid(r.Value)));

    [Theory]
    [InlineData("01", true)]
    [InlineData("2A", true)]
    [InlineData("2B", true)]
    [InlineData("20", false)]
    [InlineData("95", true)]
    [InlineData("96", false)]
    [InlineData("971", true)]
    [InlineData("976", true)]
    [InlineData("977", false)]
    [InlineData("00", false)]
    public void Departement_codes(string code, bool valid) => Assert.Equal(valid, DepartementCode.IsValid(code));
}
