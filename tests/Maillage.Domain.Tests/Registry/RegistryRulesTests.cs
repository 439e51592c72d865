using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Domain.Tests.Registry;

/// <summary>Each structural rule on a small valid registry, broken one way at a time.</summary>
public sealed class RegistryRulesTests
{
    private sealed class Orpha : IOrphaLookup
    {
        public bool? IsActive(int code) => code switch { 558 => true, 166068 => false, _ => null };
    }

    private static readonly string Chu = Finess.Create("35", 1).Value;
    private static readonly string ChuSite1 = Finess.Create("35", 2).Value;
    private static readonly string ChuSite2 = Finess.Create("35", 3).Value;

    private static (List<Establishment> E, List<Network> N, List<Centre> C, List<Person> P, List<Mandate> M) Valid()
    {
        var e = new List<Establishment>
        {
            new() { Finess = Chu, Level = EstablishmentLevel.LegalEntity, Name = "CHU de Rennes", DepartementCode = "35" },
            new() { Finess = ChuSite1, Level = EstablishmentLevel.Site, LegalEntityFiness = Chu, Name = "CHU de Rennes – Pontchaillou", DepartementCode = "35" },
            new() { Finess = ChuSite2, Level = EstablishmentLevel.Site, LegalEntityFiness = Chu, Name = "CHU de Rennes – Sud", DepartementCode = "35" },
        };
        var n = new List<Network> { new() { Id = "CRMR-1", Name = "Réseau 1", FiliereAcronym = "CARDIOGEN", Perimeter = [new() { NetworkId = "CRMR-1", OrphaCode = 558 }] } };
        var c = new List<Centre>
        {
            new() { Id = "SITE-1", Kind = CentreKind.ReferenceSite, Role = SiteRole.Coordinating, NetworkId = "CRMR-1", Name = "Cardiologie", EstablishmentFiness = ChuSite1 },
            new() { Id = "SITE-2", Kind = CentreKind.ReferenceSite, Role = SiteRole.Constitutive, NetworkId = "CRMR-1", Name = "Pédiatrie", EstablishmentFiness = ChuSite2 },
            new() { Id = "CCMR-1", Kind = CentreKind.CompetenceCentre, Name = "CCMR", EstablishmentFiness = ChuSite1, Attachments = [new() { CentreId = "CCMR-1", NetworkId = "CRMR-1" }] },
            new() { Id = "CRC-1", Kind = CentreKind.ResourceCentre, ResourceKind = ResourceCentreKind.Mhc, Name = "CRC", EstablishmentFiness = ChuSite1 },
        };
        var p = new List<Person> { new() { Id = "P-1", FirstName = "Camille", LastName = "Martin", Rpps = Rpps.Create(1000000001).Value } };
        var m = new List<Mandate> { new() { PersonId = "P-1", Role = MandateRole.CentreHead, CentreId = "SITE-1", From = new DateOnly(2024, 1, 1) } };
        return (e, n, c, p, m);
    }

    private static IReadOnlyList<RuleViolation> Check(List<Establishment> e, List<Network> n, List<Centre> c, List<Person> p, List<Mandate> m) =>
        RegistryRules.Validate(new RegistryData
        {
            Regions = [new Region { Code = "53", Name = "Bretagne" }],
            Departements = [new Departement { Code = "35", Name = "Ille-et-Vilaine", RegionCode = "53" }],
            Establishments = e,
            Filieres = [new Filiere { Acronym = "CARDIOGEN", Name = "Cardiogen" }],
            Networks = n,
            Centres = c,
            People = p,
            Mandates = m,
        }, new Orpha());

    [Fact]
    public void A_valid_registry_has_no_violation()
    {
        var (e, n, c, p, m) = Valid();
        Assert.Empty(Check(e, n, c, p, m));
    }

