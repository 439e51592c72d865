using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Domain.Tests.Registry;

/// <summary>
/// The structural rules of docs/registry-rules.md as data rows: each row names the rule, the input (a small valid registry
/// broken one way) and the expected verdict (no violation, exactly this violation, or this violation among others), with
/// the boundaries the document states (a mandate may end the day before the next one starts, not on that day; an end on
/// the start day is allowed; coordinates at ±90/±180 are inside).
/// </summary>
public sealed class RegistryRulesTests
{
    private sealed class Orpha : IOrphaLookup
    {
        public bool? IsActive(int code) => code switch { 558 => true, 166068 => false, _ => null };
    }

    private static readonly string Chu = Finess.Create("35", 1).Value;
    private static readonly string ChuSite1 = Finess.Create("35", 2).Value;
    private static readonly string ChuSite2 = Finess.Create("35", 3).Value;

    /// <summary>The small registry every row starts from: one network with two sites, a CCMR, a CRC, one head.</summary>
    public sealed class Registry
    {
        public List<Establishment> E { get; } =
        [
            new() { Finess = Chu, Level = EstablishmentLevel.LegalEntity, Name = "CHU de Rennes", DepartementCode = "35" },
            new() { Finess = ChuSite1, Level = EstablishmentLevel.Site, LegalEntityFiness = Chu, Name = "CHU de Rennes – Pontchaillou", DepartementCode = "35" },
            new() { Finess = ChuSite2, Level = EstablishmentLevel.Site, LegalEntityFiness = Chu, Name = "CHU de Rennes – Sud", DepartementCode = "35" },
        ];

        public List<Network> N { get; } = [new() { Id = "CRMR-1", Name = "Réseau 1", FiliereAcronym = "CARDIOGEN", Perimeter = [new() { NetworkId = "CRMR-1", OrphaCode = 558 }] }];

        public List<Centre> C { get; } =
        [
            new() { Id = "SITE-1", Kind = CentreKind.ReferenceSite, Role = SiteRole.Coordinating, NetworkId = "CRMR-1", Name = "Cardiologie", EstablishmentFiness = ChuSite1 },
            new() { Id = "SITE-2", Kind = CentreKind.ReferenceSite, Role = SiteRole.Constitutive, NetworkId = "CRMR-1", Name = "Pédiatrie", EstablishmentFiness = ChuSite2 },
            new() { Id = "CCMR-1", Kind = CentreKind.CompetenceCentre, Name = "CCMR", EstablishmentFiness = ChuSite1, Attachments = [new() { CentreId = "CCMR-1", NetworkId = "CRMR-1" }] },
            new() { Id = "CRC-1", Kind = CentreKind.ResourceCentre, ResourceKind = ResourceCentreKind.Mhc, Name = "CRC", EstablishmentFiness = ChuSite1 },
        ];

        public List<Person> P { get; } = [new() { Id = "P-1", FirstName = "Camille", LastName = "Martin", Rpps = Rpps.Create(1000000001).Value }];

        public List<Mandate> M { get; } = [new() { PersonId = "P-1", Role = MandateRole.CentreHead, CentreId = "SITE-1", From = new DateOnly(2024, 1, 1) }];

        public IReadOnlyList<RuleViolation> Check() => RegistryRules.Validate(new RegistryData
        {
            Regions = [new Region { Code = "53", Name = "Bretagne" }],
            Departements = [new Departement { Code = "35", Name = "Ille-et-Vilaine", RegionCode = "53" }],
            Establishments = E,
            Filieres = [new Filiere { Acronym = "CARDIOGEN", Name = "Cardiogen" }],
            Networks = N,
            Centres = C,
            People = P,
            Mandates = M,
        }, new Orpha());
    }

    /// <summary>How the expected violation must appear: none at all, the only one, or one among others.</summary>
    public enum Verdict { Valid, Only, Among }

    /// <summary>
    /// One row: the rule (as in docs/registry-rules.md), the input in words and as a change of the valid registry, and the
    /// verdict; <paramref name="Entity"/>, <paramref name="Field"/> and <paramref name="MessagePart"/> are checked when given.
    /// </summary>
    public sealed record Row(string Rule, string Input, Action<Registry> Break, Verdict Verdict, string? Entity = null, string? Field = null, string? MessagePart = null)
    {
        public override string ToString() => $"{Rule} — {Input} → {Verdict}";
    }

