namespace Maillage.Domain.Activity;

/// <summary>
/// Which indicator definition applies to a calendar year: the one of the campaign referential whose years
/// (<c>campaign.first_year</c>..<c>last_year</c>, inclusive) cover it. An extract spanning two campaigns is counted
/// year by year, each with its own campaign; a year no campaign covers keeps <see cref="ActivityIndicatorDefinition.Default"/>.
/// </summary>
public sealed class ActivityCampaignDefinitions
{
    private readonly List<(int First, int Last, string Campaign, ActivityIndicatorDefinition Definition)> _campaigns;

    public ActivityCampaignDefinitions(IEnumerable<Referential.Referential> referentials)
    {
        ArgumentNullException.ThrowIfNull(referentials);
        _campaigns = referentials
            .Select(r => (r.FirstYear, r.LastYear, r.CampaignId, ActivityIndicatorDefinition.FromReferential(r.Indicators)))
            .OrderBy(c => c.FirstYear).ToList();
        for (var i = 1; i < _campaigns.Count; i++)
            if (_campaigns[i].First <= _campaigns[i - 1].Last)
                throw new ArgumentException($"Les campagnes {_campaigns[i - 1].Campaign} et {_campaigns[i].Campaign} couvrent toutes deux l'année {_campaigns[i].First}.");
    }

    /// <summary>No campaign: every year uses <see cref="ActivityIndicatorDefinition.Default"/>.</summary>
    public static ActivityCampaignDefinitions None { get; } = new([]);

    /// <summary>The campaign covering <paramref name="year"/>, or null.</summary>
    public string? CampaignOf(int year) => Find(year)?.Campaign;

    /// <summary>The definition of <paramref name="year"/>'s campaign, else the default one.</summary>
    public ActivityIndicatorDefinition ForYear(int year) => Find(year)?.Definition ?? ActivityIndicatorDefinition.Default;

    private (int First, int Last, string Campaign, ActivityIndicatorDefinition Definition)? Find(int year)
    {
        foreach (var c in _campaigns)
            if (c.First <= year && year <= c.Last) return c;
        return null;
    }
}
