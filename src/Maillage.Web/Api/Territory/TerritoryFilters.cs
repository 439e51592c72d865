using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Territory;

/// <summary>Query of <c>GET /territory/map</c>.</summary>
public sealed record MapFilter(
    [FromQuery(Name = "level")] string? Level,
    [FromQuery(Name = "measure")] string? Measure,
    [FromQuery(Name = "kind")] string? Kind,
    [FromQuery(Name = "filiere")] string? Filiere,
    [FromQuery(Name = "as_of")] DateOnly? AsOf,
    [FromQuery(Name = "year")] int? Year,
    [FromQuery(Name = "format")] string? Format);

/// <summary>Query of <c>GET /territory/coverage</c>: <c>table=gaps</c> exports the gaps instead of the matrix.</summary>
public sealed record CoverageFilter(
    [FromQuery(Name = "as_of")] DateOnly? AsOf,
    [FromQuery(Name = "format")] string? Format,
    [FromQuery(Name = "table")] string? Table);

/// <summary>Query of <c>GET /territory/redundancies</c>.</summary>
public sealed record RedundancyFilter(
    [FromQuery(Name = "as_of")] DateOnly? AsOf,
    [FromQuery(Name = "filiere")] string? Filiere,
    [FromQuery(Name = "format")] string? Format);

/// <summary>Query of <c>GET /territory/attraction</c>: at most one of centre, network, filière (none: all centres).</summary>
public sealed record AttractionFilter(
    [FromQuery(Name = "centre")] string? Centre,
    [FromQuery(Name = "network")] string? Network,
    [FromQuery(Name = "filiere")] string? Filiere,
    [FromQuery(Name = "year")] int? Year,
    [FromQuery(Name = "format")] string? Format);
