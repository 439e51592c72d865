using Maillage.Core.Features.Budget;
using Maillage.Domain.Funding;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Budget;

/// <summary>Body of <c>POST /budget/years</c>.</summary>
public sealed record BudgetOpenYearBody(int Year);

/// <summary>Body of <c>PUT /budget/years/{year}</c>: the platforms' line (F21 or F23), the envelopes by code (total, centres, filieres, actions, F04…F23) in euros, the adopted scenario, a note.</summary>
public sealed record BudgetYearBody(string? PlatformLine, Dictionary<string, decimal>? Envelopes, string? AdoptedScenario, string? Note);

/// <summary>Body of <c>POST …/compute</c>: the lines, optional amounts to share per line, the DPI tree's establishments for F22 (columns of docs/formats/funding.md).</summary>
public sealed record BudgetComputeBody(List<string>? Lines, Dictionary<string, decimal>? Amounts, List<Dictionary<string, string?>>? Dpi);

/// <summary>Body of <c>PUT …/delegations</c>: one delegation (0 removes it; negative: a withdrawal with its note, in C2 or C3).</summary>
public sealed record BudgetDelegationBody(string? Finess, string? Line, decimal Amount, string? Note);

/// <summary>Body of <c>PUT /budget/years/{year}/declarations</c>.</summary>
public sealed record BudgetDeclarationBody(string? Finess, string? Line, string? CentreId, decimal Amount, string? Comment);

/// <summary>Body of <c>POST /budget/declarations/{id}/review</c>: <c>validated</c> or <c>reserve</c> (comment required).</summary>
public sealed record BudgetReviewBody(string? Decision, string? Comment);

public sealed record BudgetEnvelopeDto(string Code, string Label, decimal Amount, decimal Delegated, decimal Remaining);

public sealed record BudgetLineDto(string Code, string Label, string Group, string Circulars, string Source, bool PlatformLine, decimal Delegated);

public sealed record BudgetCircularSummaryDto(string Id, string Circular, string Status, int Version, int Delegations, decimal Total, string? PublishedBy, DateTimeOffset? PublishedAt);

public sealed record BudgetYearDto(int Year, string PlatformLine, string? AdoptedScenario, string? Note, int Version, bool Fictitious,
    IReadOnlyList<BudgetEnvelopeDto> Envelopes, IReadOnlyList<BudgetLineDto> Lines, IReadOnlyList<BudgetCircularSummaryDto> Circulars)
{
    public static BudgetYearDto From(BudgetYearView y)
    {
        ArgumentNullException.ThrowIfNull(y);
        return new(y.Year, MigLines.Codes.Code(y.PlatformLine), y.AdoptedScenarioId, y.Note, y.Version, y.Fictitious,
            y.Envelopes.Select(e => new BudgetEnvelopeDto(e.Code, e.Label, e.Amount, e.Delegated, e.Remaining)).ToList(),
            y.Lines.Select(l => new BudgetLineDto(MigLines.Codes.Code(l.Line), l.Label, l.Group, l.Circulars, l.Source, l.PlatformLine, l.Delegated)).ToList(),
            y.Circulars.Select(c => new BudgetCircularSummaryDto(c.Id, MigLines.Circulars.Code(c.Circular), MigLines.CircularStatuses.Code(c.Status), c.Version, c.Delegations,
                c.Total, c.PublishedBy, c.PublishedAt)).ToList());
    }
}

public sealed record BudgetDelegationDto(string Finess, string Establishment, string? Region, string? RegionName, string Line, decimal Amount, string Basis, string? Note);

public sealed record BudgetCircularDto(string Id, int Year, string Circular, string Status, int Version, string? PublishedBy, DateTimeOffset? PublishedAt, bool Fictitious,
    decimal Total, IReadOnlyList<BudgetDelegationDto> Delegations, IReadOnlyList<string>? Notes)
{
    public static BudgetCircularDto From(CircularView c, IReadOnlyList<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Id, c.Year, MigLines.Circulars.Code(c.Circular), MigLines.CircularStatuses.Code(c.Status), c.Version, c.PublishedBy, c.PublishedAt, c.Fictitious,
            c.Total, c.Delegations.Select(d => new BudgetDelegationDto(d.Finess, d.EstablishmentName, d.RegionCode, d.RegionName, MigLines.Codes.Code(d.Line), d.Amount, d.Basis, d.Note)).ToList(),
            notes);
    }
}

public sealed record BudgetDeclarationDto(string Id, int Year, string? Region, string Finess, string Establishment, string Line, string CentreId, string Centre, decimal Amount,
    string? Comment, string Status, string DeclaredBy, DateTimeOffset DeclaredAt, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewComment, int Version, bool Fictitious)
{
    public static BudgetDeclarationDto From(DeclarationRow d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Id, d.Year, d.RegionCode, d.Finess, d.EstablishmentName, MigLines.Codes.Code(d.Line), d.CentreId, d.CentreName, d.Amount, d.Comment,
            MigLines.DeclarationStatuses.Code(d.Status), d.DeclaredBy, d.DeclaredAt, d.ReviewedBy, d.ReviewedAt, d.ReviewComment, d.Version, d.Fictitious);
    }
}

public sealed record BudgetGapDto(string? Region, string? RegionName, string Finess, string Establishment, string Line, decimal Delegated, decimal Declared, decimal Validated,
    int Reserves, decimal Undeclared, decimal Unvalidated)
{
    public static BudgetGapDto From(GapRow g)
    {
        ArgumentNullException.ThrowIfNull(g);
        return new(g.RegionCode, g.RegionName, g.Finess, g.EstablishmentName, MigLines.Codes.Code(g.Line), g.Delegated, g.Declared, g.Validated, g.Reserves, g.Undeclared, g.Unvalidated);
    }
}

/// <summary>Query of the exports: <c>format=csv</c> (default) or <c>xlsx</c>.</summary>
public sealed record BudgetExportQuery
{
    [FromQuery(Name = "format")] public string? Format { get; init; }
    [FromQuery(Name = "region")] public string? Region { get; init; }
}

/// <summary>Query of <c>GET /budget/years/{year}/declarations</c>.</summary>
public sealed record BudgetDeclarationFilter
{
    [FromQuery(Name = "finess")] public string? Finess { get; init; }
}

/// <summary>Query of <c>GET /budget/years/{year}/gaps</c>.</summary>
public sealed record BudgetGapFilter
{
    [FromQuery(Name = "region")] public string? Region { get; init; }
}
