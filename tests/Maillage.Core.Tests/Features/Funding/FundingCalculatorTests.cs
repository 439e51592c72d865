using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Funding;
using Xunit;

namespace Maillage.Core.Tests.Features.Funding;

/// <summary>Platform tranches, every DPI branch and boundary, and the MIG variable part to the cent.</summary>
public sealed class FundingCalculatorTests
{
    [Theory]
    [InlineData(0, false, 0)]
    [InlineData(5, false, 0)]
    [InlineData(6, true, 100_000)]
    [InlineData(14, true, 100_000)]
    [InlineData(15, true, 200_000)]
    [InlineData(25, true, 200_000)]
    [InlineData(26, true, 300_000)]
    [InlineData(80, true, 300_000)]
    public void Platform_tranches(int count, bool eligible, int perYear)
    {
        var f = PemrCalculator.Compute(count);
        Assert.Equal(eligible, f.Eligible);
        Assert.Equal(perYear, f.AmountPerYear);
        Assert.Equal(eligible ? 2 : 0, f.Years);
        Assert.Equal(perYear * 2m, f.Total);
        Assert.NotEmpty(f.Explanation);
    }

    [Fact]
    public void Negative_platform_count_is_refused() =>
        Assert.Throws<FundingInputException>(() => PemrCalculator.Compute(-1));

    private static DpiEstablishment Es(bool known = true, bool? funded = false, DpiNeed? need = null, int? usingDpi = null, int? centres = null, int? reference = null, int? ghu = null) =>
        new("750712184", "ES", known, funded, need, usingDpi, centres, reference, ghu);

    public static TheoryData<DpiEstablishment, decimal, string> DpiCases => new()
    {
        { Es(known: false, funded: null), 0m, "dpi_unknown" },
        { Es(funded: true, centres: 101), 120_000m, "new_support_over_100" },
        { Es(funded: true, centres: 100), 40_000m, "new_support_over_10" },
        { Es(funded: true, centres: 101, ghu: 6), 120_000m, "new_support_over_100" },
        { Es(funded: true, centres: 300, ghu: 4), 80_000m, "new_support_over_100" },
        { Es(funded: true, centres: 50, ghu: 4), 40_000m, "new_support_over_10" },
        { Es(funded: true, centres: 11), 40_000m, "new_support_over_10" },
        { Es(funded: true, centres: 10), 20_000m, "new_support_limited" },
        { Es(need: DpiNeed.Seeding, usingDpi: 6), 150_000m, "seeding" },
        { Es(need: DpiNeed.Seeding, usingDpi: 5), 0m, "seeding_little_used_dpi" },
        { Es(need: DpiNeed.Deployment, centres: 41, reference: 0), 50_000m, "deployment_large" },
        { Es(need: DpiNeed.Deployment, centres: 40, reference: 0), 25_000m, "deployment_small" },
        { Es(need: DpiNeed.Deployment, centres: 11, reference: 0), 25_000m, "deployment_small" },
        { Es(need: DpiNeed.Deployment, centres: 10, reference: 2), 25_000m, "deployment_small" },
        { Es(need: DpiNeed.Deployment, centres: 10, reference: 1), 0m, "deployment_too_few_centres" },
        { Es(need: DpiNeed.Deployment, centres: 3, reference: 0), 0m, "deployment_too_few_centres" },
    };

    [Theory, MemberData(nameof(DpiCases))]
    public void Dpi_branches_and_boundaries(DpiEstablishment es, decimal amount, string branch)
    {
        var f = DpiCalculator.Compute(es);
        Assert.Equal(amount, f.Amount);
        Assert.Equal(branch, f.Branch);
        Assert.Contains(f.Explanation, l => l.Contains("présentation maladies rares du 7 avril 2022", StringComparison.Ordinal));
    }

    [Fact]
    public void Dpi_inputs_needed_by_the_branch_are_named()
    {
        Assert.Equal("already_funded", Assert.Throws<FundingInputException>(() => DpiCalculator.Compute(Es(funded: null))).Field);
        Assert.Equal("need", Assert.Throws<FundingInputException>(() => DpiCalculator.Compute(Es())).Field);
        Assert.Equal("reference_centres_using_dpi", Assert.Throws<FundingInputException>(() => DpiCalculator.Compute(Es(need: DpiNeed.Seeding))).Field);
        Assert.Equal("centres", Assert.Throws<FundingInputException>(() => DpiCalculator.Compute(Es(funded: true))).Field);
    }

