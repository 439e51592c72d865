using System.Globalization;
using Maillage.Core.Features.Compliance;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Funding;
using Maillage.Domain.Referential;

namespace Maillage.Core.Features.Funding;

/// <summary>
/// The code paths of the funding calculators shared by <c>maillage funding ...</c>, <c>/api/v1/funding/...</c> and the
/// <c>/financement</c> pages (the computations themselves are <see cref="PemrCalculator"/>, <see cref="DpiCalculator"/>
/// and <see cref="MigCalculator"/>).
/// </summary>
public static class FundingCalculators
{
    /// <summary>
    /// An envelope typed as text: positive euros with at most 2 decimals, decimal point (a comma is accepted too, as
    /// French users type it). Throws <see cref="FundingInputException"/> on field <c>envelope</c>.
    /// </summary>
    public static decimal ParseEnvelope(string? text)
    {
        var t = (text ?? "").Trim().Replace(',', '.');
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros) || euros <= 0 || decimal.Round(euros, 2) != euros)
            throw new FundingInputException("envelope", $"« {text} » n'est pas un montant positif en euros au centime près (ex. 1000000.50).");
        return euros;
    }

    /// <summary>The MIG variable part of <paramref name="campaign"/>'s referential (default: the current campaign) shared among the centres.</summary>
    public static MigResultDto Mig(IReadOnlyList<MigCentreInput> centres, decimal envelope, string? campaign) =>
        Mig(centres, envelope, CampaignCatalogue.Shipped.Get(string.IsNullOrWhiteSpace(campaign) ? ComplianceCheck.DefaultCampaign : campaign.Trim()));

    /// <summary>The MIG variable part with the weights of <paramref name="referential"/>; the total equals the envelope to the cent.</summary>
    public static MigResultDto Mig(IReadOnlyList<MigCentreInput> centres, decimal envelope, Referential referential)
    {
        ArgumentNullException.ThrowIfNull(referential);
        return MigResultDto.From(referential.CampaignId, MigCalculator.Allocate(referential.Mig, centres, envelope));
    }
}
