using System.Globalization;
using Maillage.Core.Features.Activity;
using Maillage.Core.Features.Activity.Jobs;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;
using Maillage.Web.Activity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api.Activity;

/// <summary>
/// The measured activity's handlers: indicators and the import log through <see cref="ActivityReads"/>, uploads and
/// their jobs through <see cref="ActivityImportJobs"/>, each with the caller (401 anonymous, 403 with Core's reason).
/// </summary>
public static class ActivityHandlers
{
    [EndpointName("ListActivityIndicators")]
    [EndpointSummary("Indicateurs d'activité mesurés par centre pour une année (file active, consultations, séjours…)")]
    [EndpointDescription("Données d'activité de santé : l'administration nationale lit tous les centres ; ARS, directions d'établissement, coordinations de filière "
        + "et responsables de centre lisent les centres de leur périmètre (les autres sont absents de la réponse) ; associations et experts : 403.")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static async Task<Results<Ok<List<ActivityIndicators>>, ProblemHttpResult>> Indicators(
        ActivityReads reads, HttpContext http, [AsParameters] IndicatorQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(query);
        try { return TypedResults.Ok(await reads.IndicatorsAsync(Caller.From(http?.User), query.Year, query.CentreId, ct)); }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("ListActivityImports")]
    [EndpointSummary("Historique des imports d'extractions d'activité (qui, quand, fichier, SHA-256, lignes, rejets)")]
    [EndpointDescription("Réservé à l'administration nationale.")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static async Task<Results<Ok<List<ActivityImportDto>>, ProblemHttpResult>> Imports(
        ActivityReads reads, HttpContext http, [AsParameters] ImportLogQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(query);
        try { return TypedResults.Ok((await reads.ImportsAsync(Caller.From(http?.User), query.Take ?? 100, ct)).Select(ActivityImportDto.From).ToList()); }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("StartActivityImport")]
    [EndpointSummary("Importe une extraction d'activité (corps text/csv, application/gzip ou multipart/form-data, 4 Go au plus) : tâche de fond, réponse 202 et suivi")]
    [EndpointDescription("Réservé à l'administration nationale. Le fichier est reçu en flux (jamais chargé en mémoire) puis importé en arrière-plan, "
        + "un import à la fois (les suivants attendent). Paramètres : dry_run (valider et calculer sans rien écrire), max_reject_rate (0 à 1, "
        + "défaut 0.001 : au-delà, rien n'est écrit), file_name (nom enregistré ; obligatoire pour un corps brut si le nom par défaut ne convient pas : "
        + "extract.csv ou extract.csv.gz). Suivre la tâche avec l'URL de l'en-tête Location.")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status415UnsupportedMediaType)]
    public static async Task<Results<Accepted<ActivityImportJobDto>, ProblemHttpResult>> StartImport(
        HttpContext http, ActivityImportJobs jobs, [AsParameters] StartImportQuery query, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(clock);
        var caller = Caller.From(http.User);
        if (!caller.IsAuthenticated) return Unauthorized();
        // Core's rule, checked again by the job service and the importer: here, before a byte of the upload is read.
        if (!ActivityImporter.CanImport(caller)) return TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: ActivityImporter.RefusedImport);
        var rate = query.MaxRejectRate ?? 0.001;
        if (!double.IsFinite(rate) || rate is < 0 or > 1)
            return ApiResults.Invalid("Paramètre « max_reject_rate » : une part entre 0 et 1 (0.001 = 0,1 %).");
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
                if (error is not null) return ApiResults.Invalid("Formulaire : " + error);
                (body, name, gzip) = (partBody!, query.FileName ?? partName, null);
                break;
            }
            case "text/csv":
                (body, name, gzip) = (http.Request.Body, query.FileName ?? "extract.csv", false);
                break;
            case "application/gzip" or "application/x-gzip":
                (body, name, gzip) = (http.Request.Body, query.FileName ?? "extract.csv.gz", true);
                break;
            default:
                return TypedResults.Problem(statusCode: 415, title: "Type de contenu non pris en charge",
                    detail: $"Content-Type « {contentType} » : envoyez le fichier en text/csv, application/gzip ou multipart/form-data.");
        }
        if (!ActivityUpload.TryFileName(name, gzip, out var kept, out var nameError))
            return ApiResults.Invalid("Paramètre « file_name » : " + nameError);
        ActivityImportJob job;
        try { job = await jobs.CreateAsync(caller, kept, query.DryRun ?? false, rate, http.Request.ContentLength, ct); }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
        (var queued, job) = await jobs.UploadAsync(caller, job, body, ct);
        if (!queued) return ApiResults.Invalid($"Fichier « {kept} » : {job.Error}");
        return TypedResults.Accepted(JobUrl(job.Id), ActivityImportJobDto.From(job.Snapshot(clock.GetUtcNow())));
    }

    [EndpointName("GetActivityImport")]
    [EndpointSummary("Suit une tâche d'import (état, octets lus, lignes, rejets, lignes/s, temps restant, résumé) ou lit un import appliqué par son numéro")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<ActivityImportJobDto>, ProblemHttpResult>> Import(
        string id, ActivityImportJobs jobs, ActivityReads reads, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(clock);
        var caller = Caller.From(http?.User);
        try
        {
            if (await jobs.FindAsync(caller, id, ct) is { } job)
                return TypedResults.Ok(ActivityImportJobDto.From(job.Snapshot(clock.GetUtcNow())));
            if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var importId)
                && await reads.ImportAsync(caller, importId, ct) is { } record)
                return TypedResults.Ok(ActivityImportJobDto.From(record));
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
        return ApiResults.Unknown($"Aucun import « {id} » (ni tâche d'import de ce nom, ni import appliqué de ce numéro).");
    }

    [EndpointName("CancelActivityImport")]
    [EndpointSummary("Annule une tâche d'import (téléversement, attente ou traitement) : les indicateurs précédents restent intacts")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Accepted<ActivityImportJobDto>, ProblemHttpResult>> Cancel(
        string id, ActivityImportJobs jobs, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(clock);
        var caller = Caller.From(http?.User);
        try
        {
            switch (await jobs.CancelAsync(caller, id, ct))
            {
                case ActivityJobCancel.NotFound: return ApiResults.Unknown($"Aucune tâche d'import « {id} » en cours.");
                case ActivityJobCancel.AlreadyFinished:
                    return TypedResults.Problem(statusCode: 409, title: "Conflit", detail: "La tâche est déjà terminée : il n'y a plus rien à annuler.");
            }
            var job = (await jobs.FindAsync(caller, id, ct))!;
            return TypedResults.Accepted(JobUrl(job.Id), ActivityImportJobDto.From(job.Snapshot(clock.GetUtcNow())));
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("GetActivityImportRejects")]
    [EndpointSummary("Fichier des rejets d'une tâche d'import : line;column;reason;message (numéro de ligne, jamais le contenu)")]
    [ProducesFile("text/csv"), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Rejects(string id, ActivityImportJobs jobs, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        try
        {
            if (await jobs.OpenRejectsAsync(Caller.From(http?.User), id, ct) is not { } rejects)
                return ApiResults.Unknown($"Pas de fichier de rejets pour « {id} » (aucun rejet, ou tâche inconnue).");
            return TypedResults.Stream(rejects, "text/csv; charset=utf-8", $"rejets-{id}.csv");
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    private static string JobUrl(string id) => $"{Routes.Api.Activity}/imports/{id}";

    private static ProblemHttpResult Unauthorized() => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
        detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …).");
}