    private static readonly DateOnly Jan1 = new(2025, 1, 1);

    public static TheoryData<Row> Rows { get; } = new(
        new Row("(all)", "the valid registry", _ => { }, Verdict.Valid),

        // R-NETWORK-ONE-COORDINATING: exactly one open coordinating site per network
        new Row(RegistryRules.OneCoordinatingSite, "a second coordinating site", r => r.C[1].Role = SiteRole.Coordinating, Verdict.Only, "SITE-2", "role"),
        new Row(RegistryRules.OneCoordinatingSite, "sites but no coordinating site", r => r.C[0].Role = SiteRole.Constitutive, Verdict.Only, "CRMR-1"),
        new Row(RegistryRules.OneCoordinatingSite, "a second coordinating site, closed", r => r.C.Add(new Centre
        {
            Id = "SITE-OLD", Kind = CentreKind.ReferenceSite, Role = SiteRole.Coordinating, NetworkId = "CRMR-1", Name = "Ancien",
            EstablishmentFiness = ChuSite2, ClosedOn = new DateOnly(2023, 12, 31),
        }), Verdict.Valid),

        // R-NETWORK-ONE-FILIERE: exactly one known filière
        new Row(RegistryRules.OneFiliere, "no filière", r => r.N[0].FiliereAcronym = "", Verdict.Among, Field: "filiere"),
        new Row(RegistryRules.OneFiliere, "an unknown filière", r => r.N[0].FiliereAcronym = "UNKNOWN", Verdict.Among, Field: "filiere"),

        // R-NETWORK-ONE-SITE-PER-ESTABLISHMENT
        new Row(RegistryRules.OneSitePerEstablishment, "two open sites of the network in one ET", r => r.C[1].EstablishmentFiness = ChuSite1, Verdict.Only, Field: "establishment_finess"),

        // R-CCMR-ATTACHED and R-REFERENCE of an attachment
        new Row(RegistryRules.CompetenceAttached, "a competence centre without attachment", r => r.C[2].Attachments.Clear(), Verdict.Only),
        new Row(RegistryRules.Reference, "a competence centre attached to an unknown network", r => r.C[2].Attachments[0].NetworkId = "CRMR-404", Verdict.Among, Field: "attachments"),

        // R-ORPHA-UNKNOWN, R-ORPHA-INACTIVE
        new Row(RegistryRules.OrphaUnknown, "an ORPHAcode absent from the nomenclature", r => r.N[0].Perimeter.Add(new NetworkDisease { NetworkId = "CRMR-1", OrphaCode = 999999 }), Verdict.Only, Field: "orpha_codes"),
        new Row(RegistryRules.OrphaInactive, "an inactive ORPHAcode", r => r.N[0].Perimeter.Add(new NetworkDisease { NetworkId = "CRMR-1", OrphaCode = 166068 }), Verdict.Only, Field: "orpha_codes"),

        // R-FINESS, R-FINESS-DEP
        new Row(RegistryRules.FinessInvalid, "a FINESS number with a bad key", r => r.E.Add(new Establishment { Finess = "350000000", Level = EstablishmentLevel.Site, Name = "X", DepartementCode = "35" }), Verdict.Among, "350000000"),
        new Row(RegistryRules.FinessDepartement, "a FINESS number of another département", r => r.E.Add(new Establishment { Finess = Finess.Create("29", 5).Value, Level = EstablishmentLevel.LegalEntity, Name = "X", DepartementCode = "35" }), Verdict.Among),

        // R-RPPS: a valid key, not already another person's
        new Row(RegistryRules.RppsInvalid, "an RPPS number with a bad key (shared by two people)", BadAndDuplicateRpps, Verdict.Among, "P-1", MessagePart: "clé"),
        new Row(RegistryRules.RppsInvalid, "an RPPS number already another person's (with a bad key)", BadAndDuplicateRpps, Verdict.Among, "P-2"),

        // R-CENTRE-SHAPE
        new Row(RegistryRules.CentreShape, "a centre in a legal entity (EJ) instead of a site (ET)", r => r.C[3].EstablishmentFiness = Chu, Verdict.Among, "CRC-1"),
        new Row(RegistryRules.CentreShape, "a CRC without type", r => r.C[3].ResourceKind = null, Verdict.Among, "CRC-1", "resource_kind"),
        new Row(RegistryRules.CentreShape, "a competence centre with a site role", r => r.C[2].Role = SiteRole.Constitutive, Verdict.Among, "CCMR-1", "role"),
        new Row(RegistryRules.CentreShape, "a reference site without role", r => r.C[0].Role = null, Verdict.Among, "SITE-1", "role"),

        // R-MANDATE-OVERLAP: one head at a time; the previous mandate must end before the day the next one starts
        new Row(RegistryRules.MandateOverlap, "a second head while the first mandate is open", r => SecondHead(r, previousEnds: null), Verdict.Among),
        new Row(RegistryRules.MandateOverlap, "the first mandate ends the day the second starts", r => SecondHead(r, previousEnds: Jan1), Verdict.Among),
        new Row(RegistryRules.MandateOverlap, "the first mandate ends the day before the second starts", r => SecondHead(r, previousEnds: Jan1.AddDays(-1)), Verdict.Valid),

        // R-DATES: the end is not before the start
        new Row(RegistryRules.Dates, "a mandate ending before it starts", r => r.M[0].To = new DateOnly(2023, 1, 1), Verdict.Among),
        new Row(RegistryRules.Dates, "a mandate ending the day before it starts", r => r.M[0].To = r.M[0].From.AddDays(-1), Verdict.Among, Field: "to"),
        new Row(RegistryRules.Dates, "a mandate ending the day it starts", r => r.M[0].To = r.M[0].From, Verdict.Valid),

        // R-REFERENCE: a centre's predecessor is another known centre
        new Row(RegistryRules.Reference, "a centre succeeding itself", r => r.C[0].PredecessorId = "SITE-1", Verdict.Only, Field: "predecessor_id", MessagePart: "succéder à lui-même"),
        new Row(RegistryRules.Reference, "an unknown predecessor", r => r.C[0].PredecessorId = "CCMR-404", Verdict.Only, Field: "predecessor_id", MessagePart: "inconnu"));

