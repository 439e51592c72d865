using Maillage.Core.Features.Territory;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Web.Exports;
using Microsoft.AspNetCore.Mvc;
using Maillage.Web.Errors;

namespace Maillage.Web.Api;

/// <summary>
/// The territory API (<c>/api/v1/territory/…</c>): map values, coverage matrix and gaps, perimeter redundancies
/// (public registry data), and attraction from measured activity, minimised by Core (docs/security.md, "Health activity").
/// Each answers JSON, or a file with <c>format=csv|xlsx</c> (the same tables as the /territoire pages).
/// </summary>
public static class TerritoryEndpoints
{
    public static void MapTerritoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Territory).WithTags("Territoire").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/map", async Task<IResult> (TerritoryQueries q, HttpContext http, string? level, string? measure, string? kind, string? filiere,
                [FromQuery(Name = "as_of")] DateOnly? asOf, int? year, string? format, CancellationToken ct) =>
            {
                if (!ApiResults.TryEnum<MapLevel>(level, "level", out var lv, out var problem)
                    || !ApiResults.TryEnum<MapMeasure>(measure, "measure", out var ms, out problem)
                    || !ApiResults.TryEnum<CentreKind>(kind, "kind", out var kd, out problem)
                    || !TryFormat(format, out var fmt, out problem)) return problem!;
                var m = ms ?? MapMeasure.Count;
                TerritoryMap map;
                try { map = await q.MapAsync(Caller.From(http.User), lv ?? MapLevel.Region, m, kd, Clean(filiere), asOf, year, ct); }
                catch (AccessRefusedException e) { return ActivityEndpoints.Refused(e); }
                return Answer(map, fmt, () => TerritoryTables.Map(map), "carte-" + map.AsOf);
            })
            .WithName("GetTerritoryMap")
            .WithSummary("Valeurs d'une carte par région ou par département (nombre de centres, par million d'habitants, ou file active — connecté)")
            .WithDescription("level: region|departement; measure: count|per_million|active_patients; kind: reference_site|competence_centre|resource_centre; format: json|csv|xlsx. Populations: somme des communes actuelles (INSEE, @etalab/decoupage-administratif). active_patients additionne la file active des centres situés dans la zone (les extractions ne donnent pas le département de résidence).")
            .Produces<TerritoryMap>().Produces(StatusCodes.Status200OK, contentType: TableExport.CsvContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/coverage", async Task<IResult> (TerritoryQueries q, [FromQuery(Name = "as_of")] DateOnly? asOf, string? format, string? table, CancellationToken ct) =>
            {
                if (!TryFormat(format, out var fmt, out var problem)) return problem!;
                var report = await q.CoverageAsync(asOf, ct);
                var gapsOnly = string.Equals(table, "gaps", StringComparison.OrdinalIgnoreCase);
                return Answer(report, fmt, () => gapsOnly ? TerritoryTables.Gaps(report) : TerritoryTables.Coverage(report),
                    (gapsOnly ? "lacunes-" : "couverture-") + report.AsOf);
            })
            .WithName("GetTerritoryCoverage")
            .WithSummary("Matrice de couverture filière × région (nombres et par million d'habitants) et lacunes signalées")
            .WithDescription("Lacunes : région sans site de référence ni centre de compétence pour une filière ; outre-mer couvert seulement depuis la métropole ; filière dont plus de la moitié des sites de référence sont dans une région. format=csv|xlsx exporte la matrice, ou les lacunes avec table=gaps.")
            .Produces<CoverageReport>().Produces(StatusCodes.Status200OK, contentType: TableExport.CsvContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/redundancies", async Task<IResult> (TerritoryQueries q, [FromQuery(Name = "as_of")] DateOnly? asOf, string? filiere, string? format, CancellationToken ct) =>
            {
                if (!TryFormat(format, out var fmt, out var problem)) return problem!;
                var report = await q.RedundanciesAsync(asOf, Clean(filiere), ct);
                return Answer(report, fmt, () => TerritoryTables.Redundancies(report), "redondances-" + report.AsOf);
            })
            .WithName("GetTerritoryRedundancies")
            .WithSummary("Recouvrements de périmètres ORPHA entre réseaux (via la classification Orphanet) et sites d'une même filière redondants dans une région")
            .Produces<RedundancyReport>().Produces(StatusCodes.Status200OK, contentType: TableExport.CsvContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/attraction", async Task<IResult> (TerritoryQueries q, HttpContext http, string? centre, string? network, string? filiere, int? year,
                string? format, CancellationToken ct) =>
            {
                if (!TryFormat(format, out var fmt, out var problem)) return problem!;
                var given = new[] { ("centre", Clean(centre)), ("network", Clean(network)), ("filiere", Clean(filiere)) }.Where(x => x.Item2 is not null).ToList();
                if (given.Count > 1) return ApiResults.BadRequest("Donnez au plus un des paramètres « centre », « network » ou « filiere ».");
                var (scope, id) = given.Count == 1 ? given[0] : ("all", null);
                AttractionReport? report;
                try { report = await q.AttractionAsync(Caller.From(http.User), scope, id, year, ct); }
                catch (AccessRefusedException e) { return ActivityEndpoints.Refused(e); }
                if (report is null) return ApiResults.NotFound($"{scope} « {id} » inconnu.");
                return Answer(report, fmt, () => TerritoryTables.Attraction(report), "attractivite-" + (id ?? "tous") + "-" + (report.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "sans-donnees"));
            })
            .WithName("GetTerritoryAttraction")
            .WithSummary("Attractivité : où résident les patients actifs d'un centre, d'un réseau ou d'une filière (même département, même région, autre région, étranger, inconnu)")
            .Produces<AttractionReport>().Produces(StatusCodes.Status200OK, contentType: TableExport.CsvContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static bool TryFormat(string? format, out string fmt, out IResult? problem)
    {
        fmt = (Clean(format) ?? "json").ToLowerInvariant();
        problem = fmt is "json" or "csv" or "xlsx" ? null
            : ApiResults.BadRequest($"Paramètre « format » : valeur « {format} » inconnue. Valeurs admises : json, csv, xlsx.");
        return problem is null;
    }

    private static IResult Answer<T>(T value, string format, Func<ExportTable> table, string name) => format switch
    {
        "csv" => TypedResults.File(TableExport.Csv(table()), TableExport.CsvContentType, name + ".csv"),
        "xlsx" => TypedResults.File(TableExport.Xlsx(table()), TableExport.XlsxContentType, name + ".xlsx"),
        _ => TypedResults.Ok(value),
    };
}
