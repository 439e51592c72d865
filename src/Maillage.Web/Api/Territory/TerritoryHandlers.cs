using System.Globalization;
using Maillage.Core.Features.Territory;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Web.Exports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Maillage.Web.Api.Territory;

/// <summary>The territory API's handlers: parse the query, call <see cref="TerritoryQueries"/> with the caller, map the answer.</summary>
public static class TerritoryHandlers
{
    [EndpointName("GetTerritoryMap")]
    [EndpointSummary("Valeurs d'une carte par région ou par département (nombre de centres, par million d'habitants, ou file active — connecté)")]
    [EndpointDescription("level: region|departement; measure: count|per_million|active_patients; kind: reference_site|competence_centre|resource_centre; format: json|csv|xlsx. Populations: somme des communes actuelles (INSEE, @etalab/decoupage-administratif). active_patients additionne la file active des centres situés dans la zone (les extractions ne donnent pas le département de résidence).")]
    [ProducesTable, ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized)]
    public static async Task<Results<Ok<TerritoryMap>, FileContentHttpResult, ProblemHttpResult>> Map(
        TerritoryQueries q, HttpContext http, [AsParameters] MapFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(filter);
        var problem = ApiResults.ParseEnum<MapLevel>(filter.Level, "level", out var level);
        var measureProblem = ApiResults.ParseEnum<MapMeasure>(filter.Measure, "measure", out var measure);
        var kindProblem = ApiResults.ParseEnum<CentreKind>(filter.Kind, "kind", out var kind);
        var formatProblem = ApiResults.ParseTableFormat(filter.Format, out var format);
        if ((problem ?? measureProblem ?? kindProblem ?? formatProblem) is { } first) return first;
        TerritoryMap map;
        try
        {
            map = await q.MapAsync(Caller.From(http.User), level ?? MapLevel.Region, measure ?? MapMeasure.Count, kind,
                ApiResults.Clean(filter.Filiere), filter.AsOf, filter.Year, ct);
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
        return Answer(map, format, () => TerritoryTables.Map(map), "carte-" + map.AsOf);
    }

    [EndpointName("GetTerritoryCoverage")]
    [EndpointSummary("Matrice de couverture filière × région (nombres et par million d'habitants) et lacunes signalées")]
    [EndpointDescription("Lacunes : région sans site de référence ni centre de compétence pour une filière ; outre-mer couvert seulement depuis la métropole ; filière dont plus de la moitié des sites de référence sont dans une région. format=csv|xlsx exporte la matrice, ou les lacunes avec table=gaps.")]
    [ProducesTable, ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<Ok<CoverageReport>, FileContentHttpResult, ProblemHttpResult>> Coverage(
        TerritoryQueries q, [AsParameters] CoverageFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(filter);
        if (ApiResults.ParseTableFormat(filter.Format, out var format) is { } problem) return problem;
        var report = await q.CoverageAsync(filter.AsOf, ct);
        var gapsOnly = string.Equals(filter.Table, "gaps", StringComparison.OrdinalIgnoreCase);
        return Answer(report, format, () => gapsOnly ? TerritoryTables.Gaps(report) : TerritoryTables.Coverage(report),
            (gapsOnly ? "lacunes-" : "couverture-") + report.AsOf);
    }

    [EndpointName("GetTerritoryRedundancies")]
    [EndpointSummary("Recouvrements de périmètres ORPHA entre réseaux (via la classification Orphanet) et sites d'une même filière redondants dans une région")]
    [EndpointDescription("En JSON, les recouvrements entre réseaux sont paginés : page (à partir de 1 ; au-delà de la dernière, la dernière), page_size (50 par défaut, au plus 1 000) ; network_count, page_number, page_size et page_count les décrivent. Les sites redondants, moins nombreux, sont tous donnés. Les exports CSV et XLSX sont complets.")]
    [ProducesTable, ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<Ok<RedundancyReport>, FileContentHttpResult, ProblemHttpResult>> Redundancies(
        TerritoryQueries q, [AsParameters] RedundancyFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(filter);
        if (ApiResults.ParseTableFormat(filter.Format, out var format) is { } problem) return problem;
        if (filter.PageSize is < 1) return ApiResults.Invalid($"Paramètre « page_size » : {filter.PageSize} n'est pas un nombre d'éléments par page (de 1 à {RedundancyReport.MaxPageSize}).");
        var report = format == "json"
            ? await q.RedundanciesAsync(filter.AsOf, ApiResults.Clean(filter.Filiere), filter.Page ?? 1, filter.PageSize ?? RedundancyReport.DefaultPageSize, ct)
            : await q.RedundanciesAsync(filter.AsOf, ApiResults.Clean(filter.Filiere), ct);
        return Answer(report, format, () => TerritoryTables.Redundancies(report), "redondances-" + report.AsOf);
    }

    [EndpointName("GetTerritoryAttraction")]
    [EndpointSummary("Attractivité : où résident les patients actifs d'un centre, d'un réseau ou d'une filière (même département, même région, autre région, étranger, inconnu)")]
    [ProducesTable, ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<AttractionReport>, FileContentHttpResult, ProblemHttpResult>> Attraction(
        TerritoryQueries q, HttpContext http, [AsParameters] AttractionFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(filter);
        if (ApiResults.ParseTableFormat(filter.Format, out var format) is { } problem) return problem;
        var given = new[] { ("centre", ApiResults.Clean(filter.Centre)), ("network", ApiResults.Clean(filter.Network)), ("filiere", ApiResults.Clean(filter.Filiere)) }
            .Where(x => x.Item2 is not null).ToList();
        if (given.Count > 1) return ApiResults.Invalid("Donnez au plus un des paramètres « centre », « network » ou « filiere ».");
        var (scope, id) = given.Count == 1 ? given[0] : ("all", null);
        AttractionReport? report;
        try { report = await q.AttractionAsync(Caller.From(http.User), scope, id, filter.Year, ct); }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
        if (report is null) return ApiResults.Unknown($"{scope} « {id} » inconnu.");
        return Answer(report, format, () => TerritoryTables.Attraction(report),
            "attractivite-" + (id ?? "tous") + "-" + (report.Year?.ToString(CultureInfo.InvariantCulture) ?? "sans-donnees"));
    }

    private static Results<Ok<T>, FileContentHttpResult, ProblemHttpResult> Answer<T>(T value, string format, Func<ExportTable> table, string name) => format switch
    {
        "csv" => TypedResults.File(TableExport.Csv(table()), TableExport.CsvContentType, name + ".csv"),
        "xlsx" => TypedResults.File(TableExport.Xlsx(table()), TableExport.XlsxContentType, name + ".xlsx"),
        _ => TypedResults.Ok(value),
    };
}
