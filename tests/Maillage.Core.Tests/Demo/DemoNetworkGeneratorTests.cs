using System.Globalization;
using System.Text;
using System.Text.Json;
using Maillage.Core.Demo;
using Maillage.Core.Infrastructure.ReferenceData;
using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Core.Tests.Demo;

/// <summary>Counts of the structures labelled on one date, like <c>maillage registry stats --as-of</c>.</summary>
public sealed record DemoCounts(int Networks, int Coordinating, int Constitutive, int Ccmr, int Crc, int Pemr, int Overseas)
{
    public int Sites => Coordinating + Constitutive;

    public static DemoCounts Of(RegistryData d, DateOnly on, string? filiere = null)
    {
        var labelled = d.Labels.Where(l => l.CoversDate(on)).Select(l => l.SubjectId).ToHashSet(StringComparer.Ordinal);
        var networkFiliere = d.Networks.ToDictionary(n => n.Id, n => n.FiliereAcronym, StringComparer.Ordinal);
        bool InFiliere(string networkId) => filiere is null || networkFiliere[networkId] == filiere;
        var centres = d.Centres.Where(c => labelled.Contains(c.Id)).ToList();
        var sites = centres.Where(c => c.Kind == CentreKind.ReferenceSite && InFiliere(c.NetworkId!)).ToList();
        return new DemoCounts(
            d.Networks.Count(n => labelled.Contains(n.Id) && InFiliere(n.Id)),
            sites.Count(s => s.Role == SiteRole.Coordinating),
            sites.Count(s => s.Role == SiteRole.Constitutive),
            centres.Count(c => c.Kind == CentreKind.CompetenceCentre && c.Attachments.Any(a => InFiliere(a.NetworkId))),
            centres.Count(c => c.Kind == CentreKind.ResourceCentre && (filiere is null || c.Attachments.Any(a => InFiliere(a.NetworkId)))),
            d.Platforms.Count(p => labelled.Contains(p.Id) && p.Kind == PlatformKind.Expertise),
            d.Platforms.Count(p => labelled.Contains(p.Id) && p.Kind == PlatformKind.Overseas));
    }
}

public sealed class DemoNetworkGeneratorTests
{
    private static readonly DateOnly Current = new(2024, 6, 1);
    private static readonly DateOnly In2017 = new(2022, 6, 1);

    private static readonly Lazy<DemoInputs> Inputs = new(() => DemoInputs.FromDataDirectory(DataPaths.DataDirectory));
    private static readonly Lazy<RegistryData> Data = new(() => DemoNetworkGenerator.Generate(Inputs.Value));

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private sealed class DrawnCodes(DemoInputs inputs) : IOrphaLookup
    {
        // The codes the generator may draw: the filières' classifications, and the domains' heads with the active codes below them.
        private readonly HashSet<int> _codes = inputs.Filieres.SelectMany(f => inputs.OrphaCodesForFiliere(f.Acronym))
            .Concat(inputs.Domains.SelectMany(d => inputs.ActiveBelow(d.OrphaCode).Prepend(d.OrphaCode))).ToHashSet();

        public bool? IsActive(int code) => _codes.Contains(code) ? true : null;
    }

    private static string Serialise(RegistryData d) => JsonSerializer.Serialize(d, Json);

    [Fact]
    public void Inputs_are_read_from_the_data_folder()
    {
        var i = Inputs.Value;
        Assert.Equal(18, i.Regions.Count);
        Assert.Equal(101, i.Departements.Count);
        Assert.Equal(23, i.Filieres.Count);
        Assert.Equal(24, i.Erns.Count);
        Assert.True(i.Communes.Count > 30_000);
        foreach (var f in i.Filieres)
            Assert.True(i.OrphaCodesForFiliere(f.Acronym).Count >= 20, $"{f.Acronym} has too few ORPHA codes");
        Assert.Contains(586, i.OrphaCodesForFiliere("MUCO-CFTR"));
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var again = DemoNetworkGenerator.Generate(DemoInputs.FromDataDirectory(DataPaths.DataDirectory));
        Assert.Equal(Serialise(Data.Value), Serialise(again));
    }

