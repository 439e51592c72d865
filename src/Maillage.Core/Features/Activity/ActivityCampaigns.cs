using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Activity;

namespace Maillage.Core.Features.Activity;

/// <summary>The indicator definitions of the shipped campaign referentials (<c>referentials/*.yaml</c>), loaded once.</summary>
public static class ActivityCampaigns
{
    private static readonly Lazy<ActivityCampaignDefinitions> Shipped_ = new(() =>
        new ActivityCampaignDefinitions(ReferentialPaths.Campaigns().Select(ReferentialLoader.LoadCampaign)));

    /// <summary>Each year counted with the campaign referential that covers it (2017-2022, 2023-2028…).</summary>
    public static ActivityCampaignDefinitions Shipped => Shipped_.Value;
}
