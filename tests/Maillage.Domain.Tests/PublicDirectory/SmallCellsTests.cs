using Maillage.Domain.PublicDirectory;
using Xunit;

namespace Maillage.Domain.Tests.PublicDirectory;

public sealed class SmallCellsTests
{
    [Theory]
    [InlineData(0L, null)]
    [InlineData(1L, null)]
    [InlineData(9L, null)]
    [InlineData(10L, 10L)]
    [InlineData(11L, 11L)]
    [InlineData(null, null)]
    public void Counts_below_ten_are_never_publishable(long? count, long? expected) =>
        Assert.Equal(expected, SmallCells.Publishable(count));

    [Theory]
    [InlineData(9L, "moins de 10")]
    [InlineData(0L, "moins de 10")]
    [InlineData(10L, "10")]
    [InlineData(1234L, "1 234")]
    [InlineData(null, "non communiqué")]
    public void Display_hides_small_cells(long? count, string expected) =>
        Assert.Equal(expected, SmallCells.Display(count));
}
