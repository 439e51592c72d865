using Maillage.Domain.PublicDirectory;
using Xunit;

namespace Maillage.Domain.Tests.PublicDirectory;

public sealed class PlacesTests
{
    private static readonly PlaceResolver Resolver = new(
        [
            new DepartementInfo("29", "Finistère", "53"), new DepartementInfo("35", "Ille-et-Vilaine", "53"),
            new DepartementInfo("75", "Paris", "11"), new DepartementInfo("2A", "Corse-du-Sud", "94"),
            new DepartementInfo("974", "La Réunion", "04"), new DepartementInfo("93", "Seine-Saint-Denis", "11"),
            new DepartementInfo("01", "Ain", "84"),
        ],
        [
            new CommuneInfo("29019", "Brest", "29", "53", ["29200"], 139_000),
            new CommuneInfo("29232", "Quimper", "29", "53", ["29000"], 63_000),
            new CommuneInfo("35238", "Rennes", "35", "53", ["35000", "35200", "35700"], 222_000),
            new CommuneInfo("75056", "Paris", "75", "11", ["75001", "75013"], 2_100_000),
            new CommuneInfo("97411", "Saint-Denis", "974", "04", ["97400"], 153_000),
            new CommuneInfo("93066", "Saint-Denis", "93", "11", ["93200"], 113_000),
            new CommuneInfo("29999", "Petite commune", "29", "53", ["29200"], 500),
        ]);

    [Fact]
    public void A_postcode_gives_the_most_populous_commune_it_serves()
    {
        var p = Resolver.Resolve("29200")!;
        Assert.Equal(PlaceKind.PostalCode, p.Kind);
        Assert.Equal("Brest", p.CommuneName);
        Assert.Equal(("29", "53"), (p.DepartementCode, p.RegionCode));
        Assert.Null(Resolver.Resolve("99999"));
    }

    [Theory]
    [InlineData("29", "29")]
    [InlineData("2A", "2A")]
    [InlineData("2a", "2A")]
    [InlineData("974", "974")]
    [InlineData("1", "01")]
    [InlineData("finistere", "29")]
    [InlineData("Ille et Vilaine", "35")]
    [InlineData("Finistre", "29")] // one typo
    public void A_departement_by_code_or_name(string text, string code)
    {
        var p = Resolver.Resolve(text)!;
        Assert.Equal(PlaceKind.Departement, p.Kind);
        Assert.Equal(code, p.DepartementCode);
    }

    [Fact]
    public void A_commune_by_name_the_most_populous_unless_a_departement_is_given()
    {
        Assert.Equal("974", Resolver.Resolve("Saint-Denis")!.DepartementCode);
        Assert.Equal("93", Resolver.Resolve("saint denis 93")!.DepartementCode);
        Assert.Equal("93", Resolver.Resolve("Saint-Denis (93)")!.DepartementCode);
        Assert.Equal("35", Resolver.Resolve("RENNES")!.DepartementCode);
        Assert.Equal("Quimper", Resolver.Resolve("Quimpr")!.CommuneName);
        Assert.Null(Resolver.Resolve("Xyzzyville"));
    }

    [Fact]
    public void Haversine_distances_in_kilometres()
    {
        var paris = new GeoPoint(48.8566, 2.3522);
        var lyon = new GeoPoint(45.7640, 4.8357);
        Assert.InRange(paris.DistanceKm(lyon), 390, 394); // 392 km
        Assert.Equal(0, paris.DistanceKm(paris), 6);
        var brest = new GeoPoint(48.3904, -4.4861);
        Assert.InRange(paris.DistanceKm(brest), 503, 507);
    }

    private sealed record Site(string Id, string Dep, string Region, GeoPoint? Point);

    [Fact]
    public void Ranking_is_same_departement_then_same_region_then_the_rest_nearest_first_within_each()
    {
        var place = Resolver.Resolve("29200")! with { Point = new GeoPoint(48.39, -4.49) };
        var sites = new[]
        {
            new Site("paris", "75", "11", new GeoPoint(48.85, 2.35)),
            new Site("rennes", "35", "53", new GeoPoint(48.11, -1.68)),
            new Site("quimper", "29", "53", new GeoPoint(47.99, -4.10)),
            new Site("brest", "29", "53", new GeoPoint(48.39, -4.48)),
            new Site("brest-unlocated", "29", "53", null),
            new Site("nantes-far-but-region", "35", "53", new GeoPoint(47.0, -1.0)),
            new Site("lyon-nearer-than-rennes-no", "01", "84", new GeoPoint(45.76, 4.83)),
        };
        var ranked = PlaceResolver.Rank(sites, place, s => (s.Dep, s.Region, s.Point), s => s.Id);
        Assert.Equal(new[] { "brest", "quimper", "brest-unlocated", "rennes", "nantes-far-but-region", "paris", "lyon-nearer-than-rennes-no" },
            ranked.Select(r => r.Item.Id));
        Assert.Equal(new[] { Proximity.SameDepartement, Proximity.SameDepartement, Proximity.SameDepartement, Proximity.SameRegion, Proximity.SameRegion, Proximity.Elsewhere, Proximity.Elsewhere },
            ranked.Select(r => r.Proximity));
        Assert.Null(ranked[2].DistanceKm);
        Assert.InRange(ranked[0].DistanceKm!.Value, 0, 1);
    }

    [Fact]
    public void Without_a_reference_point_there_are_no_distances_but_the_tiers_hold()
    {
        var place = Resolver.Resolve("35")!;
        var ranked = PlaceResolver.Rank(new[] { new Site("b", "29", "53", new GeoPoint(48, -4)), new Site("a", "35", "53", new GeoPoint(48, -1)) },
            place, s => (s.Dep, s.Region, s.Point), s => s.Id);
        Assert.Equal(new[] { "a", "b" }, ranked.Select(r => r.Item.Id));
        Assert.All(ranked, r => Assert.Null(r.DistanceKm));
    }

    [Fact]
    public void The_reference_point_is_the_communes_located_sites_else_the_departements_and_says_so()
    {
        var located = new[]
        {
            new LocatedSite("29", "Brest", "29200", new GeoPoint(48.40, -4.50)),
            new LocatedSite("29", "Brest", "29200", new GeoPoint(48.38, -4.48)),
            new LocatedSite("29", "Quimper", "29000", new GeoPoint(48.00, -4.10)),
        };
        var (brest, why) = PlaceResolver.ReferencePoint(Resolver.Resolve("Brest")!, located);
        Assert.Equal(new GeoPoint(48.39, -4.49), brest);
        Assert.Contains("Brest", why, StringComparison.Ordinal);

        var (finistere, why2) = PlaceResolver.ReferencePoint(Resolver.Resolve("29")!, located);
        Assert.Equal(new GeoPoint(48.26, -4.36), finistere);
        Assert.Contains("département 29", why2, StringComparison.Ordinal);

        var (none, why3) = PlaceResolver.ReferencePoint(Resolver.Resolve("75")!, located);
        Assert.Null(none);
        Assert.Null(why3);
    }
}
