using Maillage.Core.Features.PublicDirectory;
using Maillage.Web.Errors;
using Microsoft.AspNetCore.OutputCaching;

namespace Maillage.Web.Api.Directory;

/// <summary>
/// The public directory (annuaire) as an API: disease search with the networks and centres that treat it, nearest
/// first; suggestions as you type; the open-data exports. Anonymous, read-only, served from the in-memory
/// <see cref="DirectoryCache"/>. One line per route; the handlers are in <see cref="DirectoryHandlers"/>.
/// </summary>
public static class DirectoryApi
{
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
            // The pages' language may come from a cookie (Pages/Annuaire/DirectoryLocalization.cs): it is part of the key.
            o.AddPolicy(CachePolicy, b => b.Expire(CacheDuration).SetVaryByQuery("*").Tag(CachePolicy)
                .VaryByValue(ctx => new KeyValuePair<string, string>("lang", Maillage.Web.Pages.Annuaire.DirectoryLocalization.CacheKey(ctx))));
        });

    public static void EvictDirectoryOutputOnRebuild(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var store = app.Services.GetRequiredService<IOutputCacheStore>();
        app.Services.GetRequiredService<DirectoryCache>().Rebuilt += () => _ = store.EvictByTagAsync(CachePolicy, CancellationToken.None).AsTask();
    }

    public static void MapDirectoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Directory).WithTags("Annuaire public").CacheOutput(CachePolicy).CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/search", DirectoryHandlers.Search);
        api.MapGet("/suggest", DirectoryHandlers.Suggest);
        api.MapGet("/export", DirectoryHandlers.Export);
        api.MapGet("/orphanet-list", DirectoryHandlers.OrphanetList);
    }
}
