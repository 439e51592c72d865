using Maillage.Core.Features.PublicDirectory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Directory;

/// <summary>Query of <c>GET /directory/search</c>: a disease (<c>q</c> or <c>orpha</c>) and/or a place; at most 5,000 hits.</summary>
public sealed record DirectorySearchQuery
{
    [FromQuery(Name = "q")] public string? Q { get; init; }
    [FromQuery(Name = "orpha")] public int? Orpha { get; init; }
    [FromQuery(Name = "place")] public string? Place { get; init; }
    [FromQuery(Name = "limit")] public int? Limit { get; init; }
    [FromQuery(Name = "lang")] public string? Lang { get; init; }
    public const int DefaultLimit = 50, MaxLimit = 5000;
}

/// <summary>Query of <c>GET /directory/suggest</c>: the typed text, at most 50 suggestions.</summary>
public sealed record DirectorySuggestQuery
{
    [FromQuery(Name = "q")] public string? Q { get; init; }
    [FromQuery(Name = "limit")] public int? Limit { get; init; }
    [FromQuery(Name = "lang")] public string? Lang { get; init; }
    public const int DefaultLimit = 8, MaxLimit = 50;
}

/// <summary>The public directory's handlers: read the in-memory catalog, answer JSON or the open-data files.</summary>
public static class DirectoryHandlers
{
    [EndpointName("SearchDirectory")]
    [EndpointSummary("Qui prend en charge cette maladie, au plus près : ORPHAcode, nom (français, anglais) ou synonyme, tolérant aux fautes ; lieu (département, commune, code postal) ; lang=fr|en")]
    [EndpointDescription("Les réseaux labellisés pour la maladie elle-même d'abord, puis ceux labellisés pour un groupe proche qui la contient (deux niveaux de la classification Orphanet au plus, jamais par un groupe très large), puis, pour un groupe cherché, ceux labellisés pour une maladie qu'il contient ; chaque réseau dit pourquoi (explanation) ; les centres dans le même ordre, puis du plus proche au plus éloigné. lang=en : noms et explications en anglais.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<Ok<DirectoryResult>, ProblemHttpResult>> Search(DirectoryCache cache, [AsParameters] DirectorySearchQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query.Q) && query.Orpha is null && string.IsNullOrWhiteSpace(query.Place))
            return ApiResults.Invalid("Indiquez une maladie (q ou orpha) et/ou un lieu (place).");
        if (Language(query.Lang) is not { } lang) return ApiResults.Invalid(LangError);
        var catalog = await cache.GetAsync(ct);
        var result = DirectorySearch.Search(catalog, query.Q, query.Orpha, query.Place,
            Math.Clamp(query.Limit ?? DirectorySearchQuery.DefaultLimit, 1, DirectorySearchQuery.MaxLimit), lang);
        return result.PlaceError is not null && result.Disease is null && result.Diseases.Count == 0
            ? ApiResults.Invalid(result.PlaceError)
            : TypedResults.Ok(result);
    }

    [EndpointName("SuggestDiseases")]
    [EndpointSummary("Suggestions de maladies pendant la saisie (ORPHAcode, noms, synonymes) ; lang=fr|en")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<Ok<IReadOnlyList<DiseaseSuggestion>>, ProblemHttpResult>> Suggest(DirectoryCache cache, [AsParameters] DirectorySuggestQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(query);
        if (Language(query.Lang) is not { } lang) return ApiResults.Invalid(LangError);
        return TypedResults.Ok(DirectorySearch.Suggest(await cache.GetAsync(ct), query.Q,
            Math.Clamp(query.Limit ?? DirectorySuggestQuery.DefaultLimit, 1, DirectorySuggestQuery.MaxLimit), lang));
    }

    private const string LangError = "lang : « fr » (par défaut) ou « en ».";

    /// <summary>The answer's language: French when absent, English for "en"; null for anything else (a 400).</summary>
    private static DirectoryLanguage? Language(string? lang) =>
        string.IsNullOrWhiteSpace(lang) ? DirectoryLanguage.French : Maillage.Web.Pages.Annuaire.DirectoryLocalization.Parse(lang);

    [EndpointName("ExportDirectory")]
    [EndpointSummary("L'annuaire en données ouvertes (CSV ou JSON ; Licence Ouverte 2.0, données ORPHA Orphanet CC BY 4.0)")]
    [ProducesResponseType<OpenDataDocument>(StatusCodes.Status200OK, "application/json"), ProducesFile("text/csv"), ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(DirectoryCache cache, [FromQuery(Name = "format")] string? format, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (ExportFormats.OpenData.Parse(format, out var asked) is { } problem) return problem;
        var catalog = await cache.GetAsync(ct);
        return asked == ExportFormat.Csv
            ? TypedResults.File(OpenData.CsvBytes(catalog), "text/csv; charset=utf-8", "annuaire-maillage.csv")
            : TypedResults.File(OpenData.JsonBytes(catalog), "application/json; charset=utf-8", "annuaire-maillage.json");
    }

    [EndpointName("OrphanetList")]
    [EndpointSummary("La liste annuelle transmise à Orphanet : les centres labellisés et leurs ORPHAcodes (CSV)")]
    [ProducesFile("text/csv")]
    public static async Task<FileContentHttpResult> OrphanetList(DirectoryCache cache, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return TypedResults.File(OpenData.OrphanetListBytes(await cache.GetAsync(ct)), "text/csv; charset=utf-8", "liste-orphanet-maillage.csv");
    }
}
