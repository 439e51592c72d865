using Maillage.Core.Features.Compliance;
using Maillage.Core.Features.Funding;
using Maillage.Domain.Funding;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Simulator;

/// <summary>The body of <c>POST /funding/simulations</c> and <c>POST /funding/scenarios</c> (the name only for the latter).</summary>
public sealed record ScenarioInput(int Year, string? Campaign, decimal BaseEnvelope, decimal Envelope, Dictionary<string, decimal>? Weights, string? Name, string? Note)
{
    public ScenarioSpec ToSpec() => new(Year, string.IsNullOrWhiteSpace(Campaign) ? ComplianceCheck.DefaultCampaign : Campaign.Trim(), BaseEnvelope, Envelope,
        Weights ?? []);
}

/// <summary>A saved scenario.</summary>
public sealed record ScenarioDto(string Id, string Name, string? Note, int Year, string Campaign, decimal BaseEnvelope, decimal Envelope,
    IReadOnlyDictionary<string, decimal> Weights, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static ScenarioDto From(FundingScenario s) => new(s.Id, s.Name, s.Note, s.Year, s.Campaign, s.BaseEnvelope, s.Envelope, s.Spec().Weights,
        s.CreatedBy, s.CreatedAt);
}

/// <summary>Query of <c>GET /funding/scenarios/{id}/export</c>: <c>format=csv</c> (default) or <c>xlsx</c>.</summary>
public sealed record ScenarioExportQuery
{
    [FromQuery(Name = "format")] public string? Format { get; init; }
}