    [Theory]
    [InlineData("35000", null, null, null)]
    [InlineData("97400", -21.1151, 55.5364, null)]
    [InlineData("3500", null, null, "postal_code")]
    [InlineData("350000", null, null, "postal_code")]
    [InlineData("35 00", null, null, "postal_code")]
    [InlineData("3500A", null, null, "postal_code")]
    [InlineData(null, 90.0, 180.0, null)]
    [InlineData(null, -90.0, -180.0, null)]
    [InlineData(null, 90.0001, 2.0, "latitude")]
    [InlineData(null, 48.0, -180.0001, "longitude")]
    [InlineData(null, 48.0, null, "longitude")]
    [InlineData(null, null, 2.0, "latitude")]
    public void An_establishments_postal_code_and_coordinates_are_checked_on_every_write_path(string? postal, double? lat, double? lon, string? field)
    {
        var (e, n, c, p, m) = Valid();
        e[1].PostalCode = postal;
        e[1].Latitude = lat;
        e[1].Longitude = lon;
        var violations = Check(e, n, c, p, m);
        if (field is null) Assert.Empty(violations);
        else
        {
            var v = Assert.Single(violations);
            Assert.Equal(field, v.Field);
            Assert.Equal(field == "postal_code" ? RegistryRules.PostalCode : RegistryRules.Coordinates, v.Rule);
            Assert.Equal(ChuSite1, v.EntityId);
        }
    }

    [Fact]
    public void Two_coordinating_sites_in_a_network()
    {
        var (e, n, c, p, m) = Valid();
        c[1].Role = SiteRole.Coordinating;
        var v = Assert.Single(Check(e, n, c, p, m));
        Assert.Equal(RegistryRules.OneCoordinatingSite, v.Rule);
        Assert.Equal("SITE-2", v.EntityId);
        Assert.Equal("role", v.Field);
    }

    [Fact]
    public void A_network_with_sites_but_no_coordinating_site()
    {
        var (e, n, c, p, m) = Valid();
        c[0].Role = SiteRole.Constitutive;
        var v = Assert.Single(Check(e, n, c, p, m));
        Assert.Equal(RegistryRules.OneCoordinatingSite, v.Rule);
        Assert.Equal("CRMR-1", v.EntityId);
    }

    [Fact]
    public void A_closed_coordinating_site_does_not_count()
    {
        var (e, n, c, p, m) = Valid();
        c.Add(new Centre { Id = "SITE-OLD", Kind = CentreKind.ReferenceSite, Role = SiteRole.Coordinating, NetworkId = "CRMR-1", Name = "Ancien", EstablishmentFiness = ChuSite2, ClosedOn = new DateOnly(2023, 12, 31) });
        Assert.Empty(Check(e, n, c, p, m));
    }

    [Theory]
    [InlineData("")]
    [InlineData("UNKNOWN")]
    public void A_network_has_exactly_one_known_filiere(string filiere)
    {
        var (e, n, c, p, m) = Valid();
        n[0].FiliereAcronym = filiere;
        Assert.Contains(Check(e, n, c, p, m), v => v.Rule == RegistryRules.OneFiliere && v.Field == "filiere");
    }

    [Fact]
    public void Two_sites_of_a_network_in_one_establishment()
    {
        var (e, n, c, p, m) = Valid();
        c[1].EstablishmentFiness = ChuSite1;
        var v = Assert.Single(Check(e, n, c, p, m));
        Assert.Equal(RegistryRules.OneSitePerEstablishment, v.Rule);
        Assert.Equal("establishment_finess", v.Field);
    }

    [Fact]
    public void A_competence_centre_without_attachment()
    {
        var (e, n, c, p, m) = Valid();
        c[2].Attachments.Clear();
        var v = Assert.Single(Check(e, n, c, p, m));
        Assert.Equal(RegistryRules.CompetenceAttached, v.Rule);
    }

    [Fact]
    public void A_competence_centre_attached_to_an_unknown_network()
    {
        var (e, n, c, p, m) = Valid();
        c[2].Attachments[0].NetworkId = "CRMR-404";
        Assert.Contains(Check(e, n, c, p, m), v => v.Rule == RegistryRules.Reference && v.Field == "attachments");
    }

