using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Domain.Tests.Procedures;

public sealed class LabellingRequirementsTests
{
    private static ApplicationSite Site(string id, CentreKind kind, SiteRole? role, string finess, int heads = 1, CentreKind? current = null,
        string? network = "CRMR-A", string? filiere = "CARDIOGEN") =>
        new(id, "Site " + id, kind, role, current ?? kind, finess, heads, kind == CentreKind.ReferenceSite ? network : null, kind == CentreKind.ReferenceSite ? filiere : null);

    private static readonly ApplicationSite Coordinating = Site("S1", CentreKind.ReferenceSite, SiteRole.Coordinating, "750000001");
    private static readonly ApplicationSite Constitutive = Site("S2", CentreKind.ReferenceSite, SiteRole.Constitutive, "690000001");
    private static readonly ApplicationSite Competence = Site("C1", CentreKind.CompetenceCentre, null, "130000001");

    private static IReadOnlyList<ApplicationCheck> Check(params ApplicationSite[] sites) =>
        LabellingRequirements.StructuralChecks("CRMR-A", "CARDIOGEN", sites, 12, []);

    private static IReadOnlyList<string> Failed(IEnumerable<ApplicationCheck> checks) => checks.Where(c => !c.Passed).Select(c => c.Rule).ToList();

    [Fact]
    public void A_well_formed_network_passes_every_structural_rule()
    {
        var checks = Check(Coordinating, Constitutive, Competence);
        Assert.Empty(Failed(checks));
        Assert.All(checks, c => Assert.True(c.Blocking));
        Assert.Equal(5, checks.Count);
    }

    [Fact]
    public void Exactly_one_coordinating_site()
    {
        Assert.Equal([LabellingRequirements.RuleOneCoordinating], Failed(Check(Constitutive, Competence)));
        Assert.Equal([LabellingRequirements.RuleOneCoordinating], Failed(Check(Coordinating, Constitutive with { ProposedRole = SiteRole.Coordinating })));
    }

    [Fact]
    public void No_two_reference_sites_in_one_establishment_but_a_competence_centre_may_share_it()
    {
        var second = Site("S3", CentreKind.ReferenceSite, SiteRole.Constitutive, "750000001");
        var failed = Check(Coordinating, Constitutive, second).Where(c => !c.Passed).ToList();
        Assert.Equal("S3", Assert.Single(failed).CentreId);
        Assert.Equal(LabellingRequirements.RuleOneSitePerEstablishment, failed[0].Rule);
        Assert.Empty(Failed(Check(Coordinating, Constitutive, Competence with { EstablishmentFiness = "750000001" })));
    }

