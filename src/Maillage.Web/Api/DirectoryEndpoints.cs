using Maillage.Core.Features.PublicDirectory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Maillage.Web.Errors;

namespace Maillage.Web.Api;

/// <summary>
/// The public directory (annuaire) as an API: disease search with the networks and centres that treat it, nearest
/// first; suggestions as you type; the open-data exports. Anonymous, read-only, served from the in-memory
/// <see cref="DirectoryCache"/>.
/// </summary>
public static class DirectoryEndpoints
{
    public const string Group = Routes.Api.Directory;

    /// <summary>Output-cache policy of the directory's pages and API (anonymous GETs only: the default policy's rules).</summary>
    public const string CachePolicy = "directory";

    /// <summary>
    /// Anonymous answers of the directory are kept whole for <see cref="CacheDuration"/>, per query string, and dropped
    /// as soon as the catalog is rebuilt (a registry change, an Orphanet import): the hot searches and centre pages are
    /// then served from memory like a static file. Signed-in requests are never cached (default output-cache policy).
    /// </summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddDirectoryOutputCache(this IServiceCollection services) =>
        services.AddOutputCache(o =>
        {
            o.SizeLimit = 256L * 1024 * 1024;
            o.AddPolicy(CachePolicy, b => b.Expire(CacheDuration).SetVaryByQuery("*").Tag(CachePolicy));
        });

    public static void EvictDirectoryOutputOnRebuild(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<IOutputCacheStore>();
        app.Services.GetRequiredService<DirectoryCache>().Rebuilt += () => _ = store.EvictByTagAsync(CachePolicy, CancellationToken.None).AsTask();
    }

    public static void MapDirectoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Group).WithTags("Annuaire public").CacheOutput(CachePolicy).CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/search", async Task<IResult> (DirectoryCache cache, string? q, int? orpha, string? place, int? limit, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(q) && orpha is null && string.IsNullOrWhiteSpace(place))
                    return ApiResults.BadRequest("Indiquez une maladie (q ou orpha) et/ou un lieu (place).");
                var catalog = await cache.GetAsync(ct);
                var result = DirectorySearch.Search(catalog, q, orpha, place, limit ?? 50);
                return result.PlaceError is not null && result.Disease is null && result.Diseases.Count == 0
                    ? ApiResults.BadRequest(result.PlaceError)
                    : TypedResults.Ok(result);
            })
            .WithName("SearchDirectory")
            .WithSummary("Qui prend en charge cette maladie, au plus près : ORPHAcode, nom (français, anglais) ou synonyme, tolérant aux fautes ; lieu (département, commune, code postal)")
            .Produces<DirectoryResult>().ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/suggest", async (DirectoryCache cache, string? q, int? limit, CancellationToken ct) =>
                TypedResults.Ok(DirectorySearch.Suggest(await cache.GetAsync(ct), q, Math.Clamp(limit ?? 8, 1, 50))))
            .WithName("SuggestDiseases").WithSummary("Suggestions de maladies pendant la saisie (ORPHAcode, noms, synonymes)");

        api.MapGet("/export", async Task<IResult> (DirectoryCache cache, string? format, CancellationToken ct) =>
            {
                var catalog = await cache.GetAsync(ct);
                return (format ?? "json").ToUpperInvariant() switch
                {
                    "JSON" => TypedResults.File(OpenData.JsonBytes(catalog), "application/json; charset=utf-8", "annuaire-maillage.json"),
                    "CSV" => TypedResults.File(OpenData.CsvBytes(catalog), "text/csv; charset=utf-8", "annuaire-maillage.csv"),
                    _ => ApiResults.BadRequest($"Format « {format} » inconnu : csv ou json."),
                };
            })
            .WithName("ExportDirectory").WithSummary("L'annuaire en données ouvertes (CSV ou JSON ; Licence Ouverte 2.0, données ORPHA Orphanet CC BY 4.0)")
            .Produces<OpenDataDocument>(contentType: "application/json").Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/orphanet-list", async (DirectoryCache cache, CancellationToken ct) =>
                TypedResults.File(OpenData.OrphanetListBytes(await cache.GetAsync(ct)), "text/csv; charset=utf-8", "liste-orphanet-maillage.csv"))
            .WithName("OrphanetList").WithSummary("La liste annuelle transmise à Orphanet : les centres labellisés et leurs ORPHAcodes (CSV)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
    }
}
