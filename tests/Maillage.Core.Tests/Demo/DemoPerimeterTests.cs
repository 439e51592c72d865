using Maillage.Core.Demo;
using Maillage.Core.Tests.Features.PublicDirectory;
using Xunit;

namespace Maillage.Core.Tests.Demo;

/// <summary>The demo networks' perimeters come from their filière's domain (data/fsmr/filiere_domains.csv).</summary>
public sealed class DemoPerimeterTests
{
    private static DemoInputs Inputs => DemoDirectory.Inputs.Value;

    [Fact]
    public void Every_filiere_has_a_domain_of_active_codes_named_as_the_nomenclature_names_them()
    {
        var names = DemoDirectory.Diseases().ToDictionary(d => d.Code);
        foreach (var f in Inputs.Filieres)
            Assert.True(Inputs.Domains.Any(d => d.Filiere == f.Acronym), $"{f.Acronym} has a domain");
        foreach (var head in Inputs.Domains)
        {
            Assert.True(names.TryGetValue(head.OrphaCode, out var d) && d.IsActive, $"ORPHA:{head.OrphaCode} is active");
            Assert.Equal(d!.NameFr, head.LabelFr);
            Assert.Equal(d.NameEn, head.NameEn);
            Assert.Contains(head.Filiere, Inputs.Filieres.Select(f => f.Acronym));
        }
    }

    [Fact]
    public void Every_demo_network_perimeter_lies_within_its_filiere_domain()
    {
        var graph = DemoDirectory.Graph.Value;
        foreach (var n in DemoDirectory.Data.Value.Networks)
        {
            var heads = Inputs.Domains.Where(d => d.Filiere == n.FiliereAcronym).Select(d => d.OrphaCode).ToHashSet();
            Assert.NotEmpty(n.Perimeter);
            foreach (var p in n.Perimeter)
                Assert.True(heads.Contains(p.OrphaCode) || graph.Ancestors(p.OrphaCode).Any(heads.Contains),
                    $"{n.Id}: ORPHA:{p.OrphaCode} is outside the {n.FiliereAcronym} domain");
        }
    }

    [Theory]
    [InlineData("CRMR-MCGRE-01", 232)]     // sickle-cell syndromes: sickle cell anaemia
    [InlineData("CRMR-MCGRE-02", 848)]     // thalassaemias: beta-thalassaemia
    [InlineData("CRMR-MUCO-CFTR-01", 586)] // cystic fibrosis
    [InlineData("CRMR-MHEMO-01", 448)]     // haemophilia
    [InlineData("CRMR-MHEMO-02", 903)]     // von Willebrand disease
    [InlineData("CRMR-FILSLAN-01", 803)]   // amyotrophic lateral sclerosis
    public void A_networks_theme_gives_its_head_codes(string network, int code)
    {
        var n = DemoDirectory.Data.Value.Networks.Single(x => x.Id == network);
        Assert.Contains(n.Perimeter, p => p.OrphaCode == code);
    }

    [Fact]
    public void The_perimeters_are_deterministic()
    {
        var again = DemoNetworkGenerator.Generate(Inputs);
        Assert.Equal(
            DemoDirectory.Data.Value.Networks.Select(n => n.Id + ":" + string.Join(',', n.Perimeter.Select(p => p.OrphaCode))),
            again.Networks.Select(n => n.Id + ":" + string.Join(',', n.Perimeter.Select(p => p.OrphaCode))));
    }
}
