using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Registry;

/// <summary>
/// Paging of a registry list: <c>page</c> from 1, <c>page_size</c> 50 by default, at most 1,000 (a larger one is
/// clamped; a negative or absurd one is a 400 from the group's parameter-range filter).
/// </summary>
public interface IPagedQuery
{
    int? Page { get; }
    int? PageSize { get; }
}

public static class Paging
{
    public const int DefaultSize = 50;
    public const int MaxSize = 1000;

    /// <summary>The page and page size asked for, within bounds.</summary>
    public static (int Page, int Size) Of(IPagedQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return (Math.Max(1, query.Page ?? 1), Math.Clamp(query.PageSize ?? DefaultSize, 1, MaxSize));
    }
}

/// <summary>Query of <c>GET /stats</c>.</summary>
public sealed record StatsQuery([FromQuery(Name = "as_of")] DateOnly? AsOf);

/// <summary>Query of <c>GET /departements</c>.</summary>
public sealed record DepartementQuery([FromQuery(Name = "region")] string? Region);

/// <summary>Query of <c>GET /establishments</c>.</summary>
public sealed record EstablishmentQuery(
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "region")] string? Region,
    [FromQuery(Name = "departement")] string? Departement,
    [FromQuery(Name = "category")] string? Category,
    [FromQuery(Name = "level")] string? Level,
    [FromQuery(Name = "legal_entity")] string? LegalEntity,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "page_size")] int? PageSize) : IPagedQuery;

/// <summary>Query of <c>GET /networks</c>.</summary>
public sealed record NetworkQuery(
    [FromQuery(Name = "filiere")] string? Filiere,
    [FromQuery(Name = "field")] string? Field,
    [FromQuery(Name = "orpha")] int? Orpha,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "as_of")] DateOnly? AsOf,
    [FromQuery(Name = "period")] string? Period,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "page_size")] int? PageSize) : IPagedQuery;

/// <summary>Query of <c>GET /sites</c>, <c>/competence-centres</c>, <c>/resource-centres</c>.</summary>
public sealed record CentreQuery(
    [FromQuery(Name = "role")] string? Role,
    [FromQuery(Name = "filiere")] string? Filiere,
    [FromQuery(Name = "region")] string? Region,
    [FromQuery(Name = "departement")] string? Departement,
    [FromQuery(Name = "establishment")] string? Establishment,
    [FromQuery(Name = "network")] string? Network,
    [FromQuery(Name = "period")] string? Period,
    [FromQuery(Name = "orpha")] int? Orpha,
    [FromQuery(Name = "as_of")] DateOnly? AsOf,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "page_size")] int? PageSize) : IPagedQuery;

/// <summary>Query of <c>GET /platforms</c>.</summary>
public sealed record PlatformQuery(
    [FromQuery(Name = "kind")] string? Kind,
    [FromQuery(Name = "region")] string? Region,
    [FromQuery(Name = "as_of")] DateOnly? AsOf,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "page_size")] int? PageSize) : IPagedQuery;

/// <summary>Query of <c>GET /people</c>.</summary>
public sealed record PersonQuery(
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "page_size")] int? PageSize) : IPagedQuery;

/// <summary>Query of <c>GET /associations</c>.</summary>
public sealed record AssociationQuery(
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "network")] string? Network,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "page_size")] int? PageSize) : IPagedQuery;
