using System.Collections.Concurrent;
using System.Globalization;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Referential;

namespace Maillage.Core.Features.Reports;

public static class ReportKeys
{
    /// <summary>The audit id of a report: <c>CENTRE-ID/2024</c>.</summary>
    public static string Of(string centreId, int year) => centreId + "/" + year.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The shipped campaign referential that covers a reporting year (first_year ≤ year ≤ last_year), loaded once.</summary>
public static class CampaignForYear
{
    private static readonly ConcurrentDictionary<string, Referential> Loaded = new(StringComparer.Ordinal);

    public static Referential? Find(int year)
    {
        foreach (var id in ReferentialPaths.Campaigns())
        {
            var r = ById(id);
            if (r.FirstYear <= year && year <= r.LastYear) return r;
        }
        return null;
    }

    /// <summary>A shipped campaign referential by its id, loaded once.</summary>
    public static Referential ById(string id) => Loaded.GetOrAdd(id, ReferentialLoader.LoadCampaign);
}
