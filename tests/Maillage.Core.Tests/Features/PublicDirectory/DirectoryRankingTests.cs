using Maillage.Core.Features.PublicDirectory;
using Maillage.Domain.PublicDirectory;
using Xunit;

namespace Maillage.Core.Tests.Features.PublicDirectory;

/// <summary>
/// The directory's answers on the demo network and the real 2023 nomenclature: the networks labelled for the disease
/// first, then through a nearby group, never through far-away groups, each with the reason it is there.
/// </summary>
public sealed class DirectoryRankingTests
{
    private static DirectoryCatalog Catalog => DemoDirectory.Catalog.Value;

    [Fact]
    public void Sickle_cell_disease_near_Paris_13_answers_MCGRE_first_and_never_the_dementia_network()
    {
        var r = DirectorySearch.Search(Catalog, "drépanocytose", null, "75013");
        Assert.Equal(232, r.Disease!.OrphaCode);
        var first = r.Networks[0];
        Assert.Equal("MCGRE", first.Filiere);
        Assert.Equal(CoverageKind.Disease, first.Kind);
        Assert.Equal("Labellisé pour cette maladie (ORPHA:232).", first.Explanation);
        Assert.All(r.Networks, n => Assert.Equal("MCGRE", n.Filiere));
        Assert.DoesNotContain(r.Networks, n => n.Filiere == "BRAIN-TEAM");
        // Centres of the networks labelled for the disease come first, whatever the distance.
        Assert.Equal(CoverageKind.Disease, r.Centres[0].Coverage);
        Assert.Contains("MCGRE", r.Centres[0].Filieres);
        var kinds = r.Centres.Select(c => c.Coverage!.Value).ToList();
        Assert.Equal(kinds.Order(), kinds);
    }

    [Fact]
    public void A_network_reached_through_a_group_says_which_group_and_comes_after_the_direct_ones()
    {
        // Sickle cell anaemia (232) is in "Sickle cell disease and related diseases" (275752), itself in
        // "Haemoglobinopathy" (68364): the network for all red-cell diseases (MCGRE-03) is labelled for the latter.
        var coverage = DirectorySearch.Coverage(Catalog, 232);
        var group = coverage.Single(c => c.NetworkId == "CRMR-MCGRE-03");
        Assert.Equal(CoverageKind.Group, group.Kind);
        Assert.True(group.ThroughGroup);
        Assert.Equal(68364, group.LabelledCode);
        Assert.Equal(2, group.Levels);
        Assert.Equal("Labellisé pour le groupe « Hémoglobinopathie » (ORPHA:68364), qui contient cette maladie.", group.Explanation);
        Assert.True(coverage.IndexOf(group) > coverage.FindIndex(c => c.Kind == CoverageKind.Disease));
        var en = DirectorySearch.Coverage(Catalog, 232, DirectoryLanguage.English).Single(c => c.NetworkId == "CRMR-MCGRE-03");
        Assert.Equal("Designated for the group \u201cHemoglobinopathy\u201d (ORPHA:68364), which contains this disease.", en.Explanation);
    }

    [Fact]
    public void Far_away_groups_of_the_merged_classifications_are_not_reached()
    {
        var reach = CoverageRule.For(Catalog.Graph).Reach(232).Select(r => r.Code).ToHashSet();
        Assert.Contains(275752, reach);     // Sickle cell disease and related diseases (1 level)
        Assert.Contains(68364, reach);      // Haemoglobinopathy (2 levels)
        Assert.DoesNotContain(108997, reach); // Rare anaemia (3 levels)
        Assert.DoesNotContain(71281, reach);  // Rare CNS and retinal vascular disease, through moyamoya (3 levels)
        Assert.DoesNotContain(93626, reach);  // Rare renal disease: a classification's head, though 2 levels up
        Assert.DoesNotContain(98006, reach);  // Rare neurological disease (head)
    }

