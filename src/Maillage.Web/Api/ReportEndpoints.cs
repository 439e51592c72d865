using System.Globalization;
using System.Text.Json.Serialization;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Core.Features.Registry;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Reports;
using Maillage.Web.Exports;
using Microsoft.AspNetCore.Mvc;
using Maillage.Web.Errors;

namespace Maillage.Web.Api;

public sealed record ReportFieldsDto(
    int? ActivePatients, int? Consultations, int? DayHospitalStays, int? FullHospitalStays, int? ExpertOpinions, int? RcpOrganised,
    int? RcpAttended, int? EtpProgrammes, int? PndsWritten, int? PndsUpdated, int? TeleExpertise, bool? BndmrEntry,
    IReadOnlyList<Publication>? Publications, IReadOnlyList<ResearchProject>? ResearchProjects, [property: JsonPropertyName("sigaps_points_4y")] int? SigapsPoints4y,
    int? DuDiuCoordinated, string? OtherTeaching, int? AssociationConventions, bool? ActionPlanRevised, string? ClaimedException,
    string? ExceptionJustification)
{
    public ReportInput ToInput() => new()
    {
        ActivePatients = ActivePatients, Consultations = Consultations, DayHospitalStays = DayHospitalStays, FullHospitalStays = FullHospitalStays,
        ExpertOpinions = ExpertOpinions, RcpOrganised = RcpOrganised, RcpAttended = RcpAttended, EtpProgrammes = EtpProgrammes,
        PndsWritten = PndsWritten, PndsUpdated = PndsUpdated, TeleExpertise = TeleExpertise, BndmrEntry = BndmrEntry, Publications = Publications,
        ResearchProjects = ResearchProjects, SigapsPoints4y = SigapsPoints4y, DuDiuCoordinated = DuDiuCoordinated, OtherTeaching = OtherTeaching,
        AssociationConventions = AssociationConventions, ActionPlanRevised = ActionPlanRevised, ClaimedException = ClaimedException,
        ExceptionJustification = ExceptionJustification,
    };

    public static ReportFieldsDto From(ReportInput i) => new(i.ActivePatients, i.Consultations, i.DayHospitalStays, i.FullHospitalStays,
        i.ExpertOpinions, i.RcpOrganised, i.RcpAttended, i.EtpProgrammes, i.PndsWritten, i.PndsUpdated, i.TeleExpertise, i.BndmrEntry,
        i.Publications, i.ResearchProjects, i.SigapsPoints4y, i.DuDiuCoordinated, i.OtherTeaching, i.AssociationConventions,
        i.ActionPlanRevised, i.ClaimedException, i.ExceptionJustification);
}

/// <summary>Declared vs measured; <c>flagged</c> when |declared − measured| / measured &gt; 0.10 (any non-zero declared figure when measured is 0).</summary>
public sealed record ComparisonDto(string Field, string Label, int? Declared, int? Measured, decimal? GapPercent, bool Flagged)
{
    public static ComparisonDto From(ActivityComparison c) => new(c.Field, c.Label, c.Declared, c.Measured, c.GapPercent, c.Flagged);
}

public sealed record ReportExceptionDto(string? Claimed, string? Justification, bool Accepted, string? AcceptedBy, DateTimeOffset? AcceptedAt, string? DecisionNote);

public sealed record ComplianceResultDto(string CentreId, int Year, string? Verdict, DateTimeOffset? EvaluatedAt, string AsOf, IReadOnlyList<StoredFinding> Findings, ReportExceptionDto Exception);

