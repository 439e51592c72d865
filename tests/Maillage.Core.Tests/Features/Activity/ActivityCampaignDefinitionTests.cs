using Maillage.Core.Features.Activity;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Activity;
using Maillage.Domain.Referential;
using Xunit;
using static Maillage.Core.Tests.Features.Activity.ActivityTestData;

namespace Maillage.Core.Tests.Features.Activity;

/// <summary>Which contexts count belongs to the campaign referential covering the year of the acts (issue 3).</summary>
public sealed class ActivityCampaignDefinitionTests
{
    /// <summary>The shipped 2017-2022 referential, except that only CS counts as a consultation.</summary>
    private static Maillage.Domain.Referential.Referential NarrowedOld()
    {
        var old = CampaignCatalogue.Shipped.Get("2017-2022");
        return old with { Indicators = [.. old.Indicators.Where(i => i.Indicator != "consultations"), new IndicatorContexts("consultations", "acts", ["CS"])] };
    }

    [Fact]
    public void Each_year_takes_the_campaign_whose_years_cover_it_boundaries_included()
    {
        var campaigns = new ActivityCampaignDefinitions([CampaignCatalogue.Shipped.Get("2023-2028"), NarrowedOld()]);

        Assert.Null(campaigns.CampaignOf(2016));
        Assert.Equal("2017-2022", campaigns.CampaignOf(2017));
        Assert.Equal("2017-2022", campaigns.CampaignOf(2022));
        Assert.Equal("2023-2028", campaigns.CampaignOf(2023));
        Assert.Equal("2023-2028", campaigns.CampaignOf(2028));
        Assert.Null(campaigns.CampaignOf(2029));
        Assert.Equal([ActivityContext.Consultation], campaigns.ForYear(2022).Consultations);
        Assert.Equal(ActivityIndicatorDefinition.Default.Consultations, campaigns.ForYear(2023).Consultations);
        Assert.Same(ActivityIndicatorDefinition.Default, campaigns.ForYear(2016));
        Assert.Same(ActivityIndicatorDefinition.Default, ActivityCampaignDefinitions.None.ForYear(2024));
    }

    [Fact]
    public void The_shipped_referentials_cover_2017_to_2028_and_overlapping_campaigns_are_refused()
    {
        Assert.Equal("2017-2022", CampaignCatalogue.Shipped.Activity.CampaignOf(2022));
        Assert.Equal("2023-2028", CampaignCatalogue.Shipped.Activity.CampaignOf(2023));
        var current = CampaignCatalogue.Shipped.Get("2023-2028");
        Assert.Throws<ArgumentException>(() => new ActivityCampaignDefinitions([current, current with { CampaignId = "2028-2033", FirstYear = 2028, LastYear = 2033 }]));
    }

    [Fact]
    public void An_extract_spanning_two_campaigns_counts_each_year_with_its_own_campaign()
    {
        var campaigns = new ActivityCampaignDefinitions([CampaignCatalogue.Shipped.Get("2023-2028"), NarrowedOld()]);
        var aggregator = new ActivityAggregator();
        foreach (var line in new[]
        {
            Row(P1, date: "2022-12-30", context: "CS"), Row(P1, date: "2022-12-31", context: "TLC"),
            Row(P2, date: "2023-01-01", context: "CS"), Row(P2, date: "2023-01-02", context: "TLC"),
        })
        {
            Assert.True(ActivityExtract.TryParse(System.Text.Encoding.UTF8.GetBytes(line), TestReferential, out var act, out _, out _));
            aggregator.Add(act);
        }
        var result = aggregator.Compute(TestReferential, campaigns.ForYear);
        Assert.Equal(1, result.Single(i => i.Year == 2022).Consultations); // 2017-2022 (narrowed): CS only
        Assert.Equal(2, result.Single(i => i.Year == 2023).Consultations); // 2023-2028: CS, CS_MULTI, TLC
        Assert.Equal(1, result.Single(i => i.Year == 2022).ActivePatients);
    }
}