    /// <summary>Common rare diseases and the filière whose network must answer first (labelled for the disease or its own group).</summary>
    [Theory]
    [InlineData("mucoviscidose", 586, "MUCO-CFTR")]
    [InlineData("drépanocytose", 232, "MCGRE")]
    [InlineData("ORPHA:848", 848, "MCGRE")]      // beta-thalassaemia
    [InlineData("ORPHA:98878", 98878, "MHEMO")]  // haemophilia A, through "Haemophilia"
    [InlineData("ORPHA:903", 903, "MHEMO")]      // von Willebrand disease
    [InlineData("sclérose latérale amyotrophique", 803, "FILSLAN")]
    [InlineData("ORPHA:98896", 98896, "FILNEMUS")] // Duchenne muscular dystrophy
    [InlineData("ORPHA:70", 70, "FILNEMUS")]     // proximal spinal muscular atrophy
    [InlineData("ORPHA:589", 589, "FILNEMUS")]   // myasthenia gravis
    [InlineData("ORPHA:399", 399, "BRAIN-TEAM")] // Huntington disease
    [InlineData("ORPHA:130", 130, "CARDIOGEN")]  // Brugada syndrome
    [InlineData("ORPHA:774", 774, "FAVA-Multi")] // hereditary haemorrhagic telangiectasia
    [InlineData("ORPHA:536", 536, "FAI2R")]      // systemic lupus erythematosus
    [InlineData("ORPHA:90291", 90291, "FAI2R")]  // systemic sclerosis
    [InlineData("ORPHA:342", 342, "FAI2R")]      // familial Mediterranean fever
    [InlineData("ORPHA:186", 186, "FILFOIE")]    // primary biliary cholangitis
    [InlineData("ORPHA:303", 303, "FIMARAD")]    // dystrophic epidermolysis bullosa
    [InlineData("ORPHA:2140", 2140, "FIMATHO")]  // congenital diaphragmatic hernia
    [InlineData("ORPHA:963", 963, "FIRENDO")]    // acromegaly
    [InlineData("ORPHA:716", 716, "G2M")]        // phenylketonuria
    [InlineData("ORPHA:389", 389, "MaRIH")]      // Langerhans cell histiocytosis
    [InlineData("ORPHA:730", 730, "ORKID")]      // autosomal dominant polycystic kidney disease
    [InlineData("ORPHA:666", 666, "OSCAR")]      // osteogenesis imperfecta
    [InlineData("ORPHA:2032", 2032, "RespiFIL")] // idiopathic pulmonary fibrosis
    [InlineData("ORPHA:791", 791, "SENSGENE")]   // retinitis pigmentosa
    [InlineData("ORPHA:199306", 199306, "TETECOU")] // cleft lip and palate
    [InlineData("ORPHA:778", 778, "DéfiScience")] // Rett syndrome
    [InlineData("ORPHA:648", 648, "AnDDI-Rares")] // Noonan syndrome
    [InlineData("ORPHA:823", 823, "NeuroSphinx")] // spina bifida
    public void A_common_rare_disease_is_answered_first_by_the_filiere_of_its_domain(string q, int code, string filiere)
    {
        var r = DirectorySearch.Search(Catalog, q, null, null);
        Assert.Equal(code, r.Disease?.OrphaCode);
        Assert.NotEmpty(r.Networks);
        Assert.Equal(filiere, r.Networks[0].Filiere);
        Assert.NotEqual(CoverageKind.Member, r.Networks[0].Kind);
        Assert.All(r.Networks, n => Assert.False(string.IsNullOrWhiteSpace(n.Explanation)));
    }

    [Fact]
    public void A_searched_group_finds_the_networks_labelled_inside_it_last()
    {
        // "Haemoglobinopathy" (68364) is labelled itself (MCGRE-03); the sickle-cell and thalassaemia networks are labelled
        // for diseases inside it.
        var coverage = DirectorySearch.Coverage(Catalog, 68364);
        Assert.Equal(CoverageKind.Disease, coverage[0].Kind);
        Assert.Contains(coverage, c => c.Kind == CoverageKind.Member && c.NetworkId == "CRMR-MCGRE-01");
        Assert.Contains("qui fait partie de ce groupe", coverage.First(c => c.Kind == CoverageKind.Member).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_carry_the_centres_contact_ages_and_position_in_both_languages()
    {
        var fr = DirectorySearch.Search(Catalog, null, 586, "69003");
        var hit = fr.Centres[0];
        Assert.Matches(@"^0\d( \d\d){4}$", hit.Phone);
        Assert.EndsWith("@demo.maillage.invalid", hit.Email, StringComparison.Ordinal);
        Assert.StartsWith("https://", hit.Website, StringComparison.Ordinal);
        Assert.Equal("Enfants et adultes", hit.AgeLabel);
        Assert.NotNull(hit.Latitude);
        var en = DirectorySearch.Search(Catalog, null, 586, "69003", lang: DirectoryLanguage.English);
        Assert.Equal("Cystic fibrosis", en.Disease!.Name);
        Assert.Equal("Children and adults", en.Centres[0].AgeLabel);
        Assert.StartsWith("Designated for this disease", en.Networks[0].Explanation, StringComparison.Ordinal);
        Assert.Equal(fr.Centres.Select(c => c.Id), en.Centres.Select(c => c.Id));
    }
}
