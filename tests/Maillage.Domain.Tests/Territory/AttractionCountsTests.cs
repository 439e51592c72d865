using Maillage.Domain.Territory;
using Xunit;

namespace Maillage.Domain.Tests.Territory;

public sealed class AttractionCountsTests
{
    [Fact]
    public void Regional_is_the_departement_and_the_rest_of_the_region_shares_leave_unknown_residences_out()
    {
        var a = new AttractionCounts(SameDepartement: 50, SameRegion: 10, OtherRegion: 30, Abroad: 10, Unknown: 100);
        Assert.Equal((60, 30, 10, 100, 200), (a.Regional, a.National, a.International, a.Known, a.Total));
        Assert.Equal(0.6, a.RegionalShare);
        Assert.Equal(0.3, a.NationalShare);
        Assert.Equal(0.1, a.InternationalShare);
    }

    [Fact]
    public void No_known_residence_gives_no_share_and_sums_add_field_by_field()
    {
        var unknown = new AttractionCounts(0, 0, 0, 0, 7);
        Assert.Null(unknown.RegionalShare);
        Assert.Equal(new AttractionCounts(1, 2, 3, 4, 12), unknown + new AttractionCounts(1, 2, 3, 4, 5));
    }
}
