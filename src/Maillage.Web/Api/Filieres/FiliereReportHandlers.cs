using Maillage.Core.Features.FiliereReports;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Reports;
using Maillage.Web.Exports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Filieres;

/// <summary>Query of the action plan: which plan (its first year; the latest when absent).</summary>
public sealed record ActionPlanQuery
{
    [FromQuery(Name = "plan_start")] public int? PlanStart { get; init; }
}

/// <summary>Query of the census export: one filière (acronym) or all.</summary>
public sealed record CensusExportQuery
{
    [FromQuery(Name = "filiere")] public string? Filiere { get; init; }

    /// <summary><c>csv</c> (default) or <c>xlsx</c>.</summary>
    [FromQuery(Name = "format")] public string? Format { get; init; }
}

/// <summary>
/// A filière's activity (docs/filieres-reports.md): annual report (<see cref="FiliereReportService"/>), 5-year action plan
/// (<see cref="FiliereActionPlanService"/>), census (<see cref="FiliereCensusService"/>). Handlers parse, call Core with the
/// caller and map: 401 anonymous on a restricted read or any write, 403 out of scope, 404 unknown, 412 stale If-Match,
/// 422 a rule (the field named).
/// </summary>
public static class FiliereReportHandlers
{
    // ------------------------------------------------------------------ annual report

