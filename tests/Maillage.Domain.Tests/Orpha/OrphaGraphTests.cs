using Maillage.Domain.Orpha;
using Xunit;

namespace Maillage.Domain.Tests.Orpha;

public sealed class OrphaGraphTests
{
    // 1 ─┬─ 2 ─┬─ 4
    //    │     └─ 5
    //    └─ 3 ─── 5 (5 has two parents)      10 ── 4 (a second classification)
    private static readonly OrphaGraph Graph = new([(1, 2), (1, 3), (2, 4), (2, 5), (3, 5), (10, 4), (2, 4)]);

    [Fact]
    public void Ancestors_are_every_group_above_nearest_first_each_once()
    {
        Assert.Equal(new[] { 2, 3, 1 }, Graph.Ancestors(5));
        Assert.Equal(new[] { 2, 10, 1 }, Graph.Ancestors(4));
        Assert.Empty(Graph.Ancestors(1));
        Assert.Empty(Graph.Ancestors(999));
    }

    [Fact]
    public void Descendants_are_every_member_below_each_once()
    {
        Assert.Equal(new[] { 2, 3, 4, 5 }, Graph.Descendants(1));
        Assert.Equal(new[] { 4 }, Graph.Descendants(10));
        Assert.Empty(Graph.Descendants(5));
    }

    [Fact]
    public void A_group_label_covers_its_members_but_not_the_reverse()
    {
        Assert.True(Graph.Covers(1, 5));
        Assert.True(Graph.Covers(5, 5));
        Assert.False(Graph.Covers(5, 1));
        Assert.False(Graph.Covers(10, 5));
        Assert.Equal(new[] { 4, 2, 10, 1 }, Graph.SelfAndAncestors(4));
    }

    [Fact]
    public void Distance_up_is_the_shortest_path_length()
    {
        Assert.Equal(2, Graph.DistanceUp(5, 1));
        Assert.Equal(1, Graph.DistanceUp(4, 10));
        Assert.Equal(0, Graph.DistanceUp(4, 4));
        Assert.Null(Graph.DistanceUp(1, 4));
    }

    [Fact]
    public void A_cycle_does_not_loop_forever()
    {
        var cyclic = new OrphaGraph([(1, 2), (2, 3), (3, 1)]);
        Assert.Equal(new[] { 3, 2 }, cyclic.Ancestors(1));
        Assert.Equal(new[] { 2, 3 }, cyclic.Descendants(1));
        Assert.Equal(2, cyclic.DistanceUp(1, 2));
    }
}
