using System.Globalization;
using Maillage.Core.Features.Registry;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain.Reports;
using Maillage.Web.Exports;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Reports;

/// <summary>
/// The annual reports' handlers: call <see cref="ReportService"/>, <see cref="ReportQueries"/> or <see cref="ReportTransfer"/>
/// with the caller, map the answer (401 anonymous, 403 out of scope, 404 unknown centre or year, 412 stale If-Match,
/// 422 a rule of the report). <see cref="ReadAsync"/> and <see cref="DashboardTable"/> are shared with the pages.
/// </summary>
public static class ReportHandlers
{
    [EndpointName("ListReports")]
    [EndpointSummary("Rapports annuels que l'appelant peut lire, page par page (filtres : année, filière, région, établissement, centre, statut, type, recherche ; tri)")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized)]
    public static async Task<Results<Ok<PageDto<ReportRowDto>>, ProblemHttpResult>> List(
        ReportQueries q, RegistryQueries registry, HttpContext http, [AsParameters] ReportListFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(filter);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthorized();
        if (!TryStatus(filter.Status, out var s, out var bad)) return bad!;
        if (!TryPageQuery(filter.Type, filter.Sort, filter.Order, out var kind, out var sort, out var descending, out var badQuery)) return badQuery!;
        var (page, size) = Maillage.Web.Api.Registry.Paging.Of(filter);
        var result = await q.PageAsync(caller, new ReportPageQuery(
            new ReportFilter(filter.Year, ApiResults.Clean(filter.Filiere), ApiResults.Clean(filter.Region), ApiResults.Clean(filter.Establishment), ApiResults.Clean(filter.CentreId), s),
            kind, ApiResults.Clean(filter.Q), sort, descending, page, size), ct);
        return TypedResults.Ok(new PageDto<ReportRowDto>(result.Items.Select(ReportRowDto.From).ToList(), result.Total, result.PageNumber, result.PageSize, await registry.IsDemoAsync(ct)));
    }

    /// <summary>Parses the list's <c>type</c>, <c>sort</c> and <c>order</c> (shared with the page, which falls back to the defaults).</summary>
    public static bool TryPageQuery(string? type, string? sortText, string? order, out Maillage.Domain.Referential.SiteKind? kind, out ReportSort sort,
        out bool descending, out ProblemHttpResult? problem)
    {
        kind = null;
        sort = ReportSort.Year;
        descending = false;
        problem = null;
        if (ApiResults.Clean(type) is { } t)
        {
            if (!Maillage.Domain.Referential.Codes.Kinds.TryParse(t, out var k))
            {
                problem = ApiResults.Invalid($"Paramètre « type » : valeur « {t} » inconnue ({string.Join(", ", Maillage.Domain.Referential.Codes.Kinds.Codes)}).");
                return false;
            }
            kind = k;
        }
        if (ApiResults.Clean(sortText) is { } st)
        {
            var found = Enum.GetValues<ReportSort>().Where(v => string.Equals(v.ToString(), st, StringComparison.OrdinalIgnoreCase)).ToList();
            if (found.Count == 0)
            {
                problem = ApiResults.Invalid($"Paramètre « sort » : valeur « {st} » inconnue (year, centre, establishment, region, status).");
                return false;
            }
            sort = found[0];
        }
        switch (ApiResults.Clean(order)?.ToLowerInvariant())
        {
            case null or "asc": break;
            case "desc": descending = true; break;
            default:
                problem = ApiResults.Invalid($"Paramètre « order » : valeur « {order} » inconnue (asc, desc).");
                return false;
        }
        return true;
    }

    [EndpointName("GetReport")]
    [EndpointSummary("Un rapport annuel (ou un brouillon pré-rempli par l'activité mesurée s'il n'existe pas encore), avec déclaré / mesuré et conformité")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> Get(ReportService s, HttpContext http, string centreId, int year, CancellationToken ct) =>
        await ReadAsync(s, Caller.From(http?.User), centreId, year, ct) is { } r ? (r.Result is { } problem ? problem : TypedResults.Ok(r.Dto!)) : NotFound(centreId, year);

    [EndpointName("SaveReport")]
    [EndpointSummary("Enregistre le contenu d'un rapport en brouillon (le crée au besoin) et recalcule sa conformité ; If-Match : la version lue (ETag), 412 si le rapport a changé depuis")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest),
     ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> Save(
        ReportService s, HttpContext http, string centreId, int year, ReportFieldsDto body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!ApiResults.TryIfMatch(http!, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var result = await s.SaveAsync(caller, centreId, year, body.ToInput(), ifMatch, ct);
        return await AfterWriteAsync(s, caller, centreId, year, result, ct);
    }

    [EndpointName("TransitionReport")]
    [EndpointSummary("Fait avancer le rapport : submit (responsable), return / validate / transmit (direction de l'établissement), reopen (ministère, motif obligatoire)")]
    [ProducesProblem(StatusCodes.Status412PreconditionFailed), ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity),
     ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> Transition(
        ReportService s, HttpContext http, string centreId, int year, TransitionInput body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthorized();
        var action = Enum.GetValues<ReportAction>().Where(a => a != ReportAction.Save).FirstOrDefault(a => string.Equals(a.Code(), body.Action, StringComparison.Ordinal), ReportAction.Save);
        if (action == ReportAction.Save)
            return ApiResults.Invalid($"Action « {body.Action} » inconnue (submit, return, validate, transmit, reopen).");
        if (!ApiResults.TryIfMatch(http!, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var result = await s.TransitionAsync(caller, centreId, year, action, body.Reason, ifMatch, ct);
        return await AfterWriteAsync(s, caller, centreId, year, result, ct);
    }

    [EndpointName("DecideReportException")]
    [EndpointSummary("Accepte (avec le texte de la décision) ou retire l'acceptation de l'exception demandée par le site — administration nationale")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest),
     ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> DecideException(
        ReportService s, HttpContext http, string centreId, int year, ExceptionDecisionInput body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        var result = await s.DecideExceptionAsync(caller, centreId, year, body.Accept, body.Note, ct);
        return await AfterWriteAsync(s, caller, centreId, year, result, ct);
    }

    [EndpointName("GetReportCompliance")]
    [EndpointSummary("Constats de conformité d'un rapport enregistré (règle, attendu, constaté, source) et verdict")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<ComplianceResultDto>, ProblemHttpResult>> Compliance(
        ReportService s, HttpContext http, string centreId, int year, CancellationToken ct)
    {
        var read = await ReadAsync(s, Caller.From(http?.User), centreId, year, ct);
        if (read is null) return NotFound(centreId, year);
        if (read.Result is { } problem) return problem;
        var d = read.Dto!;
        return TypedResults.Ok(new ComplianceResultDto(d.CentreId, d.Year, d.Verdict, read.EvaluatedAt, $"{year}-12-31", d.Findings, d.Exception));
    }

    [EndpointName("GetReportChecklist")]
    [EndpointSummary("Liste de contrôle avant soumission : chaque rubrique obligatoire complète, manquante ou à corriger")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<ChecklistDto>, ProblemHttpResult>> Checklist(
        ReportService s, HttpContext http, string centreId, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthorized();
        var (status, checklist) = await s.ChecklistAsync(caller, centreId, year, ct);
        return status switch
        {
            WriteStatus.Ok => TypedResults.Ok(ChecklistDto.From(checklist!)),
            WriteStatus.NotFound => NotFound(centreId, year),
            _ => Forbidden(),
        };
    }

    [EndpointName("GetReportPdf")]
    [EndpointSummary("Le rapport en PDF (imprimable) : rubriques, publications, projets, liste de contrôle d'un brouillon, constats de conformité")]
    [ProducesFile("application/pdf"), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Pdf(
        ReportService s, HttpContext http, string centreId, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthorized();
        var (status, pdf, name) = await s.PdfAsync(caller, centreId, year, ct);
        return status switch
        {
            WriteStatus.Ok => TypedResults.File(pdf!, "application/pdf", name),
            WriteStatus.NotFound => NotFound(centreId, year),
            _ => Forbidden(),
        };
    }

    [EndpointName("ExportReports")]
    [EndpointSummary("Exporte les rapports lisibles par l'appelant (CSV ou XLSX, format docs/formats/annual-reports.md)")]
    [ProducesFile(TableExport.CsvContentType), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized)]
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        ReportTransfer t, HttpContext http, [AsParameters] ReportExportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(filter);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthorized();
        if (ExportFormats.Sheet.Parse(filter.Format, out var format) is { } badFormat) return badFormat;
        var sheet = await t.ExportAsync(caller, new ReportFilter(filter.Year, filter.Filiere, filter.Region, filter.Establishment), ct);
        return File(sheet, format, "rapports-annuels");
    }

    [EndpointName("ImportReports")]
    [EndpointSummary("Importe des rapports (CSV ou XLSX) : tout ou rien, erreurs localisées (fichier, ligne, champ) ; un fichier réimporté ne change rien")]
    [RequireAntiforgeryToken(false)]
    [ProducesResponseType<ReportImportDto>(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status401Unauthorized)]
    public static async Task<Results<Ok<ReportImportDto>, UnprocessableEntity<ReportImportDto>, JsonHttpResult<ReportImportDto>, ProblemHttpResult>> Import(
        ReportTransfer t, HttpContext http, IFormFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(file);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthorized();
        if (file.Length > 50_000_000) return ApiResults.Invalid("Fichier trop volumineux (50 Mo au plus).");
        using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        var name = Path.GetFileName(file.FileName);
        ReportImportResult result;
        try
        {
            result = await t.ImportAsync(caller, name, ReportTransfer.ReadFile(name, ms.ToArray()), ct);
        }
        catch (ReportFileException ex)
        {
            result = new ReportImportResult(0, 0, 0, 0, [ex.Error]);
        }
        var dto = ReportImportDto.From(result);
        if (result.Ok) return TypedResults.Ok(dto);
        // Only out-of-scope rows: the caller may not write them (403); otherwise the file is at fault (422).
        if (result.Errors.All(e => e.Field == "centre_id" && e.Message.Contains("périmètre", StringComparison.Ordinal)))
            return TypedResults.Json(dto, statusCode: StatusCodes.Status403Forbidden);
        return TypedResults.UnprocessableEntity(dto);
    }

    [EndpointName("GetComplianceDashboard")]
    [EndpointSummary("Tableau de bord de conformité des rapports validés ou transmis : verdicts par année, non-conformes par filière et région, activité insuffisante")]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    public static async Task<Results<Ok<DashboardDto>, ProblemHttpResult>> Dashboard(
        ReportQueries q, HttpContext http, [AsParameters] DashboardFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(filter);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthorized();
        var network = filter.Network;
        var d = await q.DashboardAsync(caller, new ReportFilter(filter.Year, filter.Filiere, filter.Region, Network: string.IsNullOrWhiteSpace(network) ? null : network.Trim()), ct);
        return TypedResults.Ok(new DashboardDto(d.Year, d.Trend, d.ByFiliere, d.ByRegion, d.NonCompliant.Select(ReportRowDto.From).ToList(),
            d.InsufficientActivity.Select(ReportRowDto.From).ToList(), d.ByNetwork ?? []));
    }

    [EndpointName("ExportComplianceDashboard")]
    [EndpointSummary("Exporte les verdicts et constats des rapports validés ou transmis (CSV ou XLSX)")]
    [ProducesFile(TableExport.CsvContentType), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized)]
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DashboardExport(
        ReportQueries q, HttpContext http, [AsParameters] DashboardExportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(filter);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthorized();
        if (ExportFormats.Sheet.Parse(filter.Format, out var format) is { } badFormat) return badFormat;
        var table = DashboardTable(await q.ListAsync(caller, new ReportFilter(filter.Year, filter.Filiere, filter.Region), ct));
        var name = "conformite-" + (filter.Year?.ToString(CultureInfo.InvariantCulture) ?? "toutes-annees");
        return format == ExportFormat.Xlsx
            ? TypedResults.File(TableExport.Xlsx(table), TableExport.XlsxContentType, name + ".xlsx")
            : TypedResults.File(TableExport.Csv(table), TableExport.CsvContentType, name + ".csv");
    }

    /// <summary>One line per finding of the official (validated or transmitted) reports.</summary>
    public static ExportTable DashboardTable(IEnumerable<ReportRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var lines = new List<IReadOnlyList<string?>>();
        foreach (var r in rows.Where(r => r.Status.IsLocked()))
            foreach (var f in r.Findings)
                lines.Add([r.CentreId, r.CentreName, r.Kind, r.Year.ToString(CultureInfo.InvariantCulture), string.Join(",", r.Filieres), r.Region,
                    r.Status.Code(), r.Verdict, f.Criterion, f.Rule, f.Status, f.Expected, f.Actual, f.Source]);
        return new ExportTable("conformite", ["centre_id", "centre", "kind", "year", "filieres", "region", "report_status", "verdict",
            "criterion", "rule", "status", "expected", "actual", "source"], lines);
    }

    /// <summary>The audit id of the report a route names (<c>CENTRE/YEAR</c>), for its ETag.</summary>
    public static string? ETagKey(HttpContext http) =>
        http.Request.RouteValues["centreId"] is { } c && http.Request.RouteValues["year"] is { } y ? $"{c}/{y}" : null;

    private static FileContentHttpResult File(TableSheet sheet, ExportFormat format, string name)
    {
        if (format == ExportFormat.Xlsx)
        {
            var ms = new MemoryStream();
            XlsxTable.Write(ms, [sheet]);
            return TypedResults.File(ms.ToArray(), TableExport.XlsxContentType, name + ".xlsx");
        }
        return TypedResults.File(CsvTable.ToBytes(sheet.Header, sheet.Rows.Select(r => (IReadOnlyList<string?>)r.Cells)), TableExport.CsvContentType, name + ".csv");
    }

    private static bool TryStatus(string? text, out ReportStatus? status, out ProblemHttpResult? problem)
    {
        status = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (ReportWorkflow.TryParseStatus(text, out var s)) { status = s; return true; }
        problem = ApiResults.Invalid($"Paramètre « status » : valeur « {text} » inconnue (draft, submitted, validated, transmitted).");
        return false;
    }

    private static ProblemHttpResult Unauthorized() => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
        detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …).");

    private static ProblemHttpResult NotFound(string centreId, int year) => ApiResults.Unknown($"Centre « {centreId} » inconnu, ou aucune campagne ne couvre l'année {year}.");

    public sealed record ReadResult(ReportDto? Dto, ProblemHttpResult? Result, DateTimeOffset? EvaluatedAt);

    /// <summary>The report as the caller may see it; null when the centre or the year's campaign is unknown.</summary>
    public static async Task<ReadResult?> ReadAsync(ReportService s, Caller caller, string centreId, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) return new(null, Unauthorized(), null);
        var read = await s.ReadAsync(caller, centreId, year, ct);
        if (read.Status == WriteStatus.NotFound) return null;
        if (read.Status != WriteStatus.Ok) return new(null, Forbidden(), null);
        var (report, site, stored) = (read.Report!, read.Site!, read.Stored);
        return new(await ToDtoAsync(s, caller, site, report, stored, ct), null, stored ? report.EvaluatedAt : null);
    }

    private static ProblemHttpResult Forbidden() => TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "Votre périmètre ne couvre pas ce rapport.");

    public static async Task<ReportDto> ToDtoAsync(ReportService s, Caller caller, ReportSite site, AnnualReport r, bool stored, CancellationToken ct)
    {
        var comparison = await s.CompareAsync(r, ct);
        var calendar = s.CalendarOf(r);
        var deadline = calendar.Deadline;
        var actor = ReportService.ActorFor(caller, site);
        var context = new ReportContext(s.Today, deadline, r.ReopenedAt is not null, "motif");
        var allowed = Enum.GetValues<ReportAction>()
            .Where(a => (stored || a == ReportAction.Save) && ReportWorkflow.Decide(r.Status, a, actor, context).Allowed).Select(a => a.Code()).ToList();
        var input = ReportInput.From(r);
        var projects = input.ResearchProjects;
        return new ReportDto(r.CentreId, site.Centre.Name, Maillage.Domain.Referential.Codes.Code(site.Kind), site.Field is { } f ? Maillage.Domain.Referential.Codes.Code(f) : null,
            r.Year, r.Campaign, r.Status.Code(), stored, deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), calendar.DeadlinePassed,
            ReportFieldsDto.From(input), projects is null ? null : ReportRules.FundedPiProjects5y(projects, r.Year),
            comparison.Select(ComparisonDto.From).ToList(), comparison.Any(c => c.Measured is not null), r.Verdict, ReportJson.Findings(r),
            new ReportExceptionDto(r.ClaimedException, r.ExceptionJustification, r.ExceptionAcceptedAt is not null, r.ExceptionAcceptedBy, r.ExceptionAcceptedAt, r.ExceptionDecisionNote),
            allowed, stored ? r.UpdatedBy : null, stored ? r.UpdatedAt : null, r.SubmittedBy, r.SubmittedAt, r.ValidatedBy, r.ValidatedAt,
            r.TransmittedBy, r.TransmittedAt, r.ReopenedBy, r.ReopenedAt, r.LastReason, r.Fictitious, stored ? r.Version : 0,
            calendar.DataEntryCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), calendar.WindowOpens.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            calendar.SubmittedLate, calendar.Warnings,
            ReportDraft.WarningsOf(r).Select(w => new FieldWarningDto(w.Field, w.Message)).ToList(), ReportDraft.RawOf(r), ChecklistDto.From(ReportDraft.ChecklistOf(r)));
    }

    private static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> AfterWriteAsync(ReportService s, Caller caller, string centreId, int year, WriteResult result, CancellationToken ct)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                var read = await ReadAsync(s, caller, centreId, year, ct);
                if (read?.Result is { } problem) return problem;
                return TypedResults.Ok(read!.Dto!);
            case WriteStatus.Forbidden when !caller.IsAuthenticated:
                return Unauthorized();
            case WriteStatus.Forbidden:
                return TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: result.Errors.FirstOrDefault()?.Message ?? "Votre périmètre ne couvre pas ce rapport.");
            case WriteStatus.NotFound:
                return NotFound(centreId, year);
            case WriteStatus.Stale:
                return (ProblemHttpResult)ApiResults.Stale(result.Errors.FirstOrDefault()?.Message, result.CurrentVersion);
            default:
                var problem422 = new HttpValidationProblemDetails(
                    result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
                {
                    Status = StatusCodes.Status422UnprocessableEntity, Title = "Rapport refusé", Detail = string.Join(" ", result.Errors.Select(e => e.Message)),
                };
                // A submission refused as incomplete answers the checklist, so the client shows what to complete.
                if (result.Errors.Any(e => e.Rule == ReportService.IncompleteRule) && (await s.ChecklistAsync(caller, centreId, year, ct)).Checklist is { } checklist)
                {
                    problem422.Title = "Rapport incomplet : soumission refusée";
                    problem422.Extensions["checklist"] = ChecklistDto.From(checklist);
                }
                return TypedResults.Problem(problem422);
        }
    }
}
