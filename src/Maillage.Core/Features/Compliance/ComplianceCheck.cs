using System.Globalization;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;

namespace Maillage.Core.Features.Compliance;

/// <summary>
/// The one code path of a compliance check, shared by <c>maillage compliance check</c>, <c>POST /api/v1/compliance/check</c>
/// and the <c>/conformite</c> page: load the campaign's referential, evaluate every report at the as-of date.
/// </summary>
public static class ComplianceCheck
{
    public const string DefaultCampaign = "2023-2028";

    /// <summary>Each report's findings and verdict, in input order.</summary>
    public static IReadOnlyList<SiteEvaluation> Run(IEnumerable<SiteReport> reports, Referential referential, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(referential);
        return reports.Select(r => ComplianceEngine.Evaluate(r, referential, asOf)).ToList();
    }

    /// <summary>Loads the campaign (default <see cref="DefaultCampaign"/>) and evaluates every report.</summary>
    public static IReadOnlyList<SiteEvaluation> Run(IEnumerable<SiteReport> reports, string? campaign, DateOnly asOf) =>
        Run(reports, CampaignCatalogue.Shipped.Get(string.IsNullOrWhiteSpace(campaign) ? DefaultCampaign : campaign.Trim()), asOf);

    /// <summary>
    /// The as-of date, <c>YYYY-MM-DD</c>; <paramref name="today"/> when empty. A bad date throws
    /// <see cref="FormatException"/> naming <paramref name="parameter"/> (<c>--as-of</c>, <c>as_of</c>).
    /// </summary>
    public static DateOnly ParseAsOf(string? text, DateOnly today, string parameter)
    {
        if (string.IsNullOrWhiteSpace(text)) return today;
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new FormatException($"{parameter} : date « {text} » invalide (attendu AAAA-MM-JJ).");
    }
}
