using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Core.Security;
using Maillage.Domain.Activity;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api;

public sealed record ActivityImportDto(long Id, DateTimeOffset ImportedAt, string ImportedBy, string FileName, string Sha256, long SizeBytes,
    long Rows, long RejectedRows, string RejectsByReason, string Years, int IndicatorRows, long DurationMs)
{
    public static ActivityImportDto From(ActivityImportRecord r) => new(r.Id, r.ImportedAt, r.ImportedBy, r.FileName, r.Sha256, r.SizeBytes,
        r.Rows, r.RejectedRows, r.RejectsByReason, r.Years, r.IndicatorRows, r.DurationMs);
}

/// <summary>
/// Read access to the measured activity (aggregates of the activity extracts: docs/formats/activity-extract.md) and to
/// the import log. Signed-in users only: small counts are not public (the public directory will suppress them).
/// Imports themselves run through <c>maillage activity import</c> (the web upload comes with the activity issue).
/// </summary>
public static class ActivityEndpoints
{
    public static void MapActivityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(RegistryEndpoints.Prefix + "/activity").WithTags("Activité mesurée");

        api.MapGet("/indicators", async Task<IResult> (MaillageDbContext db, HttpContext http, int year, [FromQuery(Name = "centre_id")] string? centreId, CancellationToken ct) =>
            {
                if (!Caller.From(http.User).IsAuthenticated) return TypedResults.Problem(statusCode: 401, title: "Authentification requise");
                var rows = await ActivityStore.IndicatorsAsync(db, year, ct);
                if (centreId is not null) rows = rows.Where(r => r.CentreId == centreId).ToList();
                return TypedResults.Ok(rows);
            })
            .WithName("ListActivityIndicators").WithSummary("Indicateurs d'activité mesurés par centre pour une année (file active, consultations, séjours…)")
            .Produces<List<ActivityIndicators>>().ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/imports", async Task<IResult> (MaillageDbContext db, HttpContext http, int? take, CancellationToken ct) =>
            {
                if (!Caller.From(http.User).IsAuthenticated) return TypedResults.Problem(statusCode: 401, title: "Authentification requise");
                var rows = await ActivityStore.ImportsAsync(db, Math.Clamp(take ?? 100, 1, 1000), ct);
                return TypedResults.Ok(rows.Select(ActivityImportDto.From).ToList());
            })
            .WithName("ListActivityImports").WithSummary("Historique des imports d'extractions d'activité (qui, quand, fichier, SHA-256, lignes, rejets)")
            .Produces<List<ActivityImportDto>>().ProducesProblem(StatusCodes.Status401Unauthorized);
    }
}