    [Fact]
    public void A_reference_site_of_another_filieres_network_is_refused()
    {
        var other = Site("S4", CentreKind.ReferenceSite, SiteRole.Constitutive, "330000001", network: "CRMR-B", filiere: "FILNEMUS");
        Assert.Equal([LabellingRequirements.RuleOneFiliere], Failed(Check(Coordinating, other)));
        // A site moving from another network of the same filière is not inter-FSMR.
        Assert.Empty(Failed(Check(Coordinating, other with { CurrentNetworkFiliere = "CARDIOGEN" })));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void Each_site_has_exactly_one_head(int heads, bool passes)
    {
        var failed = Failed(Check(Coordinating, Constitutive with { HeadCount = heads }));
        Assert.Equal(passes, !failed.Contains(LabellingRequirements.RuleOneHead));
    }

    [Fact]
    public void Rare_cancers_and_rare_infectious_diseases_are_out_of_scope_and_a_perimeter_is_required()
    {
        Assert.True(LabellingRequirements.IsOutOfScope([LabellingRequirements.RareNeoplasticClassification]));
        Assert.True(LabellingRequirements.IsOutOfScope([LabellingRequirements.RareInfectiousClassification, LabellingRequirements.RareNeoplasticClassification]));
        // A genetic syndrome also classified as neoplastic stays in scope; an unclassified code too.
        Assert.False(LabellingRequirements.IsOutOfScope([LabellingRequirements.RareNeoplasticClassification, 156]));
        Assert.False(LabellingRequirements.IsOutOfScope([]));
        var checks = LabellingRequirements.StructuralChecks("CRMR-A", "CARDIOGEN", [Coordinating], 3, [(250908, "Maladie néoplasique rare")]);
        Assert.Contains(checks, c => c.Rule == LabellingRequirements.RuleRareOnly && !c.Passed && c.Message.Contains("ORPHA:250908", StringComparison.Ordinal));
        Assert.Contains(LabellingRequirements.StructuralChecks("CRMR-A", "CARDIOGEN", [Coordinating], 0, []), c => c.Rule == LabellingRequirements.RuleRareOnly && !c.Passed);
    }

    [Fact]
    public void Only_a_resource_centre_applies_as_one()
    {
        Assert.Equal([LabellingRequirements.RuleCompetenceAttached],
            Failed(Check(Coordinating, Competence with { ProposedKind = CentreKind.ResourceCentre })));
    }

    [Fact]
    public void The_dossier_has_the_fixed_sections_a_section_per_site_and_the_items_of_the_sources()
    {
        var sections = LabellingRequirements.Sections([Coordinating, Constitutive, Competence]);
        Assert.Equal(["overview", "governance", "action_plan_coordination", "action_plan_care", "action_plan_expertise", "action_plan_teaching",
            "action_plan_research", "succession_plan", "site:S1", "site:S2", "site:C1"], sections.Select(s => s.Key));
        Assert.All(sections, s => Assert.True(s.Required));
        var items = LabellingRequirements.Items(new Participant("CARDIOGEN", "CARDIOGEN"), [new("ASSO-1", "A"), new("ASSO-2", "B")]);
        Assert.Equal(["network_map", "filiere_opinion:CARDIOGEN", "association_support:ASSO-1", "association_support:ASSO-2"], items.Select(i => i.Id));
        Assert.True(items.Single(i => i.Key == "filiere_opinion").ReasonsRequired);
        Assert.Equal(Party.Applicant, items[0].Party);
        Assert.Equal(2, LabellingRequirements.Items(new Participant("X", "X"), []).Count);
    }

    /// <summary>
    /// « Le dossier du CRMR comprend également des lettres de soutien des associations lorsqu'elles existent » (Alliance
    /// maladies rares, fiche pratique « Participation des associations à la re-labellisation… », mai 2022): the letters are
    /// expected but not required, so a missing one is not a gap; the map and the filière's opinion still are.
    /// </summary>
    [Fact]
    public void A_missing_support_letter_is_expected_not_a_gap()
    {
        var items = LabellingRequirements.Items(new Participant("CARDIOGEN", "CARDIOGEN"), [new("ASSO-1", "A"), new("ASSO-2", "B")]);
        Assert.All(items.Where(i => i.Key == "association_support"), i => Assert.False(i.Required));
        var gaps = Completeness.Check(items, [], new DossierContent(new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, string?>(StringComparer.Ordinal)));
        Assert.Equal(["network_map", "filiere_opinion:CARDIOGEN"], gaps.Select(g => g.ItemOrSection));
    }

    [Fact]
    public void Every_site_is_decided_reservations_are_stated_and_a_retained_network_keeps_its_coordinating_site()
    {
        Assert.Contains(LabellingRequirements.ValidateDecisions([(Coordinating, LabelDecision.Labelled, null), (Constitutive, null, null)]),
            e => e.Message.Contains("Décision manquante", StringComparison.Ordinal));
        Assert.Contains(LabellingRequirements.ValidateDecisions([(Coordinating, LabelDecision.LabelledWithReservations, " ")]),
            e => e.Message.Contains("réserves", StringComparison.Ordinal));
        Assert.Contains(LabellingRequirements.ValidateDecisions([(Coordinating, LabelDecision.NotRetained, null), (Constitutive, LabelDecision.Labelled, null)]),
            e => e.Message.Contains("site coordonnateur", StringComparison.Ordinal));
        Assert.Empty(LabellingRequirements.ValidateDecisions([(Coordinating, LabelDecision.NotRetained, null), (Constitutive, LabelDecision.NotRetained, null),
            (Competence, LabelDecision.Labelled, null)]));
        Assert.Empty(LabellingRequirements.ValidateDecisions([(Coordinating, LabelDecision.Labelled, null), (Constitutive, LabelDecision.LabelledWithReservations, "File active à confirmer.")]));
    }

    [Fact]
    public void A_competence_centre_refused_as_constitutive_site_keeps_its_competence_label()
    {
        var applicant = Site("C2", CentreKind.ReferenceSite, SiteRole.Constitutive, "310000001", current: CentreKind.CompetenceCentre);
        Assert.True(LabellingRequirements.KeepsCompetenceLabel(applicant, LabelDecision.NotRetained));
        Assert.False(LabellingRequirements.KeepsCompetenceLabel(applicant, LabelDecision.Labelled));
        Assert.False(LabellingRequirements.KeepsCompetenceLabel(Constitutive, LabelDecision.NotRetained));
        Assert.False(LabellingRequirements.KeepsCompetenceLabel(Competence, LabelDecision.NotRetained));
    }
}
