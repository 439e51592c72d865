using Maillage.Domain.Orpha;
using Maillage.Domain.Territory;
using Xunit;

namespace Maillage.Domain.Tests.Territory;

public sealed class PerimeterOverlapsTests
{
    // 100 ─┬─ 110 ─┬─ 111
    //      │       └─ 112 ── 1121 (a subtype)
    //      └─ 120 ─── 121
    // 200 ─┬─ 112            (112 sits in a second classification)
    //      └─ 210
    // 300 (isolated disease)
    private static readonly OrphaGraph Graph = new([
        (100, 110), (100, 120), (110, 111), (110, 112), (112, 1121), (120, 121),
        (200, 112), (200, 210),
    ]);

    private static PerimeterNetwork N(string id, string filiere, params int[] codes) => new(id, filiere, codes);

    private static NetworkOverlap Only(params PerimeterNetwork[] networks) => Assert.Single(PerimeterOverlaps.Between(Graph, networks));

    [Fact]
    public void A_group_label_covers_every_code_below_it()
    {
        Assert.Equal([110, 111, 112, 1121], PerimeterOverlaps.Covered(Graph, [110]).Order());
        Assert.Equal([300], PerimeterOverlaps.Covered(Graph, [300]));
        Assert.Equal([100, 110, 111, 112, 120, 121, 1121], PerimeterOverlaps.Covered(Graph, [100, 111]).Order());
    }

    [Fact]
    public void The_same_code_labelled_twice_overlaps()
    {
        var o = Only(N("A", "F", 111), N("B", "G", 111));
        Assert.Equal([new SharedCode(111, 111, 111)], o.Codes);
        Assert.Equal(1, o.SharedCount);
        Assert.False(o.SameFiliere);
    }

    [Fact]
    public void A_disease_under_a_group_labelled_by_the_other_network_overlaps_through_the_classification()
    {
        var o = Only(N("A", "F", 100), N("B", "F", 112));
        Assert.Equal([new SharedCode(112, 100, 112)], o.Codes); // 1121 is below 112: not a highest shared code
        Assert.Equal(2, o.SharedCount); // 112 and its subtype 1121
        Assert.True(o.SameFiliere);
    }

    [Fact]
    public void The_labelled_code_named_for_a_shared_code_is_the_nearest_group_above_it()
    {
        var o = Only(N("A", "F", 100, 110), N("B", "F", 111));
        Assert.Equal([new SharedCode(111, 110, 111)], o.Codes);
    }

    [Fact]
    public void Two_groups_sharing_a_member_disease_overlap_on_that_disease_only()
    {
        var o = Only(N("A", "F", 110), N("B", "G", 200));
        Assert.Equal([new SharedCode(112, 110, 200)], o.Codes);
        Assert.Equal(2, o.SharedCount);
    }

    [Fact]
    public void Siblings_and_unrelated_codes_do_not_overlap()
    {
        Assert.Empty(PerimeterOverlaps.Between(Graph, [N("A", "F", 111), N("B", "F", 112), N("C", "F", 120), N("D", "F", 300)]));
        // a disease does not cover its group: labelling 112 says nothing about its sibling 111
        Assert.Empty(PerimeterOverlaps.Between(Graph, [N("A", "F", 112), N("B", "F", 111, 121)]));
    }

    [Fact]
    public void Pairs_are_reported_once_ordered_by_id()
    {
        var all = PerimeterOverlaps.Between(Graph, [N("C", "F", 121), N("A", "F", 100), N("B", "F", 110)]);
        Assert.Equal([("A", "B"), ("A", "C")], all.Select(o => (o.NetworkA, o.NetworkB)));
        Assert.Equal([110], all[0].Codes.Select(c => c.Code));
        Assert.Equal(4, all[0].SharedCount);
    }

    [Fact]
    public void Sites_of_two_overlapping_networks_of_one_filiere_in_one_region_are_redundant()
    {
        var overlaps = PerimeterOverlaps.Between(Graph, [N("A", "F", 100), N("B", "F", 112), N("C", "G", 112)]);
        var sites = new[]
        {
            new RegionalSite("a1", "A", "F", "11"), new RegionalSite("a2", "A", "F", "11"), new RegionalSite("a3", "A", "F", "84"),
            new RegionalSite("b1", "B", "F", "11"), new RegionalSite("b2", "B", "F", "53"),
            new RegionalSite("c1", "C", "G", "11"), // other filière: its overlap with A and B is between networks, not a site redundancy
        };
        var r = Assert.Single(PerimeterOverlaps.InRegions(overlaps, sites));
        Assert.Equal(("F", "11", "A", "B"), (r.Filiere, r.RegionCode, r.Overlap.NetworkA, r.Overlap.NetworkB));
        Assert.Equal(["a1", "a2"], r.SitesOfA);
        Assert.Equal(["b1"], r.SitesOfB);
    }

    [Fact]
    public void Sites_of_one_network_in_one_region_are_not_a_redundancy()
    {
        var overlaps = PerimeterOverlaps.Between(Graph, [N("A", "F", 100)]);
        Assert.Empty(PerimeterOverlaps.InRegions(overlaps, [new RegionalSite("a1", "A", "F", "11"), new RegionalSite("a2", "A", "F", "11")]));
    }

    [Fact]
    public void A_cycle_in_a_malformed_classification_still_ends()
    {
        var cyclic = new OrphaGraph([(1, 2), (2, 3), (3, 1)]);
        var o = Assert.Single(PerimeterOverlaps.Between(cyclic, [N("A", "F", 1), N("B", "F", 3)]));
        Assert.Equal(3, o.SharedCount);
    }
}