    private static MigCentreInput Centre(string id, decimal fa, decimal cs, decimal hc, decimal hdj, decimal opinions, decimal sigaps, decimal dudiu, decimal rcpNat, decimal rcpLoc) =>
        new(id, "Centre " + id, new Dictionary<string, decimal>
        {
            ["active_patients"] = fa, ["consultations"] = cs, ["full_hospital_stays"] = hc, ["day_hospital_stays"] = hdj,
            ["expert_opinions"] = opinions, ["sigaps_points_4y"] = sigaps, ["du_diu_coordinated"] = dudiu,
            ["rcp_national_attended"] = rcpNat, ["rcp_local_organised"] = rcpLoc,
        });

    private static readonly IReadOnlyList<MigCentreInput> Seven =
    [
        Centre("A", 150, 310, 12, 40, 7, 120.5m, 1, 3, 10),
        Centre("B", 75, 160, 0, 10, 0, 0, 0, 0, 0),
        Centre("C", 420, 700, 31, 99, 21, 512, 2, 12, 24),
        Centre("D", 33, 41, 1, 2, 3, 15, 0, 1, 1),
        Centre("E", 200, 333, 7, 17, 11, 88, 1, 5, 4),
        Centre("F", 99, 101, 3, 5, 1, 61, 0, 2, 7),
        Centre("G", 1, 1, 0, 0, 0, 3, 0, 0, 1),
    ];

    [Theory]
    [InlineData("1000000")]
    [InlineData("1234567.89")]
    [InlineData("0.07")]
    [InlineData("999999.99")]
    public void Mig_total_equals_the_envelope_to_the_cent(string envelopeText)
    {
        var envelope = decimal.Parse(envelopeText, System.Globalization.CultureInfo.InvariantCulture);
        var r = CampaignCatalogue.Shipped.Get("2023-2028");
        var a = MigCalculator.Allocate(r.Mig, Seven, envelope);
        Assert.Equal(envelope, a.Total);
        Assert.Equal(envelope, a.Centres.Sum(c => c.Amount));
        Assert.All(a.Centres, c => Assert.Equal(c.Amount, decimal.Round(c.Amount, 2)));
        Assert.All(a.Centres, c => Assert.True(Math.Abs(c.Amount - c.Components.Sum(k => k.Amount)) < 0.01m));
    }

    [Fact]
    public void Mig_shares_quartiles_and_presence()
    {
        var r = CampaignCatalogue.Shipped.Get("2023-2028");
        var a = MigCalculator.Allocate(r.Mig, Seven, 1_000_000m);
        var c = a.Centres.Single(x => x.CentreId == "C");
        var fa = c.Components.Single(k => k.IndicatorId == "MIG-ACT-FA");
        Assert.Equal(300_000m * 420m / 978m, fa.Amount);
        var stays = c.Components.Single(k => k.IndicatorId == "MIG-ACT-STAYS");
        Assert.Equal(130m, stays.Value); // HC + HDJ
        var sigaps = c.Components.Single(k => k.IndicatorId == "MIG-RES-SIGAPS");
        Assert.Equal(4, sigaps.Quartile);
        var b = a.Centres.Single(x => x.CentreId == "B");
        Assert.Equal(0, b.Components.Single(k => k.IndicatorId == "MIG-RES-SIGAPS").Quartile);
        Assert.Equal(0m, b.Components.Single(k => k.IndicatorId == "MIG-RES-DUDIU").Amount);
        // DU/DIU: presence, three centres coordinate one or more → 20 000 € / 3 each.
        Assert.Equal(decimal.Round(20_000m / 3m, 10), decimal.Round(c.Components.Single(k => k.IndicatorId == "MIG-RES-DUDIU").Amount, 10));
        Assert.NotEmpty(c.Explanation);
    }

    [Fact]
    public void Quartiles_use_nearest_rank_on_positive_values()
    {
        decimal[] v = [1, 2, 3, 4, 5, 6, 7, 8];
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4], v.Select(x => MigCalculator.Quartile(v, x)).ToArray());
        decimal[] same = [5, 5, 5];
        Assert.Equal(1, MigCalculator.Quartile(same, 5));
    }

    [Fact]
    public void An_indicator_nobody_scores_on_is_reallocated()
    {
        var r = CampaignCatalogue.Shipped.Get("2023-2028");
        var none = Seven.Select(c => c with { Values = c.Values.ToDictionary(kv => kv.Key, kv => kv.Key == "du_diu_coordinated" ? 0m : kv.Value) }).ToList();
        var a = MigCalculator.Allocate(r.Mig, none, 500_000m);
        Assert.Equal(500_000m, a.Total);
        Assert.Single(a.Notes);
    }

    [Fact]
    public void Largest_remainder_gives_the_cents_to_the_largest_remainders()
    {
        Assert.Equal([0.34m, 0.33m, 0.33m], MigCalculator.LargestRemainder([1m / 3m, 1m / 3m, 1m / 3m], 1m));
        Assert.Equal([0.67m, 0.33m], MigCalculator.LargestRemainder([2m / 3m, 1m / 3m], 1m));
    }
}
