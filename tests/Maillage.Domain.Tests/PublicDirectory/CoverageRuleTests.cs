using Maillage.Domain.Orpha;
using Maillage.Domain.PublicDirectory;
using Xunit;

namespace Maillage.Domain.Tests.PublicDirectory;

/// <summary>Which labels answer a directory search (<see cref="CoverageRule"/>): bounded ascent, no broad group, order.</summary>
public sealed class CoverageRuleTests
{
    // Classification 1:  100 (head) ─ 10 ─ 11 ─ 12 ─ 13 (disease, 4 levels below the head)
    // Classification 2:  200 (head) ─ 20 ─ 13            (13 sits in two classifications)
    //                    20 ─ 21 (a second member of group 20)
    private static OrphaGraph Small() => OrphaGraph.FromClassifications(
    [
        (100, 10, 1), (10, 11, 1), (11, 12, 1), (12, 13, 1),
        (200, 20, 2), (20, 13, 2), (20, 21, 2),
    ]);

    [Fact]
    public void The_disease_itself_comes_first_then_its_groups_nearest_first()
    {
        var reach = CoverageRule.For(Small()).Reach(13);
        Assert.Equal(new CoverageReach(13, CoverageKind.Disease, 0), reach[0]);
        Assert.Equal([(12, 1), (20, 1), (11, 2)], reach.Where(r => r.Kind == CoverageKind.Group).Select(r => (r.Code, r.Levels)));
    }

    [Fact]
    public void Ascent_stops_after_the_maximum_number_of_levels()
    {
        var reach = CoverageRule.For(Small()).Reach(13).Select(r => r.Code).ToList();
        Assert.Equal(2, CoverageRule.MaxAscent);
        Assert.Contains(11, reach);       // 2 levels up: reached
        Assert.DoesNotContain(10, reach); // 3 levels up: not
    }

    [Fact]
    public void A_classification_head_is_never_offered_even_when_near_nor_when_another_classification_puts_a_parent_above_it()
    {
        // 300 heads classification 3 and sits under 400 in classification 4: still a head.
        var graph = OrphaGraph.FromClassifications([(300, 30, 3), (400, 300, 4), (300, 31, 3)]);
        var rule = CoverageRule.For(graph);
        Assert.True(rule.IsBroad(300));
        Assert.DoesNotContain(rule.Reach(30), r => r.Code == 300);
        Assert.DoesNotContain(rule.Reach(30), r => r.Code == 400); // nor climbed through
        Assert.DoesNotContain(CoverageRule.For(Small()).Reach(21), r => r.Code == 200);
    }

    [Fact]
    public void A_group_with_more_members_than_the_limit_is_broad_one_at_the_limit_is_not()
    {
        // Group 1 has exactly the limit below it, group 2 one more; both parents of the disease 5.
        const int limit = CoverageRule.BroadGroupDescendants;
        var edges = new List<(int, int, int)> { (900, 1, 1), (900, 2, 1), (1, 5, 1), (2, 5, 1) };
        for (var i = 0; i < limit - 1; i++) edges.Add((1, 10_000 + i, 1));
        for (var i = 0; i < limit; i++) edges.Add((2, 20_000 + i, 1));
        var rule = CoverageRule.For(OrphaGraph.FromClassifications(edges));
        Assert.False(rule.IsBroad(1));
        Assert.True(rule.IsBroad(2));
        var groups = rule.Reach(5).Where(r => r.Kind == CoverageKind.Group).Select(r => r.Code).ToList();
        Assert.Equal([1], groups);
    }

    [Fact]
    public void A_searched_group_reaches_its_members_down_to_the_maximum_depth_after_its_own_groups()
    {
        var graph = OrphaGraph.FromClassifications([(900, 1, 1), (1, 2, 1), (2, 3, 1), (3, 4, 1), (8, 2, 2), (800, 8, 2)]);
        var reach = CoverageRule.For(graph).Reach(2);
        Assert.Equal([CoverageKind.Disease, CoverageKind.Group, CoverageKind.Group, CoverageKind.Member, CoverageKind.Member], reach.Select(r => r.Kind));
        Assert.Equal([2, 1, 8, 3, 4], reach.Select(r => r.Code));
        Assert.Equal(2, CoverageRule.MaxDescent);
        var deeper = CoverageRule.For(OrphaGraph.FromClassifications([(900, 1, 1), (1, 2, 1), (2, 3, 1), (3, 4, 1), (4, 5, 1)])).Reach(2);
        Assert.Contains(deeper, r => r.Code == 4 && r.Levels == 2);
        Assert.DoesNotContain(deeper, r => r.Code == 5);
    }

    [Fact]
    public void A_broad_searched_group_does_not_reach_down()
    {
        var graph = OrphaGraph.FromClassifications([(900, 1, 1), (1, 2, 1)]);
        Assert.Equal([900], CoverageRule.For(graph).Reach(900).Select(r => r.Code));
    }

    [Fact]
    public void A_cycle_ends()
    {
        var graph = new OrphaGraph([(1, 2), (2, 3), (3, 1)], heads: []);
        var reach = CoverageRule.For(graph).Reach(1);
        Assert.Equal(reach.Count, reach.Select(r => r.Code).Distinct().Count());
    }
}
