using Maillage.Core.Features.Activity;
using Maillage.Core.Features.Activity.Jobs;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;
using Maillage.Web.Activity;
using Microsoft.AspNetCore.Mvc;
using Maillage.Web.Errors;

namespace Maillage.Web.Api;

public sealed record ActivityImportDto(long Id, DateTimeOffset ImportedAt, string ImportedBy, string FileName, string Sha256, long SizeBytes,
    long Rows, long RejectedRows, string RejectsByReason, string Years, int IndicatorRows, long DurationMs)
{
    public static ActivityImportDto From(ActivityImportRecord r) => new(r.Id, r.ImportedAt, r.ImportedBy, r.FileName, r.Sha256, r.SizeBytes,
        r.Rows, r.RejectedRows, r.RejectsByReason, r.Years, r.IndicatorRows, r.DurationMs);
}

/// <summary>A reject reason of an import and how many rows it rejected.</summary>
public sealed record ActivityRejectCountDto(string Reason, string Message, long Count);

/// <summary>What an import came to: applied, dry run or refused (too many rejects), with the counts and reject reasons.</summary>
public sealed record ActivityImportSummaryDto(ActivityImportOutcome Outcome, long Rows, long Rejected, double RejectRate, double? MaxRejectRate,
    IReadOnlyList<ActivityRejectCountDto> RejectsByReason, bool RejectDetailsTruncated, IReadOnlyList<int> Years,
    IReadOnlyDictionary<string, string?>? CampaignByYear, int IndicatorRows, string Sha256, long DurationMs, long? ImportId)
{
    private static List<ActivityRejectCountDto> Reasons(IEnumerable<KeyValuePair<ActivityRejectReason, long>> counts) =>
        counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => new ActivityRejectCountDto(kv.Key.Code(), kv.Key.Message(), kv.Value)).ToList();

    public static ActivityImportSummaryDto From(ActivityImportJobResult r) => new(r.Outcome, r.Rows, r.Rejected, r.RejectRate, r.MaxRejectRate,
        Reasons(r.RejectsByReason), r.RejectDetailsTruncated, r.Years,
        r.CampaignByYear.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value, StringComparer.Ordinal),
        r.IndicatorRows, r.Sha256, r.DurationMs, r.ImportId);

    /// <summary>The summary of an applied import from its log record (the reject reasons stored as JSON codes).</summary>
    public static ActivityImportSummaryDto From(ActivityImportRecord r)
    {
        var stored = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, long>>(r.RejectsByReason) ?? [];
        var counts = ActivityRejectReasons.All.Where(x => stored.ContainsKey(x.Code())).Select(x => KeyValuePair.Create(x, stored[x.Code()]));
        var years = r.Years.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(y => int.Parse(y, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return new(ActivityImportOutcome.Applied, r.Rows, r.RejectedRows, r.Rows == 0 ? 0 : (double)r.RejectedRows / r.Rows, null, Reasons(counts), false,
            years, null, r.IndicatorRows, r.Sha256, r.DurationMs, r.Id);
    }
}

/// <summary>
/// An import job (<c>POST /api/v1/activity/imports</c>) and its progress: bytes read of the file, rows, rejects so far,
/// rows per second, estimated seconds left; when finished, the summary (or the error); which node runs it (owner_node),
/// which attempt, its last heartbeat and what happened on the way (note: a takeover by another node). Never any row content.
/// </summary>
public sealed record ActivityImportJobDto(string Id, ActivityImportJobState State, string Stage, string FileName, string StartedBy, bool DryRun,
    double? MaxRejectRate, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, long BytesRead, long? TotalBytes,
    double? Percent, long Rows, long Rejected, double? RowsPerSecond, double? EtaSeconds, ActivityImportSummaryDto? Summary, string? Error,
    string? RejectsUrl, string? OwnerNode = null, int Attempt = 0, DateTimeOffset? HeartbeatAt = null, string? Note = null)
{
    public static ActivityImportJobDto From(ActivityImportJobSnapshot j) => new(j.Id, j.State, j.Stage, j.FileName, j.StartedBy,
        j.DryRun, j.MaxRejectRate, j.CreatedAt, j.StartedAt, j.FinishedAt, j.BytesRead, j.TotalBytes, j.Percent is { } p ? Math.Round(p, 1) : null,
        j.Rows, j.Rejected, j.RowsPerSecond is { } r ? Math.Round(r) : null, j.EtaSeconds is { } e ? Math.Round(e, 1) : null,
        j.Result is null ? null : ActivityImportSummaryDto.From(j.Result), j.Error,
        j.HasRejects ? $"{Routes.Api.Prefix}/activity/imports/{j.Id}/rejects" : null, j.OwnerNode, j.Attempt, j.HeartbeatAt, j.Note);

    /// <summary>A finished import known from the log only (its job is gone, e.g. after a restart, or it ran from the CLI).</summary>
    public static ActivityImportJobDto From(ActivityImportRecord r) => new(r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ActivityImportJobState.Succeeded, "terminé", r.FileName, r.ImportedBy, false, null, r.ImportedAt, r.ImportedAt, r.ImportedAt.AddMilliseconds(r.DurationMs),
        r.SizeBytes, r.SizeBytes, 100, r.Rows, r.RejectedRows, r.DurationMs > 0 ? Math.Round(r.Rows * 1000.0 / r.DurationMs) : null, null,
        ActivityImportSummaryDto.From(r), null, null);
}

/// <summary>
/// Read access to the measured activity (aggregates of the activity extracts: docs/formats/activity-extract.md) and to
/// the import log, through Core (<see cref="ActivityReads"/>, docs/security.md "Health activity"): indicators for the
/// centres in the caller's scope, the import log for the national administration.
/// Imports run through <c>maillage activity import</c> or, for national administrators, through an upload
/// (<c>POST /imports</c>) queued as a job row (<see cref="ActivityImportJobs"/>) that the worker of any node runs.
/// </summary>
public static class ActivityEndpoints
{
    public static void MapActivityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Activity).WithTags("Activité mesurée").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/indicators", async Task<IResult> (ActivityReads reads, HttpContext http, int year, [FromQuery(Name = "centre_id")] string? centreId, CancellationToken ct) =>
            {
                try { return TypedResults.Ok(await reads.IndicatorsAsync(Caller.From(http.User), year, centreId, ct)); }
                catch (AccessRefusedException e) { return Refused(e); }
            })
            .WithName("ListActivityIndicators").WithSummary("Indicateurs d'activité mesurés par centre pour une année (file active, consultations, séjours…)")
            .WithDescription("Données d'activité de santé : l'administration nationale lit tous les centres ; ARS, directions d'établissement, coordinations de filière "
                + "et responsables de centre lisent les centres de leur périmètre (les autres sont absents de la réponse) ; associations et experts : 403.")
            .Produces<List<ActivityIndicators>>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/imports", async Task<IResult> (ActivityReads reads, HttpContext http, int? take, CancellationToken ct) =>
            {
                try { return TypedResults.Ok((await reads.ImportsAsync(Caller.From(http.User), take ?? 100, ct)).Select(ActivityImportDto.From).ToList()); }
                catch (AccessRefusedException e) { return Refused(e); }
            })
            .WithName("ListActivityImports").WithSummary("Historique des imports d'extractions d'activité (qui, quand, fichier, SHA-256, lignes, rejets)")
            .WithDescription("Réservé à l'administration nationale.")
            .Produces<List<ActivityImportDto>>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
    
        api.MapPost("/imports", StartImportAsync)
            .WithName("StartActivityImport")
            .WithSummary("Importe une extraction d'activité (corps text/csv, application/gzip ou multipart/form-data, 4 Go au plus) : tâche de fond, réponse 202 et suivi")
            .WithDescription("Réservé à l'administration nationale. Le fichier est reçu en flux (jamais chargé en mémoire) puis importé en arrière-plan, "
                + "un import à la fois (les suivants attendent). Paramètres : dry_run (valider et calculer sans rien écrire), max_reject_rate (0 à 1, "
                + "défaut 0.001 : au-delà, rien n'est écrit), file_name (nom enregistré ; obligatoire pour un corps brut si le nom par défaut ne convient pas : "
                + "extract.csv ou extract.csv.gz). Suivre la tâche avec l'URL de l'en-tête Location.")
            .Accepts<Stream>("text/csv", "application/gzip", "application/x-gzip", "multipart/form-data")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The multipart form: one file field (the first file part is the extract).
                if (operation.RequestBody?.Content?.TryGetValue("multipart/form-data", out var multipart) == true)
                    multipart.Schema = new Microsoft.OpenApi.OpenApiSchema
                    {
                        Type = Microsoft.OpenApi.JsonSchemaType.Object,
                        Required = new HashSet<string>(StringComparer.Ordinal) { "file" },
                        Properties = new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            ["file"] = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Format = "binary", Description = "L'extraction (.csv ou .csv.gz)" },
                        },
                    };
                return Task.CompletedTask;
            })
            .DisableAntiforgery()
            .Produces<ActivityImportJobDto>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        api.MapGet("/imports/{id}", async Task<IResult> (string id, ActivityImportJobs jobs, ActivityReads reads, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                try
                {
                    if (await jobs.FindAsync(caller, id, ct) is { } job)
                        return TypedResults.Ok(ActivityImportJobDto.From(job.Snapshot(clock.GetUtcNow())));
                    if (long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var importId)
                        && await reads.ImportAsync(caller, importId, ct) is { } record)
                        return TypedResults.Ok(ActivityImportJobDto.From(record));
                }
                catch (AccessRefusedException e) { return Refused(e); }
                return ApiResults.NotFound($"Aucun import « {id} » (ni tâche d'import de ce nom, ni import appliqué de ce numéro).");
            })
            .WithName("GetActivityImport")
            .WithSummary("Suit une tâche d'import (état, octets lus, lignes, rejets, lignes/s, temps restant, résumé) ou lit un import appliqué par son numéro")
            .Produces<ActivityImportJobDto>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/imports/{id}/cancel", async Task<IResult> (string id, ActivityImportJobs jobs, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                try
                {
                    switch (await jobs.CancelAsync(caller, id, ct))
                    {
                        case ActivityJobCancel.NotFound: return ApiResults.NotFound($"Aucune tâche d'import « {id} » en cours.");
                        case ActivityJobCancel.AlreadyFinished:
                            return TypedResults.Problem(statusCode: 409, title: "Conflit", detail: "La tâche est déjà terminée : il n'y a plus rien à annuler.");
                    }
                    var job = (await jobs.FindAsync(caller, id, ct))!;
                    return TypedResults.Accepted($"{Routes.Api.Prefix}/activity/imports/{job.Id}", ActivityImportJobDto.From(job.Snapshot(clock.GetUtcNow())));
                }
                catch (AccessRefusedException e) { return Refused(e); }
            })
            .WithName("CancelActivityImport")
            .WithSummary("Annule une tâche d'import (téléversement, attente ou traitement) : les indicateurs précédents restent intacts")
            .DisableAntiforgery()
            .Produces<ActivityImportJobDto>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/imports/{id}/rejects", async Task<IResult> (string id, ActivityImportJobs jobs, HttpContext http, CancellationToken ct) =>
            {
                try
                {
                    if (await jobs.OpenRejectsAsync(Caller.From(http.User), id, ct) is not { } rejects)
                        return ApiResults.NotFound($"Pas de fichier de rejets pour « {id} » (aucun rejet, ou tâche inconnue).");
                    return TypedResults.Stream(rejects, "text/csv; charset=utf-8", $"rejets-{id}.csv");
                }
                catch (AccessRefusedException e) { return Refused(e); }
            })
            .WithName("GetActivityImportRejects")
            .WithSummary("Fichier des rejets d'une tâche d'import : line;column;reason;message (numéro de ligne, jamais le contenu)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult Unauthorized() => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
        detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …).");

    private static IResult Forbidden() => TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: ActivityImporter.RefusedImport);

    /// <summary>A refusal of Core: 401 for an anonymous caller, 403 with Core's reason otherwise.</summary>
    internal static IResult Refused(AccessRefusedException e) => e.Unauthenticated ? Unauthorized()
        : TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: e.Message);

    private static async Task<IResult> StartImportAsync(HttpContext http, ActivityImportJobs jobs,
        [FromQuery(Name = "dry_run")] bool? dryRun, [FromQuery(Name = "max_reject_rate")] double? maxRejectRate,
        [FromQuery(Name = "file_name")] string? fileName, TimeProvider clock)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsAuthenticated) return Unauthorized();
        // Core's rule, checked again by the job service and the importer: here, before a byte of the upload is read.
        if (!ActivityImporter.CanImport(caller)) return Forbidden();
        var rate = maxRejectRate ?? 0.001;
        if (!double.IsFinite(rate) || rate is < 0 or > 1)
            return ApiResults.BadRequest("Paramètre « max_reject_rate » : une part entre 0 et 1 (0.001 = 0,1 %).");
        ActivityUpload.AllowLargeBody(http);
        var ct = http.RequestAborted;
        var contentType = (http.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        Stream body;
        string? name;
        bool? gzip;
        switch (contentType)
        {
            case "multipart/form-data":
            {
                var (partName, partBody, error) = await ActivityUpload.FirstFileAsync(http.Request, null, ct);
                if (error is not null) return ApiResults.BadRequest("Formulaire : " + error);
                (body, name, gzip) = (partBody!, fileName ?? partName, null);
                break;
            }
            case "text/csv":
                (body, name, gzip) = (http.Request.Body, fileName ?? "extract.csv", false);
                break;
            case "application/gzip" or "application/x-gzip":
                (body, name, gzip) = (http.Request.Body, fileName ?? "extract.csv.gz", true);
                break;
            default:
                return TypedResults.Problem(statusCode: 415, title: "Type de contenu non pris en charge",
                    detail: $"Content-Type « {contentType} » : envoyez le fichier en text/csv, application/gzip ou multipart/form-data.");
        }
        if (!ActivityUpload.TryFileName(name, gzip, out var kept, out var nameError))
            return ApiResults.BadRequest("Paramètre « file_name » : " + nameError);
        ActivityImportJob job;
        try { job = await jobs.CreateAsync(caller, kept, dryRun ?? false, rate, http.Request.ContentLength, ct); }
        catch (AccessRefusedException e) { return Refused(e); }
        (var queued, job) = await jobs.UploadAsync(caller, job, body, ct);
        if (!queued) return ApiResults.BadRequest($"Fichier « {kept} » : {job.Error}");
        return TypedResults.Accepted($"{Routes.Api.Prefix}/activity/imports/{job.Id}", ActivityImportJobDto.From(job.Snapshot(clock.GetUtcNow())));
    }
}
