using Maillage.Web.Errors;
using Microsoft.OpenApi;

namespace Maillage.Web.Api.Calculator;

/// <summary>
/// Calculators over the caller's own input (nothing is read from or written to the database, anonymous callers
/// allowed): <c>POST /api/v1/compliance/check</c>, <c>GET /api/v1/referentials[/{campaign}]</c>,
/// <c>GET /api/v1/funding/pemr</c>, <c>POST /api/v1/funding/dpi</c>, <c>POST /api/v1/funding/mig</c>. Same code path
/// and same JSON as <c>maillage compliance check</c> and <c>maillage funding ...</c>; a JSON body or a multipart upload
/// of the CLI's CSV file. Bad input → 400 problem naming the file, the line and the field.
/// One line per route; what each does, answers and refuses is on its handler (<see cref="CalculatorHandlers"/>).
/// </summary>
public static class CalculatorApi
{
    /// <summary>Largest CSV accepted by the calculators (API and pages).</summary>
    public const long MaxUploadBytes = 10 * 1024 * 1024;

    internal const string Multipart = "multipart/form-data";

    public static void MapCalculatorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Prefix).WithTags("Conformité et financement").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapPost("/compliance/check", CalculatorHandlers.Check).WithMultipartCsv(("campaign", "Campagne (2023-2028 par défaut)"), ("as_of", "Date de référence AAAA-MM-JJ (aujourd'hui par défaut)"));
        api.MapGet("/referentials", CalculatorHandlers.ListReferentials);
        api.MapGet("/referentials/{campaign}", CalculatorHandlers.GetReferential);
        api.MapGet("/funding/pemr", CalculatorHandlers.Pemr).WithRequiredCount("crmr_count", "Nombre de CRMR/CRC de la plateforme");
        api.MapPost("/funding/dpi", CalculatorHandlers.Dpi).WithMultipartCsv();
        api.MapPost("/funding/mig", CalculatorHandlers.Mig).WithMultipartCsv(("envelope", "Enveloppe en euros, au centime près (ex. 1000000.50) — obligatoire"), ("campaign", "Campagne dont le référentiel donne les poids (2023-2028 par défaut)"));
    }

    /// <summary>Documents the multipart variant of a body: the CSV file (field <c>file</c>) and the given text fields.</summary>
    private static RouteHandlerBuilder WithMultipartCsv(this RouteHandlerBuilder builder, params (string Name, string Description)[] fields) =>
        builder.AddOpenApiOperationTransformer((op, _, _) =>
        {
            var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "Le fichier CSV (« ; », UTF-8), au format de la CLI" },
            };
            foreach (var (name, description) in fields) properties[name] = new OpenApiSchema { Type = JsonSchemaType.String, Description = description };
            if (op.RequestBody?.Content is { } content)
                content[Multipart] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = properties, Required = new HashSet<string>(StringComparer.Ordinal) { "file" } } };
            return Task.CompletedTask;
        });

    /// <summary>
    /// Documents a query parameter read as text (so that its 400 names it in French) as what it must be: a required integer ≥ 0.
    /// </summary>
    private static RouteHandlerBuilder WithRequiredCount(this RouteHandlerBuilder builder, string name, string description) =>
        builder.AddOpenApiOperationTransformer((op, _, _) =>
        {
            if (op.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == name) is { } parameter)
            {
                parameter.Required = true;
                parameter.Description = description;
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0" };
            }
            return Task.CompletedTask;
        });
}
