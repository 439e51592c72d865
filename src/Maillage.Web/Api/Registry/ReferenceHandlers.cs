using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api.Registry;

/// <summary>
/// The registry's reference handlers (public reads): the network in figures, regions, départements, ERN and the ORPHA
/// nomenclature. Each calls <see cref="RegistryReads"/> with the caller and maps the answer; 404 names what is unknown.
/// </summary>
public static class ReferenceHandlers
{
    [EndpointName("GetStats")]
    [EndpointSummary("Le réseau en chiffres (par type, filière et région), à une date")]
    public static async Task<Ok<RegistryStats>> Stats(RegistryReads r, HttpContext http, [AsParameters] StatsQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(query);
        return TypedResults.Ok(await r.StatsAsync(Caller.From(http?.User), query.AsOf, ct));
    }

    [EndpointName("ListRegions")]
    [EndpointSummary("Régions (codes INSEE), avec leur ARS et leur population")]
    public static async Task<Ok<List<RegionDto>>> Regions(RegistryReads r, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return TypedResults.Ok((await r.RegionsAsync(Caller.From(http?.User), ct)).Select(RegionDto.From).ToList());
    }

    [EndpointName("GetRegion")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<RegionDto>, ProblemHttpResult>> Region(RegistryReads r, HttpContext http, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return await r.RegionAsync(Caller.From(http?.User), code, ct) is { } x ? TypedResults.Ok(RegionDto.From(x)) : ApiResults.Unknown($"Région « {code} » inconnue.");
    }

    [EndpointName("ListDepartements")]
    [EndpointSummary("Départements (codes INSEE, outre-mer compris)")]
    public static async Task<Ok<List<DepartementDto>>> Departements(RegistryReads r, HttpContext http, [AsParameters] DepartementQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(query);
        return TypedResults.Ok((await r.DepartementsAsync(Caller.From(http?.User), query.Region, ct)).Select(DepartementDto.From).ToList());
    }

    [EndpointName("GetDepartement")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<DepartementDto>, ProblemHttpResult>> Departement(RegistryReads r, HttpContext http, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return await r.DepartementAsync(Caller.From(http?.User), code, ct) is { } d ? TypedResults.Ok(DepartementDto.From(d)) : ApiResults.Unknown($"Département « {code} » inconnu.");
    }

    [EndpointName("ListErn")]
    [EndpointSummary("Réseaux européens de référence (ERN)")]
    public static async Task<Ok<List<ErnDto>>> Erns(RegistryReads r, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return TypedResults.Ok((await r.ErnsAsync(Caller.From(http?.User), ct)).Select(ErnDto.From).ToList());
    }

    [EndpointName("GetErn")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<ErnDto>, ProblemHttpResult>> Ern(RegistryReads r, HttpContext http, string acronym, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return await r.ErnAsync(Caller.From(http?.User), acronym, ct) is { } e ? TypedResults.Ok(ErnDto.From(e)) : ApiResults.Unknown($"ERN « {acronym} » inconnu.");
    }

    [EndpointName("GetOrpha")]
    [EndpointSummary("Une entrée de la nomenclature ORPHA (Orphanet, INSERM — CC BY 4.0)")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<OrphaDto>, ProblemHttpResult>> Orpha(RegistryReads r, HttpContext http, int code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return await r.OrphaAsync(Caller.From(http?.User), code, ct) is { } entry
            ? TypedResults.Ok(OrphaDto.From(entry))
            : ApiResults.Unknown($"ORPHAcode {code} inconnu de la nomenclature chargée.");
    }
}