    [Fact]
    public void Another_seed_gives_another_network()
    {
        var other = DemoNetworkGenerator.Generate(Inputs.Value, seed: 7);
        Assert.NotEqual(Serialise(Data.Value), Serialise(other));
        Assert.Empty(RegistryRules.Validate(other, new DrawnCodes(Inputs.Value)));
    }

    [Fact]
    public void Generated_registry_breaks_no_rule()
    {
        var violations = RegistryRules.Validate(Data.Value, new DrawnCodes(Inputs.Value));
        Assert.True(violations.Count == 0, string.Join("\n", violations.Take(20).Select(v => $"{v.Rule} {v.Entity} {v.EntityId}: {v.Message}")));
    }

    [Fact]
    public void Current_period_matches_the_published_orders_of_magnitude()
    {
        var c = DemoCounts.Of(Data.Value, Current);
        Assert.InRange(c.Networks, 105, 115);
        Assert.Equal(c.Networks, c.Coordinating);
        Assert.InRange(c.Sites, 590, 610);
        Assert.InRange(c.Ccmr, 1_780, 1_820);
        Assert.Equal(85, c.Crc);
        Assert.Equal(19, c.Pemr);
        Assert.Equal(4, c.Overseas);
        Assert.InRange(Data.Value.Associations.Count, 200, 240);

        var crc = Data.Value.Centres.Where(x => x.Kind == CentreKind.ResourceCentre).GroupBy(x => x.ResourceKind!.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(30, crc[ResourceCentreKind.Mhc]);
        Assert.Equal(45, crc[ResourceCentreKind.Crcm]);
        Assert.Equal(10, crc[ResourceCentreKind.Sla]);
    }

    [Theory]
    [InlineData("CARDIOGEN", 4, 14, 60)]
    [InlineData("RespiFIL", 3, 21, 64)]
    [InlineData("FIMARAD", 5, 17, 66)]
    public void Published_filiere_counts_are_exact(string filiere, int coordinating, int constitutive, int ccmr)
    {
        var c = DemoCounts.Of(Data.Value, Current, filiere);
        Assert.Equal(coordinating, c.Coordinating);
        Assert.Equal(constitutive, c.Constitutive);
        Assert.Equal(ccmr, c.Ccmr);
        Assert.Equal(coordinating, c.Networks);
    }

    [Fact]
    public void Cardiogen_has_eleven_associations()
    {
        var n = Data.Value.Associations.Count(a => a.Conventions.Any(c => c.TargetKind == ConventionTarget.Filiere && c.TargetId == "CARDIOGEN"));
        Assert.Equal(11, n);
    }

    [Fact]
    public void The_2017_labelling_is_plausible()
    {
        var c = DemoCounts.Of(Data.Value, In2017);
        Assert.Equal(109, c.Networks);
        Assert.InRange(c.Sites, 465, 480);
        Assert.InRange(c.Ccmr, 1_700, 1_850);
        Assert.Equal(85, c.Crc);
        var now = DemoCounts.Of(Data.Value, Current);
        var newSites = Data.Value.Centres.Count(x => x.Kind == CentreKind.ReferenceSite
            && Data.Value.Labels.Where(l => l.CentreId == x.Id).All(l => l.PeriodId == DemoNetworkGenerator.Period2023));
        Assert.Equal(132, newSites);
        Assert.True(now.Sites > c.Sites);

        // CCMR promoted to constitutive sites: the old unit is closed at the end of 2023 and named as predecessor.
        var centres = Data.Value.Centres.ToDictionary(x => x.Id, StringComparer.Ordinal);
        var promoted = Data.Value.Centres.Where(x => x.PredecessorId is not null).ToList();
        Assert.NotEmpty(promoted);
        foreach (var site in promoted)
        {
            var old = centres[site.PredecessorId!];
            Assert.Equal(CentreKind.CompetenceCentre, old.Kind);
            Assert.Equal(DemoNetworkGenerator.End2017, old.ClosedOn);
            Assert.Equal(site.EstablishmentFiness, old.EstablishmentFiness);
        }
        Assert.Contains(Data.Value.Labels, l => l.Decision == LabelDecision.LabelledWithReservations);
    }

    [Fact]
    public void Identifiers_are_valid_and_consistent()
    {
        var d = Data.Value;
        var deps = d.Departements.Select(x => x.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var e in d.Establishments)
        {
            Assert.True(Finess.IsValid(e.Finess), e.Finess);
            Assert.Contains(e.DepartementCode, deps);
            Assert.True(RegistryRules.FinessMatchesDepartement(e.Finess, e.DepartementCode), $"{e.Finess} {e.DepartementCode}");
        }
        Assert.All(d.People, p => Assert.True(Rpps.IsValid(p.Rpps), p.Rpps));
        Assert.Equal(d.People.Count, d.People.Select(p => p.Rpps).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(d.People.Count, d.People.Select(p => p.FirstName + " " + p.LastName).Distinct(StringComparer.Ordinal).Count());
        Assert.All(d.Networks, n => Assert.Matches("^CRMR-[A-Z0-9-]+-[0-9]{2}$", n.Id));
        Assert.All(d.Centres, c => Assert.Matches("^(SITE|CCMR|CRC)-[0-9]{5}$", c.Id));
        Assert.All(d.Platforms, p => Assert.Matches("^(PEMR-(0[1-9]|1[0-9])|PFOM-0[1-4])$", p.Id));

        // Every region has establishments, Corsica and the five overseas départements included.
        var estDeps = d.Establishments.Select(e => e.DepartementCode).ToHashSet(StringComparer.Ordinal);
        foreach (var code in new[] { "2A", "2B", "971", "972", "973", "974", "976" })
            Assert.Contains(code, estDeps);
        var depRegion = d.Departements.ToDictionary(x => x.Code, x => x.RegionCode, StringComparer.Ordinal);
        Assert.Equal(d.Regions.Count, d.Establishments.Select(e => depRegion[e.DepartementCode]).Distinct(StringComparer.Ordinal).Count());
        Assert.All(d.Filieres, f => Assert.NotNull(f.HostFiness));
    }

    [Fact]
    public void Heads_and_coordinators_cover_every_structure()
    {
        var d = Data.Value;
        var people = d.People.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var heads = d.Mandates.Where(m => m.Role == MandateRole.CentreHead && m.CoversDate(Current)).ToList();
        var open = d.Centres.Where(c => c.ClosedOn is null).ToList();
        Assert.Equal(open.Count, heads.Select(m => m.CentreId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(d.Filieres.Count, d.Mandates.Count(m => m.Role == MandateRole.FiliereCoordinator && m.CoversDate(new DateOnly(2025, 9, 1))));
        Assert.Equal(d.Platforms.Count, d.Mandates.Count(m => m.Role == MandateRole.PlatformHead && m.CoversDate(Current)));
        Assert.Contains(d.Mandates, m => m.To is not null && m.Role == MandateRole.CentreHead); // successions

        foreach (var p in d.People)
            Assert.Equal(p.Status is HeadStatus.PuPh or HeadStatus.ConsultantProfessor ? "Pr" : "Dr", p.Title);
        var coordinatingSites = d.Centres.Where(c => c.Role == SiteRole.Coordinating).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(heads, m => coordinatingSites.Contains(m.CentreId!) && people[m.PersonId].Status == HeadStatus.ConsultantProfessor
            && Age(people[m.PersonId], Current) > 68);
        Assert.True(d.People.Count(p => p.Status == HeadStatus.ConsultantProfessor) >= 3);
        Assert.Contains(d.People, p => p.Status == HeadStatus.PhPartTime);
        Assert.Contains(d.People, p => p.Status == HeadStatus.Contractual);
        var coordinators = d.Mandates.Where(m => m.Role == MandateRole.FiliereCoordinator).Select(m => people[m.PersonId]).ToList();
        Assert.All(coordinators, p => Assert.Equal(HeadStatus.PuPh, p.Status));
    }

    private static int Age(Person p, DateOnly on)
    {
        var b = p.BirthDate!.Value;
        var age = on.Year - b.Year;
        return on < b.AddYears(age) ? age - 1 : age;
    }

    [Fact]
    public void Summary_for_the_report()
    {
        var d = Data.Value;
        var sb = new StringBuilder();
        foreach (var (label, on) in new[] { ("2023-2028", Current), ("2017-2022", In2017) })
        {
            var c = DemoCounts.Of(d, on);
            sb.AppendLine(CultureInfo.InvariantCulture, $"{label}: networks {c.Networks}, coordinating {c.Coordinating}, constitutive {c.Constitutive}, sites {c.Sites}, CCMR {c.Ccmr}, CRC {c.Crc}, PEMR {c.Pemr}, overseas {c.Overseas}");
            foreach (var f in d.Filieres)
            {
                var x = DemoCounts.Of(d, on, f.Acronym);
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {f.Acronym}: {x.Networks} networks, {x.Coordinating}/{x.Constitutive} sites, {x.Ccmr} CCMR, {x.Crc} CRC");
            }
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"establishments {d.Establishments.Count}, people {d.People.Count}, mandates {d.Mandates.Count}, associations {d.Associations.Count}, labels {d.Labels.Count}, centres (all) {d.Centres.Count}");
        var ests = d.Establishments.ToDictionary(e => e.Finess, StringComparer.Ordinal);
        var depRegion = d.Departements.ToDictionary(x => x.Code, x => x.RegionCode, StringComparer.Ordinal);
        var labelledNow = d.Labels.Where(l => l.CoversDate(Current)).Select(l => l.SubjectId).ToHashSet(StringComparer.Ordinal);
        foreach (var g in d.Centres.Where(c => labelledNow.Contains(c.Id)).GroupBy(c => depRegion[ests[c.EstablishmentFiness].DepartementCode]).OrderBy(g => g.Key, StringComparer.Ordinal))
            sb.AppendLine(CultureInfo.InvariantCulture, $"region {g.Key}: coordinating {g.Count(c => c.Role == SiteRole.Coordinating)}, constitutive {g.Count(c => c.Role == SiteRole.Constitutive)}, CCMR {g.Count(c => c.Kind == CentreKind.CompetenceCentre)}, CRC {g.Count(c => c.Kind == CentreKind.ResourceCentre)}");
        foreach (var f in d.Filieres)
            sb.AppendLine(CultureInfo.InvariantCulture, $"host {f.Acronym}: {ests[f.HostFiness!].Name} ({f.HostFiness}) ERN {string.Join(", ", f.Erns.Select(e => e.ErnAcronym))}");
        foreach (var e in d.Establishments.Take(12).Concat(d.Establishments.Where(e => e.DepartementCode is "2A" or "971" or "974")))
            sb.AppendLine(CultureInfo.InvariantCulture, $"est {e.Finess} {e.Level} {e.Category} {e.Name} | {e.Commune} {e.PostalCode} {e.DepartementCode} {e.GroupName} {e.Latitude} {e.Longitude}");
        foreach (var n in d.Networks.Take(6))
            sb.AppendLine(CultureInfo.InvariantCulture, $"net {n.Id} {n.Name} {n.Field} {n.AgeValence} [{string.Join(",", n.Perimeter.Select(p => p.OrphaCode))}] {string.Join(",", n.Erns.Select(e => e.ErnAcronym))}");
        foreach (var c in d.Centres.Where(c => c.Id is "SITE-00001" or "SITE-00002" or "CCMR-00001" or "CRC-00001" or "CRC-00040"))
            sb.AppendLine(CultureInfo.InvariantCulture, $"centre {c.Id} {c.Name} @ {ests[c.EstablishmentFiness].Name}");
        foreach (var p in d.People.Take(5).Concat(d.People.Where(p => p.Status != HeadStatus.PuPh && p.Status != HeadStatus.McuPh && p.Status != HeadStatus.PhFullTime)))
            sb.AppendLine(CultureInfo.InvariantCulture, $"person {p.Id} {p.DisplayName} {p.Status} {p.BirthDate} {p.Rpps} clinical={p.ClinicalActivity}");
        foreach (var a in d.Associations.Take(5))
            sb.AppendLine(CultureInfo.InvariantCulture, $"asso {a.Id} {a.Name} {a.DepartementCode} {string.Join("; ", a.Conventions.Select(c => $"{c.TargetKind}:{c.TargetId}"))}");
        foreach (var p in d.Platforms)
            sb.AppendLine(CultureInfo.InvariantCulture, $"platform {p.Id} {p.Name} host {ests[p.HostFiness].Name} region {p.RegionCode} ets {p.Establishments.Count} centres {p.Centres.Count}");
        var path = Environment.GetEnvironmentVariable("DEMO_SUMMARY_PATH");
        if (!string.IsNullOrEmpty(path)) File.WriteAllText(path, sb.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(sb.ToString());
        Assert.NotEqual(0, sb.Length);
    }
}
