using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Territory;

/// <summary>Query of <c>GET /territory/map</c>.</summary>
public sealed record MapFilter
{
    [FromQuery(Name = "level")] public string? Level { get; init; }
    [FromQuery(Name = "measure")] public string? Measure { get; init; }
    [FromQuery(Name = "kind")] public string? Kind { get; init; }
    [FromQuery(Name = "filiere")] public string? Filiere { get; init; }
    [FromQuery(Name = "as_of")] public DateOnly? AsOf { get; init; }
    [FromQuery(Name = "year")] public int? Year { get; init; }
    [FromQuery(Name = "format")] public string? Format { get; init; }
}

/// <summary>Query of <c>GET /territory/coverage</c>: <c>table=gaps</c> exports the gaps instead of the matrix.</summary>
public sealed record CoverageFilter
{
    [FromQuery(Name = "as_of")] public DateOnly? AsOf { get; init; }
    [FromQuery(Name = "format")] public string? Format { get; init; }
    [FromQuery(Name = "table")] public string? Table { get; init; }
}

/// <summary>
/// Query of <c>GET /territory/redundancies</c>: <c>page</c> (from 1; past the last page, the last) and <c>page_size</c> (50 by
/// default, at most 1,000: a larger one is clamped) page the overlapping networks of the JSON answer; the CSV and XLSX
/// exports are whole.
/// </summary>
public sealed record RedundancyFilter
{
    [FromQuery(Name = "as_of")] public DateOnly? AsOf { get; init; }
    [FromQuery(Name = "filiere")] public string? Filiere { get; init; }
    [FromQuery(Name = "format")] public string? Format { get; init; }
    [FromQuery(Name = "page")] public int? Page { get; init; }
    [FromQuery(Name = "page_size")] public int? PageSize { get; init; }
}

/// <summary>Query of <c>GET /territory/attraction</c>: at most one of centre, network, filière (none: all centres).</summary>
public sealed record AttractionFilter
{
    [FromQuery(Name = "centre")] public string? Centre { get; init; }
    [FromQuery(Name = "network")] public string? Network { get; init; }
    [FromQuery(Name = "filiere")] public string? Filiere { get; init; }
    [FromQuery(Name = "year")] public int? Year { get; init; }
    [FromQuery(Name = "format")] public string? Format { get; init; }
}
