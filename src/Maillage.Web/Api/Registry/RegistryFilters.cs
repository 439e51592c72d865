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
public sealed record StatsQuery
{
    [FromQuery(Name = "as_of")] public DateOnly? AsOf { get; init; }
}

/// <summary>Query of <c>GET /departements</c>.</summary>
public sealed record DepartementQuery
{
    [FromQuery(Name = "region")] public string? Region { get; init; }
}

/// <summary>Query of <c>GET /establishments</c>.</summary>
public sealed record EstablishmentQuery : IPagedQuery
{
    [FromQuery(Name = "q")] public string? Q { get; init; }
    [FromQuery(Name = "region")] public string? Region { get; init; }
    [FromQuery(Name = "departement")] public string? Departement { get; init; }
    [FromQuery(Name = "category")] public string? Category { get; init; }
    [FromQuery(Name = "level")] public string? Level { get; init; }
    [FromQuery(Name = "legal_entity")] public string? LegalEntity { get; init; }
    [FromQuery(Name = "page")] public int? Page { get; init; }
    [FromQuery(Name = "page_size")] public int? PageSize { get; init; }
}

/// <summary>Query of <c>GET /networks</c>.</summary>
public sealed record NetworkQuery : IPagedQuery
{
    [FromQuery(Name = "filiere")] public string? Filiere { get; init; }
    [FromQuery(Name = "field")] public string? Field { get; init; }
    [FromQuery(Name = "orpha")] public int? Orpha { get; init; }
    [FromQuery(Name = "q")] public string? Q { get; init; }
    [FromQuery(Name = "as_of")] public DateOnly? AsOf { get; init; }
    [FromQuery(Name = "period")] public string? Period { get; init; }
    [FromQuery(Name = "page")] public int? Page { get; init; }
    [FromQuery(Name = "page_size")] public int? PageSize { get; init; }
}

/// <summary>Query of <c>GET /sites</c>, <c>/competence-centres</c>, <c>/resource-centres</c>.</summary>
public sealed record CentreQuery : IPagedQuery
{
    [FromQuery(Name = "role")] public string? Role { get; init; }
    [FromQuery(Name = "filiere")] public string? Filiere { get; init; }
    [FromQuery(Name = "region")] public string? Region { get; init; }
    [FromQuery(Name = "departement")] public string? Departement { get; init; }
    [FromQuery(Name = "establishment")] public string? Establishment { get; init; }
    [FromQuery(Name = "network")] public string? Network { get; init; }
    [FromQuery(Name = "period")] public string? Period { get; init; }
    [FromQuery(Name = "orpha")] public int? Orpha { get; init; }
    [FromQuery(Name = "as_of")] public DateOnly? AsOf { get; init; }
    [FromQuery(Name = "q")] public string? Q { get; init; }
    [FromQuery(Name = "page")] public int? Page { get; init; }
    [FromQuery(Name = "page_size")] public int? PageSize { get; init; }
}

/// <summary>Query of <c>GET /platforms</c>.</summary>
public sealed record PlatformQuery : IPagedQuery
{
    [FromQuery(Name = "kind")] public string? Kind { get; init; }
    [FromQuery(Name = "region")] public string? Region { get; init; }
    [FromQuery(Name = "as_of")] public DateOnly? AsOf { get; init; }
    [FromQuery(Name = "page")] public int? Page { get; init; }
    [FromQuery(Name = "page_size")] public int? PageSize { get; init; }
}

/// <summary>Query of <c>GET /people</c>.</summary>
public sealed record PersonQuery : IPagedQuery
{
    [FromQuery(Name = "q")] public string? Q { get; init; }
    [FromQuery(Name = "page")] public int? Page { get; init; }
    [FromQuery(Name = "page_size")] public int? PageSize { get; init; }
}

/// <summary>Query of <c>GET /associations</c>.</summary>
public sealed record AssociationQuery : IPagedQuery
{
    [FromQuery(Name = "q")] public string? Q { get; init; }
    [FromQuery(Name = "network")] public string? Network { get; init; }
    [FromQuery(Name = "page")] public int? Page { get; init; }
    [FromQuery(Name = "page_size")] public int? PageSize { get; init; }
}