public sealed record ReportDto(
    string CentreId, string CentreName, string Kind, string? Field, int Year, string Campaign, string Status, bool Saved, string Deadline,
    bool DeadlinePassed, ReportFieldsDto Fields, [property: JsonPropertyName("funded_pi_projects_5y")] int? FundedPiProjects5y, IReadOnlyList<ComparisonDto> Comparison, bool MeasuredActivity,
    string? Verdict, IReadOnlyList<StoredFinding> Findings, ReportExceptionDto Exception, IReadOnlyList<string> AllowedActions,
    string? UpdatedBy, DateTimeOffset? UpdatedAt, string? SubmittedBy, DateTimeOffset? SubmittedAt, string? ValidatedBy, DateTimeOffset? ValidatedAt,
    string? TransmittedBy, DateTimeOffset? TransmittedAt, string? ReopenedBy, DateTimeOffset? ReopenedAt, string? LastReason, bool Fictitious,
    int Version);

public sealed record ReportRowDto(string CentreId, string CentreName, string Kind, int Year, string Status, string? Verdict, string Establishment,
    string EstablishmentName, string? Region, IReadOnlyList<string> Filieres, DateTimeOffset UpdatedAt, bool Fictitious)
{
    public static ReportRowDto From(ReportRow r) => new(r.CentreId, r.CentreName, r.Kind, r.Year, r.Status.Code(), r.Verdict, r.Establishment,
        r.EstablishmentName, r.Region, r.Filieres, r.UpdatedAt, r.Fictitious);
}

public sealed record TransitionInput(string Action, string? Reason);

public sealed record ExceptionDecisionInput(bool Accept, string? Note);

public sealed record DashboardDto(int? Year, IReadOnlyList<VerdictCount> Trend, IReadOnlyList<GroupCount> ByFiliere, IReadOnlyList<GroupCount> ByRegion,
    IReadOnlyList<ReportRowDto> NonCompliant, IReadOnlyList<ReportRowDto> InsufficientActivity, IReadOnlyList<GroupCount> ByNetwork);

public sealed record ReportImportDto(bool Applied, int Rows, int Created, int Updated, int Unchanged, IReadOnlyList<ImportErrorDto> Errors)
{
    public static ReportImportDto From(ReportImportResult r) => new(r.Ok, r.Rows, r.Created, r.Updated, r.Unchanged,
        r.Errors.Select(e => new ImportErrorDto(e.File, e.Line, e.Field, e.Message)).ToList());
}

