using System.Text.Json;
using Maillage.Core.Features.Compliance;
using Maillage.Domain.Funding;

namespace Maillage.Core.Features.Funding;

/// <summary><c>funding pemr</c>: the platform's tranche and amounts; <c>explanation</c> is the French lines joined by spaces.</summary>
public sealed record PemrDto(int CrmrCount, bool Eligible, int Tranche, decimal AmountPerYear, int Years, decimal Total, string Explanation)
{
    public static PemrDto From(PemrFunding f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new(f.CrmrCount, f.Eligible, f.Tranche, f.AmountPerYear, f.Years, f.Total, string.Join(' ', f.Explanation));
    }
}

/// <summary>One establishment of <c>funding dpi</c>.</summary>
public sealed record DpiEstablishmentDto(string Finess, string Name, decimal Amount, string Branch, string Explanation);

/// <summary><c>funding dpi</c>: each establishment, the total and the number of establishments funded.</summary>
public sealed record DpiResultDto(IReadOnlyList<DpiEstablishmentDto> Establishments, decimal Total, int FundedEstablishments)
{
    public static DpiResultDto From(IReadOnlyList<DpiFunding> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(items.Select(e => new DpiEstablishmentDto(e.Finess, e.Name, e.Amount, e.Branch, string.Join(' ', e.Explanation))).ToList(),
            items.Sum(e => e.Amount), items.Count(e => e.Amount > 0));
    }
}

/// <summary>One indicator's part of a centre's MIG amount (before rounding, 6 decimals).</summary>
public sealed record MigComponentDto(
    string Indicator, string Label, decimal WeightPct, decimal EffectiveWeightPct, decimal Value, int? Quartile, decimal Score, decimal TotalScore, decimal Amount);

/// <summary>One centre of <c>funding mig</c>: its amount to the cent, its components and its explanation lines.</summary>
public sealed record MigCentreDto(string CentreId, string Name, decimal Amount, IReadOnlyList<MigComponentDto> Components, IReadOnlyList<string> Explanation);

/// <summary><c>funding mig</c>: the allocation of the envelope (total = envelope to the cent).</summary>
public sealed record MigResultDto(string Campaign, decimal Envelope, decimal Total, IReadOnlyList<MigCentreDto> Centres, IReadOnlyList<string> Notes)
{
    public static MigResultDto From(string campaign, MigAllocation a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(campaign, a.Envelope, a.Total,
            a.Centres.Select(c => new MigCentreDto(c.CentreId, c.Name, c.Amount,
                c.Components.Select(k => new MigComponentDto(k.IndicatorId, k.Label, k.WeightPct, decimal.Round(k.EffectiveWeightPct, 6), k.Value,
                    k.Quartile, k.Score, k.TotalScore, decimal.Round(k.Amount, 6))).ToList(),
                c.Explanation.ToList())).ToList(),
            a.Notes.ToList());
    }
}

/// <summary>
/// JSON of the funding commands (shapes in docs/formats/funding.md), the same records the API returns. Amounts are
/// JSON numbers in euros.
/// </summary>
public static class FundingJson
{
    public static string Pemr(PemrFunding f) => JsonSerializer.Serialize(PemrDto.From(f), ComplianceJson.SerializerOptions);

    public static string Dpi(IReadOnlyList<DpiFunding> items) => JsonSerializer.Serialize(DpiResultDto.From(items), ComplianceJson.SerializerOptions);

    public static string Mig(string campaign, MigAllocation a) => Mig(MigResultDto.From(campaign, a));

    public static string Mig(MigResultDto result) => JsonSerializer.Serialize(result, ComplianceJson.SerializerOptions);
}