    [EndpointName("ListFiliereReports")]
    [EndpointSummary("Rapports annuels d'activité d'une filière que l'appelant peut lire (les rapports reçus par le ministère sont publics)")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<List<FiliereReportRowDto>>, ProblemHttpResult>> ListReports(FiliereReportService s, HttpContext http, string acronym, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var rows = await s.ListAsync(Caller.From(http?.User), acronym, ct);
        return rows is null ? UnknownFiliere(acronym) : TypedResults.Ok(rows.Select(FiliereReportRowDto.From).ToList());
    }

    [EndpointName("GetFiliereReport")]
    [EndpointSummary("Rapport annuel d'activité d'une filière (ou brouillon vierge pour son coordonnateur et le ministère), structuré par les missions de la note de 2018")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<FiliereReportDto>, ProblemHttpResult>> GetReport(FiliereReportService s, HttpContext http, string acronym, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        try
        {
            return await s.ReadAsync(Caller.From(http?.User), acronym, year, ct) is { } v ? TypedResults.Ok(FiliereReportDto.From(v)) : UnknownReport(acronym, year);
        }
        catch (AccessRefusedException e)
        {
            return ApiResults.Refused(e);
        }
    }

    [EndpointName("SaveFiliereReport")]
    [EndpointSummary("Enregistre les textes d'un rapport de filière en brouillon (le crée au besoin) ; If-Match : la version lue, 412 si le rapport a changé")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<FiliereReportDto>, ProblemHttpResult>> SaveReport(FiliereReportService s, HttpContext http, string acronym, int year,
        FiliereReportTextsDto body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!ApiResults.TryIfMatch(http!, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var result = await s.SaveAsync(caller, acronym, year, body.ToInput(), ifMatch, ct);
        return await AfterReportWriteAsync(s, caller, acronym, year, result, ct);
    }

    [EndpointName("TransitionFiliereReport")]
    [EndpointSummary("Fait avancer le rapport de filière : submit (coordonnateur, jusqu'à la date limite de la campagne), mark_received et reopen (ministère, motif obligatoire)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<FiliereReportDto>, ProblemHttpResult>> TransitionReport(FiliereReportService s, HttpContext http, string acronym, int year,
        FiliereReportTransitionInput body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthorized();
        var action = Enum.GetValues<ReportAction>().Where(a => a is ReportAction.Submit or ReportAction.MarkReceived or ReportAction.Reopen)
            .FirstOrDefault(a => string.Equals(a.Code(), body.Action, StringComparison.Ordinal), ReportAction.Save);
        if (action == ReportAction.Save) return ApiResults.Invalid($"Action « {Cut(body.Action)} » inconnue (submit, mark_received, reopen).");
        if (!ApiResults.TryIfMatch(http!, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var result = await s.TransitionAsync(caller, acronym, year, action, body.Reason, ifMatch, ct);
        return await AfterReportWriteAsync(s, caller, acronym, year, result, ct);
    }

    private static async Task<Results<Ok<FiliereReportDto>, ProblemHttpResult>> AfterReportWriteAsync(FiliereReportService s, Caller caller, string acronym, int year,
        WriteResult result, CancellationToken ct)
    {
        if (result.Status != WriteStatus.Ok) return Problem(result, caller, "Rapport refusé");
        var v = await s.ReadAsync(caller, acronym, year, ct);
        return TypedResults.Ok(FiliereReportDto.From(v!));
    }

    // ------------------------------------------------------------------ action plan

    [EndpointName("GetFiliereActionPlan")]
    [EndpointSummary("Plan d'actions quinquennal d'une filière : actions (mission, porteur, jalons, statut) et revues annuelles — coordonnateur, ministère, ARS du siège")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<ActionPlanDto>, ProblemHttpResult>> GetActionPlan(FiliereActionPlanService s, HttpContext http, string acronym,
        [AsParameters] ActionPlanQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            var plan = await s.PlanAsync(Caller.From(http?.User), acronym, query.PlanStart, ct);
            if (plan is null) return UnknownFiliere(acronym);
            return TypedResults.Ok(new ActionPlanDto(plan.Filiere.Acronym, plan.PlanStart, plan.PlanStart + FiliereActionPlanService.PlanYears - 1, plan.Periods,
                plan.Actions.Select(ActionDto.From).ToList(), plan.CanEdit));
        }
        catch (AccessRefusedException e)
        {
            return ApiResults.Refused(e);
        }
    }

    [EndpointName("CreateFiliereAction")]
    [EndpointSummary("Ajoute une action au plan quinquennal (plan_start : première année du plan)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Created<CreatedDto>, ProblemHttpResult>> CreateAction(FiliereActionPlanService s, HttpContext http, string acronym,
        ActionBodyDto body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        var (result, id) = await s.CreateAsync(caller, acronym, body.ToInput(), ct);
        return result.Status == WriteStatus.Ok
            ? TypedResults.Created($"{Routes.Api.Filieres}/{Uri.EscapeDataString(acronym)}/action-plan/actions/{id}", new CreatedDto(id!, result.CurrentVersion ?? 1))
            : Problem(result, caller, "Action refusée");
    }

    [EndpointName("UpdateFiliereAction")]
    [EndpointSummary("Modifie une action du plan ; If-Match : la version lue, 412 si elle a changé")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<CreatedDto>, ProblemHttpResult>> UpdateAction(FiliereActionPlanService s, HttpContext http, string acronym, string id,
        ActionBodyDto body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!OfFiliere(id, "PA", acronym)) return ApiResults.Unknown($"Action « {Cut(id)} » inconnue dans la filière {Cut(acronym)}.");
        if (!ApiResults.TryIfMatch(http!, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        return Done(await s.UpdateAsync(caller, id, body.ToInput(), ifMatch, ct), id, caller, "Action refusée");
    }

    [EndpointName("ReviewFiliereAction")]
    [EndpointSummary("Revue annuelle d'une action : statut et commentaire de l'année (remplace la revue de la même année)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<CreatedDto>, ProblemHttpResult>> ReviewAction(FiliereActionPlanService s, HttpContext http, string acronym, string id, int year,
        ActionReviewBodyDto body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!OfFiliere(id, "PA", acronym)) return ApiResults.Unknown($"Action « {Cut(id)} » inconnue dans la filière {Cut(acronym)}.");
        if (!ApiResults.TryIfMatch(http!, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        return Done(await s.ReviewAsync(caller, id, year, body.Status, body.Comment, ifMatch, ct), id, caller, "Revue refusée");
    }

    // ------------------------------------------------------------------ census

    [EndpointName("GetFiliereCensus")]
    [EndpointSummary("Recensement public d'une filière : formations (DU, DIU, e-learning, ETP), PNDS rédigés et actualisés, laboratoires, registres et cohortes de ses réseaux")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<CensusDto>, ProblemHttpResult>> GetCensus(FiliereCensusService s, HttpContext http, string acronym, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        return await s.ReadAsync(Caller.From(http?.User), acronym, ct) is { } v ? TypedResults.Ok(CensusDto.From(v)) : UnknownFiliere(acronym);
    }

    [EndpointName("ExportFiliereCensus")]
    [EndpointSummary("Exporte le recensement (formations, PNDS, laboratoires, registres et cohortes) de toutes les filières ou d'une seule, en CSV ou XLSX (docs/filieres-reports.md)")]
    [ProducesFile(TableExport.CsvContentType), ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportCensus(FiliereCensusService s, [AsParameters] CensusExportQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(query);
        if (ExportFormats.Sheet.Parse(query.Format, out var format) is { } badFormat) return badFormat;
        var filiere = ApiResults.Clean(query.Filiere);
        var name = "recensement-filieres" + (filiere is null ? "" : "-" + filiere.ToLowerInvariant());
        return format == ExportFormat.Xlsx
            ? TypedResults.File(await s.ExportXlsxAsync(filiere, ct), TableExport.XlsxContentType, name + ".xlsx")
            : TypedResults.File(await s.ExportCsvAsync(filiere, ct), TableExport.CsvContentType, name + ".csv");
    }

    [EndpointName("CreateFiliereTraining")]
    [EndpointSummary("Ajoute une formation ou un PNDS au recensement (kind : du, diu, e_learning, etp_programme, pnds_written, pnds_updated)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Created<CreatedDto>, ProblemHttpResult>> CreateTraining(FiliereCensusService s, HttpContext http, string acronym, TrainingBodyDto body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        return Created(await s.AddTrainingAsync(caller, acronym, body.ToInput(), ct), acronym, "trainings", caller);
    }

    [EndpointName("UpdateFiliereTraining")]
    [EndpointSummary("Modifie une ligne de formation ou de PNDS ; If-Match : la version lue")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<CreatedDto>, ProblemHttpResult>> UpdateTraining(FiliereCensusService s, HttpContext http, string acronym, string id, TrainingBodyDto body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!OfFiliere(id, "FOR", acronym)) return ApiResults.Unknown($"Ligne « {Cut(id)} » inconnue dans la filière {Cut(acronym)}.");
        if (!ApiResults.TryIfMatch(http!, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        return Done(await s.UpdateTrainingAsync(caller, id, body.ToInput(), ifMatch, ct), id, caller, "Ligne refusée");
    }

    [EndpointName("DeleteFiliereTraining")]
    [EndpointSummary("Supprime une ligne de formation ou de PNDS ; If-Match : la version lue")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTraining(FiliereCensusService s, HttpContext http, string acronym, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var caller = Caller.From(http?.User);
        if (!OfFiliere(id, "FOR", acronym)) return ApiResults.Unknown($"Ligne « {Cut(id)} » inconnue dans la filière {Cut(acronym)}.");
        if (!ApiResults.TryIfMatch(http!, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        return Deleted(await s.DeleteTrainingAsync(caller, id, ifMatch, ct), caller);
    }

    [EndpointName("CreateFiliereLaboratory")]
    [EndpointSummary("Ajoute un laboratoire (kind : diagnostic, research ; FINESS facultatif, connu du registre)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Created<CreatedDto>, ProblemHttpResult>> CreateLaboratory(FiliereCensusService s, HttpContext http, string acronym, LaboratoryBodyDto body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        return Created(await s.AddLaboratoryAsync(caller, acronym, body.ToInput(), ct), acronym, "laboratories", caller);
    }

    [EndpointName("UpdateFiliereLaboratory")]
    [EndpointSummary("Modifie un laboratoire ; If-Match : la version lue")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<CreatedDto>, ProblemHttpResult>> UpdateLaboratory(FiliereCensusService s, HttpContext http, string acronym, string id, LaboratoryBodyDto body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!OfFiliere(id, "LAB", acronym)) return ApiResults.Unknown($"Laboratoire « {Cut(id)} » inconnu dans la filière {Cut(acronym)}.");
        if (!ApiResults.TryIfMatch(http!, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        return Done(await s.UpdateLaboratoryAsync(caller, id, body.ToInput(), ifMatch, ct), id, caller, "Laboratoire refusé");
    }

    [EndpointName("DeleteFiliereLaboratory")]
    [EndpointSummary("Supprime un laboratoire ; If-Match : la version lue")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteLaboratory(FiliereCensusService s, HttpContext http, string acronym, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var caller = Caller.From(http?.User);
        if (!OfFiliere(id, "LAB", acronym)) return ApiResults.Unknown($"Laboratoire « {Cut(id)} » inconnu dans la filière {Cut(acronym)}.");
        if (!ApiResults.TryIfMatch(http!, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        return Deleted(await s.DeleteLaboratoryAsync(caller, id, ifMatch, ct), caller);
    }

    [EndpointName("CreateNetworkRegistry")]
    [EndpointSummary("Ajoute un registre ou une cohorte à un réseau (CRMR) de la filière (kind : registry, cohort)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Created<CreatedDto>, ProblemHttpResult>> CreateRegistry(FiliereCensusService s, HttpContext http, string acronym, RegistryBodyDto body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        return Created(await s.AddRegistryAsync(caller, acronym, body.ToInput(), ct), acronym, "registries", caller);
    }

    [EndpointName("UpdateNetworkRegistry")]
    [EndpointSummary("Modifie un registre ou une cohorte (le réseau reste dans la filière) ; If-Match : la version lue")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<CreatedDto>, ProblemHttpResult>> UpdateRegistry(FiliereCensusService s, HttpContext http, string acronym, string id, RegistryBodyDto body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!OfFiliere(id, "REG", acronym)) return ApiResults.Unknown($"Registre « {Cut(id)} » inconnu dans la filière {Cut(acronym)}.");
        if (!ApiResults.TryIfMatch(http!, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        return Done(await s.UpdateRegistryAsync(caller, id, body.ToInput(), ifMatch, ct), id, caller, "Registre refusé");
    }

    [EndpointName("DeleteNetworkRegistry")]
    [EndpointSummary("Supprime un registre ou une cohorte ; If-Match : la version lue")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteRegistry(FiliereCensusService s, HttpContext http, string acronym, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var caller = Caller.From(http?.User);
        if (!OfFiliere(id, "REG", acronym)) return ApiResults.Unknown($"Registre « {Cut(id)} » inconnu dans la filière {Cut(acronym)}.");
        if (!ApiResults.TryIfMatch(http!, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        return Deleted(await s.DeleteRegistryAsync(caller, id, ifMatch, ct), caller);
    }

    // ------------------------------------------------------------------ shared

    /// <summary>The audit id of the report a route names (<c>ACRONYM/YEAR</c>), for its ETag.</summary>
    public static string? ReportETagKey(HttpContext http) =>
        http.Request.RouteValues["acronym"] is { } a && http.Request.RouteValues["year"] is { } y ? $"{a}/{y}" : null;

    /// <summary>Ids carry their filière (<c>PA-CARDIOGEN-001</c>): an id of another filière under this route is unknown here.</summary>
    private static bool OfFiliere(string id, string stem, string acronym) =>
        id is { Length: <= 48 } && acronym is { Length: <= 32 } && id.StartsWith(stem + "-" + acronym + "-", StringComparison.Ordinal);

    private static Results<Created<CreatedDto>, ProblemHttpResult> Created((WriteResult Result, string? Id) r, string acronym, string what, Caller caller) =>
        r.Result.Status == WriteStatus.Ok
            ? TypedResults.Created($"{Routes.Api.Filieres}/{Uri.EscapeDataString(acronym)}/census/{what}/{r.Id}", new CreatedDto(r.Id!, r.Result.CurrentVersion ?? 1))
            : Problem(r.Result, caller, "Ligne refusée");

    private static Results<Ok<CreatedDto>, ProblemHttpResult> Done(WriteResult r, string id, Caller caller, string title) =>
        r.Status == WriteStatus.Ok ? TypedResults.Ok(new CreatedDto(id, r.CurrentVersion ?? 0)) : Problem(r, caller, title);

    private static Results<NoContent, ProblemHttpResult> Deleted(WriteResult r, Caller caller) =>
        r.Status == WriteStatus.Ok ? TypedResults.NoContent() : Problem(r, caller, "Suppression refusée");

    private static ProblemHttpResult Problem(WriteResult result, Caller caller, string title) => result.Status switch
    {
        WriteStatus.Forbidden when !caller.IsAuthenticated => Unauthorized(),
        WriteStatus.Forbidden => TypedResults.Problem(statusCode: 403, title: "Accès refusé",
            detail: result.Errors.FirstOrDefault()?.Message ?? "Seuls le coordonnateur de la filière et le ministère modifient ces informations."),
        WriteStatus.NotFound => ApiResults.Unknown("Filière, année ou ligne inconnue."),
        WriteStatus.Stale => (ProblemHttpResult)ApiResults.Stale(result.Errors.FirstOrDefault()?.Message, result.CurrentVersion),
        WriteStatus.Conflict => TypedResults.Problem(statusCode: 409, title: "Conflit", detail: result.Errors.FirstOrDefault()?.Message),
        WriteStatus.Ok or WriteStatus.Invalid => TypedResults.Problem(new HttpValidationProblemDetails(
            result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
        {
            Status = StatusCodes.Status422UnprocessableEntity, Title = title, Detail = string.Join(" ", result.Errors.Select(e => e.Message)),
        }),
    };

    private static ProblemHttpResult Unauthorized() => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
        detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …).");

    private static ProblemHttpResult UnknownFiliere(string acronym) => ApiResults.Unknown($"Filière « {Cut(acronym)} » inconnue.");

    private static ProblemHttpResult UnknownReport(string acronym, int year) =>
        ApiResults.Unknown($"Filière « {Cut(acronym)} » inconnue, ou aucune campagne ne couvre l'année {year}.");

    private static string Cut(string? s) => s is null ? "" : s.Length > 40 ? s[..40] + "…" : s;
}
