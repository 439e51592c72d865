using Maillage.Web.Errors;
using Microsoft.OpenApi;

namespace Maillage.Web.Api.Activity;

/// <summary>
/// Read access to the measured activity (aggregates of the activity extracts: docs/formats/activity-extract.md) and to
/// the import log, through Core (<see cref="Maillage.Core.Features.Activity.ActivityReads"/>, docs/security.md "Health
/// activity"): indicators for the centres in the caller's scope, the import log for the national administration.
/// Imports run through <c>maillage activity import</c> or, for national administrators, through an upload
/// (<c>POST /imports</c>) queued as a job row that the worker of any node runs. One line per route; what each does,
/// answers and refuses is on its handler (<see cref="ActivityHandlers"/>).
/// </summary>
public static class ActivityApi
{
    public static void MapActivityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Activity).WithTags("Activité mesurée").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/indicators", ActivityHandlers.Indicators);
        api.MapGet("/imports", ActivityHandlers.Imports);
        api.MapPost("/imports", ActivityHandlers.StartImport).AcceptsExtract().DisableAntiforgery();
        api.MapGet("/imports/{id}", ActivityHandlers.Import);
        api.MapPost("/imports/{id}/cancel", ActivityHandlers.Cancel).DisableAntiforgery();
        api.MapGet("/imports/{id}/rejects", ActivityHandlers.Rejects);
    }

    /// <summary>The upload's body: a raw CSV, a gzip, or a multipart form whose one file field is the extract.</summary>
    private static RouteHandlerBuilder AcceptsExtract(this RouteHandlerBuilder route) => route
        .Accepts<Stream>("text/csv", "application/gzip", "application/x-gzip", "multipart/form-data")
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody?.Content?.TryGetValue("multipart/form-data", out var multipart) == true)
                multipart.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string>(StringComparer.Ordinal) { "file" },
                    Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                    {
                        ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "L'extraction (.csv ou .csv.gz)" },
                    },
                };
            return Task.CompletedTask;
        });
}
