using Maillage.Domain.Registry;
using Maillage.Domain.Territory;
using Xunit;

namespace Maillage.Domain.Tests.Territory;

public sealed class CoverageRulesTests
{
    private static readonly CoverageRegion Idf = new("11", "Île-de-France", false, 12_000_000);
    private static readonly CoverageRegion Bre = new("53", "Bretagne", false, 3_000_000);
    private static readonly CoverageRegion Ara = new("84", "Auvergne-Rhône-Alpes", false, 8_000_000);
    private static readonly CoverageRegion Reunion = new("04", "La Réunion", true, 900_000);
    private static readonly CoverageRegion[] Regions = [Idf, Bre, Ara, Reunion];

    private static CoverageUnit Site(string id, string region, string filiere = "F") => new(id, CentreKind.ReferenceSite, filiere, region);
    private static CoverageUnit Ccmr(string id, string region, string filiere = "F") => new(id, CentreKind.CompetenceCentre, filiere, region);
    private static CoverageUnit Crc(string id, string region, string filiere = "F") => new(id, CentreKind.ResourceCentre, filiere, region);

    private static CoverageMatrix Analyse(params CoverageUnit[] units) => CoverageRules.Analyse(["F"], Regions, units);

    private static IEnumerable<string> GapRegions(CoverageMatrix m, GapKind kind) =>
        m.Gaps.Where(g => g.Kind == kind).Select(g => g.RegionCode);

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(1, 1, true)]
    [InlineData(1, 2, false)] // exactly half is not more than half
    [InlineData(2, 4, false)]
    [InlineData(3, 5, true)]
    [InlineData(3, 6, false)]
    [InlineData(4, 7, true)]
    [InlineData(3, 7, false)]
    public void Concentrated_means_strictly_more_than_half(int inRegion, int total, bool expected) =>
        Assert.Equal(expected, CoverageRules.IsConcentrated(inRegion, total));

    [Fact]
    public void Exactly_half_of_the_sites_in_one_region_is_not_flagged_one_more_is()
    {
        var half = Analyse(Site("s1", "11"), Site("s2", "11"), Site("s3", "53"), Site("s4", "84"));
        Assert.Empty(GapRegions(half, GapKind.Concentrated));

        var more = Analyse(Site("s1", "11"), Site("s2", "11"), Site("s3", "11"), Site("s4", "53"), Site("s5", "84"));
        var gap = Assert.Single(more.Gaps, g => g.Kind == GapKind.Concentrated);
        Assert.Equal(("11", 3, 5), (gap.RegionCode, gap.Count, gap.Total));
    }

    [Fact]
    public void Concentration_counts_reference_sites_only()
    {
        // 2 of 4 sites in IDF (half), and many CCMR there: still not concentrated.
        var m = Analyse(Site("s1", "11"), Site("s2", "11"), Site("s3", "53"), Site("s4", "84"), Ccmr("c1", "11"), Ccmr("c2", "11"), Crc("r1", "11"));
        Assert.Empty(GapRegions(m, GapKind.Concentrated));
    }

    [Fact]
    public void A_region_with_neither_a_reference_site_nor_a_ccmr_is_a_gap_a_crc_does_not_fill_it()
    {
        var m = Analyse(Site("s1", "11"), Ccmr("c1", "53"), Crc("r1", "84"));
        Assert.Equal(["84", "04"], GapRegions(m, GapKind.NoReferenceNorCompetence));
    }

    [Fact]
    public void One_ccmr_alone_is_enough_to_cover_a_region()
    {
        var m = Analyse(Site("s1", "11"), Ccmr("c1", "53"), Ccmr("c2", "84"), Ccmr("c3", "04"));
        Assert.Empty(GapRegions(m, GapKind.NoReferenceNorCompetence));
    }

    [Fact]
    public void An_overseas_region_without_any_structure_of_the_filiere_is_covered_only_from_the_mainland()
    {
        var m = Analyse(Site("s1", "11"));
        Assert.Equal(["04"], GapRegions(m, GapKind.OverseasCoveredFromMainland));
        // a CRC overseas is a local structure: no longer covered only from the mainland (but still no site nor CCMR)
        var withCrc = Analyse(Site("s1", "11"), Crc("r1", "04"));
        Assert.Empty(GapRegions(withCrc, GapKind.OverseasCoveredFromMainland));
        Assert.Contains("04", GapRegions(withCrc, GapKind.NoReferenceNorCompetence));
    }

    [Fact]
    public void A_filiere_with_no_structure_at_all_is_not_said_to_be_covered_from_the_mainland()
    {
        var m = Analyse();
        Assert.Empty(GapRegions(m, GapKind.OverseasCoveredFromMainland));
        Assert.Equal(["11", "53", "84", "04"], GapRegions(m, GapKind.NoReferenceNorCompetence));
    }

    [Fact]
    public void A_ccmr_attached_to_two_networks_of_one_filiere_counts_once_and_per_million_uses_the_region_population()
    {
        var m = Analyse(Site("s1", "53"), Ccmr("c1", "53"), Ccmr("c1", "53"), Crc("r1", "53"));
        var cell = m.Cell("F", "53");
        Assert.Equal((1, 1, 1, 3), (cell.ReferenceSites, cell.CompetenceCentres, cell.ResourceCentres, cell.Total));
        Assert.Equal(1.0, cell.TotalPerMillion);
        Assert.Equal(1 / 3.0, cell.ReferenceSitesPerMillion!.Value, 12);
        Assert.Null(CoverageRules.PerMillion(4, 0));
    }

    [Fact]
    public void Filieres_are_analysed_separately()
    {
        var m = CoverageRules.Analyse(["F", "G"], Regions, [Site("s1", "11", "F"), Site("s2", "53", "G")]);
        Assert.Contains(m.Gaps, g => g is { Kind: GapKind.Concentrated, Filiere: "F", RegionCode: "11" });
        Assert.Contains(m.Gaps, g => g is { Kind: GapKind.Concentrated, Filiere: "G", RegionCode: "53" });
        Assert.Contains(m.Gaps, g => g is { Kind: GapKind.NoReferenceNorCompetence, Filiere: "G", RegionCode: "11" });
        Assert.Equal(8, m.Cells.Count);
    }
}