/// <summary>
/// Annual reports (<c>/api/v1/reports</c>) and compliance on stored reports (<c>/api/v1/compliance/dashboard</c>):
/// the same <see cref="ReportService"/> as the pages. Signed-in callers only, scoped (docs/adr/0007-annual-reports.md).
/// </summary>
public static class ReportEndpoints
{
    public static void MapReportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Prefix).WithTags("Rapports annuels et conformité").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/reports", async Task<IResult> (ReportQueries q, HttpContext http, int? year, string? filiere, string? region,
                string? establishment, [FromQuery(Name = "centre_id")] string? centreId, string? status, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthorized();
                if (!TryStatus(status, out var s, out var bad)) return bad!;
                var rows = await q.ListAsync(caller, new ReportFilter(year, filiere, region, establishment, centreId, s), ct);
                return TypedResults.Ok(rows.Select(ReportRowDto.From).ToList());
            })
            .WithName("ListReports").WithSummary("Rapports annuels que l'appelant peut lire (filtres : année, filière, région, établissement, centre, statut)")
            .Produces<List<ReportRowDto>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/reports/{centreId}/{year:int}", async Task<IResult> (ReportService s, HttpContext http, string centreId, int year, CancellationToken ct) =>
                await ReadAsync(s, Caller.From(http.User), centreId, year, ct) is { } r ? r.Result ?? TypedResults.Ok(r.Dto) : NotFound(centreId, year))
            .WithName("GetReport").WithVersionETag("annual_report", ReportETagKey).WithSummary("Un rapport annuel (ou un brouillon pré-rempli par l'activité mesurée s'il n'existe pas encore), avec déclaré / mesuré et conformité")
            .Produces<ReportDto>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/reports/{centreId}/{year:int}", async Task<IResult> (ReportService s, HttpContext http, string centreId, int year, ReportFieldsDto body, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return badTag!;
                var result = await s.SaveAsync(caller, centreId, year, body.ToInput(), ifMatch, ct);
                return await AfterWriteAsync(s, caller, centreId, year, result, ct);
            })
            .WithName("SaveReport").WithVersionETag("annual_report", ReportETagKey)
            .WithSummary("Enregistre le contenu d'un rapport en brouillon (le crée au besoin) et recalcule sa conformité ; If-Match : la version lue (ETag), 412 si le rapport a changé depuis")
            .Produces<ReportDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesVersionProblems();

        api.MapPost("/reports/{centreId}/{year:int}/transitions", async Task<IResult> (ReportService s, HttpContext http, string centreId, int year, TransitionInput body, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthorized();
                var action = Enum.GetValues<ReportAction>().Where(a => a != ReportAction.Save).FirstOrDefault(a => string.Equals(a.Code(), body.Action, StringComparison.Ordinal), ReportAction.Save);
                if (action == ReportAction.Save)
                    return ApiResults.BadRequest($"Action « {body.Action} » inconnue (submit, return, validate, transmit, reopen).");
                if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return badTag!;
                var result = await s.TransitionAsync(caller, centreId, year, action, body.Reason, ifMatch, ct);
                return await AfterWriteAsync(s, caller, centreId, year, result, ct);
            })
            .WithName("TransitionReport").WithVersionETag("annual_report", ReportETagKey).ProducesVersionProblems().WithSummary("Fait avancer le rapport : submit (responsable), return / validate / transmit (direction de l'établissement), reopen (ministère, motif obligatoire)")
            .Produces<ReportDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/reports/{centreId}/{year:int}/exception", async Task<IResult> (ReportService s, HttpContext http, string centreId, int year, ExceptionDecisionInput body, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                var result = await s.DecideExceptionAsync(caller, centreId, year, body.Accept, body.Note, ct);
                return await AfterWriteAsync(s, caller, centreId, year, result, ct);
            })
            .WithName("DecideReportException").WithVersionETag("annual_report", ReportETagKey).WithSummary("Accepte (avec le texte de la décision) ou retire l'acceptation de l'exception demandée par le site — administration nationale")
            .Produces<ReportDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/reports/{centreId}/{year:int}/compliance", async Task<IResult> (ReportService s, HttpContext http, string centreId, int year, CancellationToken ct) =>
            {
                var read = await ReadAsync(s, Caller.From(http.User), centreId, year, ct);
                if (read is null) return NotFound(centreId, year);
                if (read.Result is { } problem) return problem;
                var d = read.Dto!;
                return TypedResults.Ok(new ComplianceResultDto(d.CentreId, d.Year, d.Verdict, read.EvaluatedAt, $"{year}-12-31", d.Findings, d.Exception));
            })
            .WithName("GetReportCompliance").WithSummary("Constats de conformité d'un rapport enregistré (règle, attendu, constaté, source) et verdict")
            .Produces<ComplianceResultDto>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/reports/export", async Task<IResult> (ReportTransfer t, HttpContext http, string? format, int? year, string? filiere, string? region, string? establishment, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthorized();
                format = (format ?? "csv").ToLowerInvariant();
                if (format is not ("csv" or "xlsx")) return ApiResults.BadRequest("Paramètre « format » : csv ou xlsx.");
                var sheet = await t.ExportAsync(caller, new ReportFilter(year, filiere, region, establishment), ct);
                return File(sheet, format, "rapports-annuels");
            })
            .WithName("ExportReports").WithSummary("Exporte les rapports lisibles par l'appelant (CSV ou XLSX, format docs/formats/annual-reports.md)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapPost("/reports/import", async Task<IResult> (ReportTransfer t, HttpContext http, IFormFile file, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthorized();
                if (file.Length > 50_000_000) return ApiResults.BadRequest("Fichier trop volumineux (50 Mo au plus).");
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
                return result.Errors.All(e => e.Field == "centre_id" && e.Message.Contains("périmètre", StringComparison.Ordinal))
                    ? TypedResults.Json(dto, statusCode: StatusCodes.Status403Forbidden)
                    : TypedResults.UnprocessableEntity(dto);
            })
            .WithName("ImportReports").WithSummary("Importe des rapports (CSV ou XLSX) : tout ou rien, erreurs localisées (fichier, ligne, champ) ; un fichier réimporté ne change rien")
            .DisableAntiforgery()
            .Produces<ReportImportDto>().Produces<ReportImportDto>(StatusCodes.Status422UnprocessableEntity).Produces<ReportImportDto>(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/compliance/dashboard", async Task<IResult> (ReportQueries q, HttpContext http, int? year, string? filiere, string? region, string? network, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthorized();
                var d = await q.DashboardAsync(caller, new ReportFilter(year, filiere, region, Network: string.IsNullOrWhiteSpace(network) ? null : network.Trim()), ct);
                return TypedResults.Ok(new DashboardDto(d.Year, d.Trend, d.ByFiliere, d.ByRegion, d.NonCompliant.Select(ReportRowDto.From).ToList(),
                    d.InsufficientActivity.Select(ReportRowDto.From).ToList(), d.ByNetwork ?? []));
            })
            .WithName("GetComplianceDashboard").WithSummary("Tableau de bord de conformité des rapports validés ou transmis : verdicts par année, non-conformes par filière et région, activité insuffisante")
            .Produces<DashboardDto>().ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/compliance/dashboard/export", async Task<IResult> (ReportQueries q, HttpContext http, string? format, int? year, string? filiere, string? region, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthorized();
                format = (format ?? "csv").ToLowerInvariant();
                if (format is not ("csv" or "xlsx")) return ApiResults.BadRequest("Paramètre « format » : csv ou xlsx.");
                var table = DashboardTable(await q.ListAsync(caller, new ReportFilter(year, filiere, region), ct));
                var name = "conformite-" + (year?.ToString(CultureInfo.InvariantCulture) ?? "toutes-annees");
                return format == "xlsx"
                    ? TypedResults.File(TableExport.Xlsx(table), TableExport.XlsxContentType, name + ".xlsx")
                    : TypedResults.File(TableExport.Csv(table), TableExport.CsvContentType, name + ".csv");
            })
            .WithName("ExportComplianceDashboard").WithSummary("Exporte les verdicts et constats des rapports validés ou transmis (CSV ou XLSX)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status401Unauthorized);
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
    private static string? ReportETagKey(HttpContext http) =>
        http.Request.RouteValues["centreId"] is { } c && http.Request.RouteValues["year"] is { } y ? $"{c}/{y}" : null;

    private static IResult File(TableSheet sheet, string format, string name)
    {
        if (format == "xlsx")
        {
            var ms = new MemoryStream();
            XlsxTable.Write(ms, [sheet]);
            return TypedResults.File(ms.ToArray(), TableExport.XlsxContentType, name + ".xlsx");
        }
        return TypedResults.File(CsvTable.ToBytes(sheet.Header, sheet.Rows.Select(r => (IReadOnlyList<string?>)r.Cells)), TableExport.CsvContentType, name + ".csv");
    }

    private static bool TryStatus(string? text, out ReportStatus? status, out IResult? problem)
    {
        status = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (ReportWorkflow.TryParseStatus(text, out var s)) { status = s; return true; }
        problem = ApiResults.BadRequest($"Paramètre « status » : valeur « {text} » inconnue (draft, submitted, validated, transmitted).");
        return false;
    }

    private static IResult Unauthorized() => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
        detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …).");

    private static IResult NotFound(string centreId, int year) => ApiResults.NotFound($"Centre « {centreId} » inconnu, ou aucune campagne ne couvre l'année {year}.");

    public sealed record ReadResult(ReportDto? Dto, IResult? Result, DateTimeOffset? EvaluatedAt);

    /// <summary>The report as the caller may see it; null when the centre or the year's campaign is unknown.</summary>
    public static async Task<ReadResult?> ReadAsync(ReportService s, Caller caller, string centreId, int year, CancellationToken ct)
    {
        if (!caller.IsAuthenticated) return new(null, Unauthorized(), null);
        var site = await s.SiteAsync(centreId, year, ct);
        if (site is null) return null;
        var loaded = await s.LoadOrNewAsync(centreId, year, ct);
        if (loaded is null) return null;
        var (report, stored) = loaded.Value;
        if (!ReportService.CanRead(caller, site, report.Status))
            return new(null, TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "Votre périmètre ne couvre pas ce rapport."), null);
        if (!stored) s.Evaluate(report, site);
        return new(await ToDtoAsync(s, caller, site, report, stored, ct), null, stored ? report.EvaluatedAt : null);
    }

    public static async Task<ReportDto> ToDtoAsync(ReportService s, Caller caller, ReportSite site, AnnualReport r, bool stored, CancellationToken ct)
    {
        var comparison = await s.CompareAsync(r, ct);
        var deadline = ReportService.DeadlineOf(r.Year)!.Value;
        var actor = ReportService.ActorFor(caller, site);
        var context = new ReportContext(s.Today, deadline, r.ReopenedAt is not null, "motif");
        var allowed = Enum.GetValues<ReportAction>()
            .Where(a => (stored || a == ReportAction.Save) && ReportWorkflow.Decide(r.Status, a, actor, context).Allowed).Select(a => a.Code()).ToList();
        var input = ReportInput.From(r);
        var projects = input.ResearchProjects;
        return new ReportDto(r.CentreId, site.Centre.Name, Maillage.Domain.Referential.Codes.Code(site.Kind), site.Field is { } f ? Maillage.Domain.Referential.Codes.Code(f) : null,
            r.Year, r.Campaign, r.Status.Code(), stored, deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.Today > deadline,
            ReportFieldsDto.From(input), projects is null ? null : ReportRules.FundedPiProjects5y(projects, r.Year),
            comparison.Select(ComparisonDto.From).ToList(), comparison.Any(c => c.Measured is not null), r.Verdict, ReportJson.Findings(r),
            new ReportExceptionDto(r.ClaimedException, r.ExceptionJustification, r.ExceptionAcceptedAt is not null, r.ExceptionAcceptedBy, r.ExceptionAcceptedAt, r.ExceptionDecisionNote),
            allowed, stored ? r.UpdatedBy : null, stored ? r.UpdatedAt : null, r.SubmittedBy, r.SubmittedAt, r.ValidatedBy, r.ValidatedAt,
            r.TransmittedBy, r.TransmittedAt, r.ReopenedBy, r.ReopenedAt, r.LastReason, r.Fictitious, stored ? r.Version : 0);
    }

    private static async Task<IResult> AfterWriteAsync(ReportService s, Caller caller, string centreId, int year, WriteResult result, CancellationToken ct)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                var read = await ReadAsync(s, caller, centreId, year, ct);
                return read?.Result ?? TypedResults.Ok(read!.Dto);
            case WriteStatus.Forbidden when !caller.IsAuthenticated:
                return Unauthorized();
            case WriteStatus.Forbidden:
                return TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: result.Errors.FirstOrDefault()?.Message ?? "Votre périmètre ne couvre pas ce rapport.");
            case WriteStatus.NotFound:
                return NotFound(centreId, year);
            case WriteStatus.Stale:
                return ApiResults.Stale(result.Errors.FirstOrDefault()?.Message, result.CurrentVersion);
            default:
                return Results.ValidationProblem(
                    result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                    title: "Rapport refusé", detail: string.Join(" ", result.Errors.Select(e => e.Message)), statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }
}