    [Theory]
    [InlineData(999999, RegistryRules.OrphaUnknown)]
    [InlineData(166068, RegistryRules.OrphaInactive)]
    public void Orpha_codes_must_exist_and_be_active(int code, string rule)
    {
        var (e, n, c, p, m) = Valid();
        n[0].Perimeter.Add(new NetworkDisease { NetworkId = "CRMR-1", OrphaCode = code });
        var v = Assert.Single(Check(e, n, c, p, m));
        Assert.Equal(rule, v.Rule);
        Assert.Equal("orpha_codes", v.Field);
    }

    [Fact]
    public void A_bad_finess_key()
    {
        var (e, n, c, p, m) = Valid();
        e.Add(new Establishment { Finess = "350000000", Level = EstablishmentLevel.Site, Name = "X", DepartementCode = "35" });
        Assert.Contains(Check(e, n, c, p, m), v => v.Rule == RegistryRules.FinessInvalid && v.EntityId == "350000000");
    }

    [Fact]
    public void A_finess_from_another_departement()
    {
        var (e, n, c, p, m) = Valid();
        e.Add(new Establishment { Finess = Finess.Create("29", 5).Value, Level = EstablishmentLevel.LegalEntity, Name = "X", DepartementCode = "35" });
        Assert.Contains(Check(e, n, c, p, m), v => v.Rule == RegistryRules.FinessDepartement);
    }

    [Fact]
    public void A_bad_rpps_key_and_a_duplicate_rpps()
    {
        var (e, n, c, p, m) = Valid();
        p[0].Rpps = "01234567123";
        p.Add(new Person { Id = "P-2", FirstName = "A", LastName = "B", Rpps = "01234567123" });
        var violations = Check(e, n, c, p, m);
        Assert.Contains(violations, v => v.Rule == RegistryRules.RppsInvalid && v.EntityId == "P-1" && v.Message.Contains("clé", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Rule == RegistryRules.RppsInvalid && v.EntityId == "P-2");
    }

    [Fact]
    public void A_centre_in_a_legal_entity_instead_of_a_site()
    {
        var (e, n, c, p, m) = Valid();
        c[3].EstablishmentFiness = Chu;
        Assert.Contains(Check(e, n, c, p, m), v => v.Rule == RegistryRules.CentreShape && v.EntityId == "CRC-1");
    }

    [Fact]
    public void Shapes_of_centres()
    {
        var (e, n, c, p, m) = Valid();
        c[3].ResourceKind = null;
        c[2].Role = SiteRole.Constitutive;
        c[0].Role = null;
        var violations = Check(e, n, c, p, m);
        Assert.Contains(violations, v => v.EntityId == "CRC-1" && v.Field == "resource_kind");
        Assert.Contains(violations, v => v.EntityId == "CCMR-1" && v.Field == "role");
        Assert.Contains(violations, v => v.EntityId == "SITE-1" && v.Field == "role");
    }

    [Fact]
    public void Overlapping_head_mandates()
    {
        var (e, n, c, p, m) = Valid();
        p.Add(new Person { Id = "P-2", FirstName = "A", LastName = "B" });
        m.Add(new Mandate { PersonId = "P-2", Role = MandateRole.CentreHead, CentreId = "SITE-1", From = new DateOnly(2025, 1, 1) });
        Assert.Contains(Check(e, n, c, p, m), v => v.Rule == RegistryRules.MandateOverlap);
        m[0].To = new DateOnly(2024, 12, 31);
        Assert.Empty(Check(e, n, c, p, m));
    }

    [Fact]
    public void Mandate_ending_before_it_starts()
    {
        var (e, n, c, p, m) = Valid();
        m[0].To = new DateOnly(2023, 1, 1);
        Assert.Contains(Check(e, n, c, p, m), v => v.Rule == RegistryRules.Dates);
    }

    [Theory]
    [InlineData("SITE-1", "succéder à lui-même")]
    [InlineData("CCMR-404", "inconnu")]
    public void A_predecessor_must_be_another_known_centre(string predecessor, string fragment)
    {
        var (e, n, c, p, m) = Valid();
        c[0].PredecessorId = predecessor;
        var v = Assert.Single(Check(e, n, c, p, m));
        Assert.Equal("predecessor_id", v.Field);
        Assert.Contains(fragment, v.Message, StringComparison.Ordinal);
    }
}