    private static void BadAndDuplicateRpps(Registry r)
    {
        r.P[0].Rpps = "01234567123";
        r.P.Add(new Person { Id = "P-2", FirstName = "A", LastName = "B", Rpps = "01234567123" });
    }

    private static void SecondHead(Registry r, DateOnly? previousEnds)
    {
        r.P.Add(new Person { Id = "P-2", FirstName = "A", LastName = "B" });
        r.M.Add(new Mandate { PersonId = "P-2", Role = MandateRole.CentreHead, CentreId = "SITE-1", From = Jan1 });
        r.M[0].To = previousEnds;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_registry_rule_gives_its_verdict(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var registry = new Registry();
        row.Break(registry);
        var violations = registry.Check();
        switch (row.Verdict)
        {
            case Verdict.Valid:
                Assert.Empty(violations);
                return;
            case Verdict.Only:
                Matches(row, Assert.Single(violations));
                return;
            case Verdict.Among:
                Assert.Contains(violations, v => Is(row, v));
                return;
        }
    }

    private static bool Is(Row row, RuleViolation v) =>
        v.Rule == row.Rule && (row.Entity is null || v.EntityId == row.Entity) && (row.Field is null || v.Field == row.Field)
        && (row.MessagePart is null || v.Message.Contains(row.MessagePart, StringComparison.Ordinal));

    private static void Matches(Row row, RuleViolation v)
    {
        Assert.Equal(row.Rule, v.Rule);
        if (row.Entity is not null) Assert.Equal(row.Entity, v.EntityId);
        if (row.Field is not null) Assert.Equal(row.Field, v.Field);
        if (row.MessagePart is not null) Assert.Contains(row.MessagePart, v.Message, StringComparison.Ordinal);
    }

    // R-POSTAL-CODE and R-COORDINATES: rows of (postal code, latitude, longitude) → the field refused, or none.
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
        var registry = new Registry();
        registry.E[1].PostalCode = postal;
        registry.E[1].Latitude = lat;
        registry.E[1].Longitude = lon;
        var violations = registry.Check();
        if (field is null) Assert.Empty(violations);
        else
        {
            var v = Assert.Single(violations);
            Assert.Equal(field, v.Field);
            Assert.Equal(field == "postal_code" ? RegistryRules.PostalCode : RegistryRules.Coordinates, v.Rule);
            Assert.Equal(ChuSite1, v.EntityId);
        }
    }
}
