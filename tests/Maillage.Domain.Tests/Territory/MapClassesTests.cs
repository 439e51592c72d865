using Maillage.Domain.Territory;
using Xunit;

namespace Maillage.Domain.Tests.Territory;

public sealed class MapClassesTests
{
    [Fact]
    public void Areas_sharing_one_value_make_one_class()
    {
        var c = Assert.Single(MapClasses.Of([45.8, 45.8, 45.8]));
        Assert.True(c.Single);
        Assert.Equal(45.8, c.From);
        Assert.Equal(3, c.Areas);
    }

    [Fact]
    public void One_area_makes_one_class()
    {
        var c = Assert.Single(MapClasses.Of([100.0]));
        Assert.True(c.Single);
        Assert.Equal(1, c.Areas);
    }

    [Fact]
    public void No_value_makes_no_class() => Assert.Empty(MapClasses.Of([double.NaN]));

    [Fact]
    public void Two_values_make_two_classes_each_holding_its_area()
    {
        var classes = MapClasses.Of([10.0, 30.0]);
        Assert.Equal(2, classes.Count);
        Assert.Equal((10.0, 20.0, 1), (classes[0].From, classes[0].To, classes[0].Areas));
        Assert.Equal((20.0, 30.0, 1), (classes[1].From, classes[1].To, classes[1].Areas));
        Assert.False(classes[0].Single);
    }

    [Fact]
    public void Equal_intervals_count_every_area_once_and_the_maximum_in_the_last_class()
    {
        var values = new[] { 0.0, 1, 2, 25, 49.9, 50, 74.99, 75, 100 };
        var classes = MapClasses.Of(values);
        Assert.Equal(4, classes.Count);
        Assert.Equal(values.Length, classes.Sum(c => c.Areas));
        Assert.Equal([3, 2, 2, 2], classes.Select(c => c.Areas));
        Assert.Equal(0, classes[0].From);
        Assert.Equal(100, classes[^1].To);
    }
}
