using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Maillage.Web.Errors;

namespace Maillage.Web.Api;

/// <summary>
/// The procedures API (successions of a centre head or a filière coordinator, change of seat): open a dossier, fill its
/// sections, documents and opinions, move it through its states, read its decision and export it; the caller's task
/// list and notifications. Everything needs a signed-in caller; each action is scoped to the party the annex names.
/// </summary>
public static class ProcedureEndpoints
{
    public static void MapProcedureApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Prefix).WithTags("Procédures").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/procedures/dossiers", async Task<IResult> (ProcedureService s, HttpContext http, [FromQuery] string? state, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                DossierState? st = null;
                if (state is not null)
                {
                    if (!ProcedureCodes.TryParse<DossierState>(state, out var parsed))
                        return ApiResults.BadRequest($"Paramètre « state » : valeur « {state} » inconnue. Valeurs admises : {string.Join(", ", Enum.GetValues<DossierState>().Select(x => x.Code()))}.");
                    st = parsed;
                }
                var list = await s.ListAsync(caller, st, ct);
                return TypedResults.Ok(list.Select(DossierSummaryDto.From).ToList());
            })
            .WithName("ListDossiers").WithSummary("Les dossiers de procédure visibles par l'appelant")
            .Produces<List<DossierSummaryDto>>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapPost("/procedures/dossiers", async Task<IResult> (ProcedureService s, HttpContext http, OpenDossierInput input, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                if (!ProcedureCodes.TryParse<ProcedureKind>(input.Kind, out var kind))
                    return ApiResults.BadRequest($"Champ « kind » : valeur « {input.Kind} » inconnue. Valeurs admises : {string.Join(", ", Enum.GetValues<ProcedureKind>().Select(x => x.Code()))}.");
                var successor = input.Successor?.ToInput() ?? new SuccessorInput(null, null, null, null, null, null, null, null, null, null);
                if (input.Successor?.Status is { } st && successor.Status is null)
                    return ApiResults.BadRequest($"Champ « successor.status » : valeur « {st} » inconnue (pu_ph, mcu_ph, ph_full_time, ph_part_time, contractual, consultant_professor).");
                var r = kind switch
                {
                    ProcedureKind.CentreHeadSuccession => await s.OpenCentreHeadSuccessionAsync(caller, input.CentreId ?? "", successor, input.EffectiveDate, input.Deadline, ct),
                    ProcedureKind.FiliereCoordinatorSuccession => await s.OpenFiliereCoordinatorSuccessionAsync(caller, input.Filiere ?? "", successor, input.EffectiveDate, input.Deadline, ct),
                    ProcedureKind.FiliereSeatChange => await s.OpenFiliereSeatChangeAsync(caller, input.Filiere ?? "", input.ReceivingFiness ?? "", input.EffectiveDate, ct),
                    _ => await s.OpenSeatChangeAsync(caller, input.CentreId ?? "", input.ReceivingFiness ?? "", input.EffectiveDate, ct),
                };
                if (r.Status != ProcedureStatus.Ok) return Problem(r, caller);
                var dto = await DetailAsync(s, caller, r.DossierId!, ct);
                return TypedResults.Created($"{Routes.Api.Dossiers}/{r.DossierId}", dto);
            })
            .WithName("OpenDossier").WithSummary("Ouvrir un dossier (succession, changement d'établissement siège d'un centre ou d'une filière)")
            .Produces<DossierDto>(StatusCodes.Status201Created).ProducesWriteProblems().ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/procedures/dossiers/{id}", async Task<IResult> (ProcedureService s, HttpContext http, string id, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                var d = await s.LoadAsync(id, ct);
                if (d is null) return ApiResults.NotFound($"Dossier « {id} » introuvable.");
                if (!await s.CanReadAsync(caller, d, ct)) return Forbidden();
                return TypedResults.Ok(await DetailAsync(s, caller, d, ct));
            })
            .WithName("GetDossier").WithVersionETag("dossier").WithSummary("Un dossier : pièces attendues et fournies, avis, sections, éligibilité, actions possibles, historique")
            .Produces<DossierDto>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/procedures/dossiers/{id}/sections/{key}", async Task<IResult> (ProcedureService s, HttpContext http, string id, string key, SectionInput input, CancellationToken ct) =>
                !ApiResults.TryIfMatch(http, out var ifMatch, out var badTag) ? badTag!
                    : await Write(s, http, id, (caller) => s.PutSectionAsync(caller, id, key, input.Text, ifMatch, ct), ct))
            .WithName("PutDossierSection").WithVersionETag("dossier").WithSummary("Écrire une section du dossier (projet pour une mission…) ; If-Match : la version du dossier lue (ETag), 412 s'il a changé depuis")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesVersionProblems();

        api.MapPost("/procedures/dossiers/{id}/documents/{item}", async Task<IResult> (ProcedureService s, HttpContext http, string id, string item, CancellationToken ct) =>
            {
                byte[] content;
                string fileName;
                if (http.Request.HasFormContentType)
                {
                    var form = await http.Request.ReadFormAsync(ct);
                    if (form.Files.GetFile("file") is not { } file) return ApiResults.BadRequest("Joignez le PDF dans le champ « file » (multipart/form-data).");
                    if (file.Length > ProcedureService.MaxDocumentBytes)
                        return Problem(ProcedureResult.Invalid(new FieldError("file", $"{file.FileName} : au-delà de la taille maximale de {ProcedureService.MaxDocumentBytes / 1024 / 1024} Mo.")), Caller.From(http.User));
                    using var ms = new MemoryStream();
                    await file.CopyToAsync(ms, ct);
                    content = ms.ToArray();
                    fileName = file.FileName;
                }
                else
                {
                    using var ms = new MemoryStream();
                    await http.Request.Body.CopyToAsync(ms, ct);
                    content = ms.ToArray();
                    fileName = http.Request.Query["file_name"].FirstOrDefault() ?? $"{item}.pdf";
                }
                var cosigners = (http.Request.Query["cosigners"].FirstOrDefault() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return await Write(s, http, id, caller => s.UploadDocumentAsync(caller, id, item, fileName, content, cosigners, ct), ct);
            })
            .WithName("UploadDossierDocument").WithSummary("Déposer la pièce (PDF) d'un élément attendu : multipart « file », ou le PDF en corps (application/pdf, ?file_name=) ; lettre de soutien cosignée : ?cosigners=ASSO-1,ASSO-2")
            .DisableAntiforgery().Accepts<IFormFile>("multipart/form-data", "application/pdf")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/procedures/dossiers/{id}/documents/{documentId:int}", async Task<IResult> (ProcedureService s, HttpContext http, string id, int documentId, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                var d = await s.LoadAsync(id, ct);
                if (d is null) return ApiResults.NotFound($"Dossier « {id} » introuvable.");
                if (!await s.CanReadAsync(caller, d, ct)) return Forbidden();
                var doc = d.Documents.FirstOrDefault(x => x.Id == documentId);
                return doc is null ? ApiResults.NotFound($"Document {documentId} introuvable dans le dossier {id}.") : TypedResults.File(doc.Content, "application/pdf", doc.FileName);
            })
            .WithName("GetDossierDocument").WithSummary("Télécharger une pièce du dossier (PDF)")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/procedures/dossiers/{id}/opinions/{item}", async Task<IResult> (ProcedureService s, HttpContext http, string id, string item, OpinionInput input, CancellationToken ct) =>
            {
                if (!ProcedureCodes.TryParse<OpinionValue>(input.Value, out var value))
                    return ApiResults.BadRequest($"Champ « value » : valeur « {input.Value} » inconnue. Valeurs admises : favourable, reserved, unfavourable.");
                if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return badTag!;
                return await Write(s, http, id, caller => s.GiveOpinionAsync(caller, id, item, value, input.Reasons, input.AlternativeCandidate, input.MeetingId, ifMatch, ct), ct);
            })
            .WithName("GiveDossierOpinion").WithVersionETag("dossier").ProducesVersionProblems().WithSummary("Donner un avis attendu (favorable, réservé, défavorable — motivé, avec éventuellement un autre candidat) ; l'avis du comité de gouvernance d'une filière nomme la réunion du comité qui l'a rendu (meeting_id), tenue et dont le compte rendu est déposé")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/procedures/dossiers/{id}/transitions", async Task<IResult> (ProcedureService s, HttpContext http, string id, DossierTransitionInput input, CancellationToken ct) =>
            {
                if (!ProcedureCodes.TryParse<DossierAction>(input.Action, out var action))
                    return ApiResults.BadRequest($"Champ « action » : valeur « {input.Action} » inconnue. Valeurs admises : {string.Join(", ", Enum.GetValues<DossierAction>().Select(x => x.Code()))}.");
                OpinionValue? opinion = null;
                if (input.Opinion is not null)
                {
                    if (!ProcedureCodes.TryParse<OpinionValue>(input.Opinion, out var o))
                        return ApiResults.BadRequest($"Champ « opinion » : valeur « {input.Opinion} » inconnue. Valeurs admises : favourable, reserved, unfavourable.");
                    opinion = o;
                }
                if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return badTag!;
                return await Write(s, http, id, caller => s.TransitionAsync(caller, id, action, input.Note, opinion, ifMatch, ct), ct);
            })
            .WithName("MoveDossier").WithVersionETag("dossier").ProducesVersionProblems().WithSummary("Faire avancer un dossier : submit, return, refer_to_committee, committee_opinion, approve, reject, withdraw")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/procedures/dossiers/{id}/decision.pdf", async Task<IResult> (ProcedureService s, HttpContext http, string id, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                var d = await s.LoadAsync(id, ct);
                if (d is null) return ApiResults.NotFound($"Dossier « {id} » introuvable.");
                if (!await s.CanReadAsync(caller, d, ct)) return Forbidden();
                var req = await s.RequirementsAsync(d, ct);
                var recipients = (await s.RecipientsAsync(d, ct)).Select(r => r.Label).ToList();
                return TypedResults.File(DossierExport.DecisionLetter(d, req, recipients), "application/pdf", $"{d.Id}-decision.pdf");
            })
            .WithName("GetDossierDecision").WithSummary("La décision (ou le projet de décision) en PDF")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/procedures/dossiers/{id}/export", async Task<IResult> (ProcedureService s, HttpContext http, string id, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                var d = await s.LoadAsync(id, ct);
                if (d is null) return ApiResults.NotFound($"Dossier « {id} » introuvable.");
                if (!await s.CanReadAsync(caller, d, ct)) return Forbidden();
                var req = await s.RequirementsAsync(d, ct);
                var recipients = (await s.RecipientsAsync(d, ct)).Select(r => r.Label).ToList();
                var ms = new MemoryStream();
                var parts = new Dictionary<string, object>(StringComparer.Ordinal);
                if (await PlatformEndpoints.PlatformAsync(s, d, ct) is { } platform) parts["platform.json"] = platform;
                // The jury's reviews are the ministry's: in its export only.
                if (d.CallId is not null && caller.Role == UserRole.NationalAdmin && await JuryAsync(s, caller, d, ct) is { } jury) parts["jury.json"] = jury;
                await DossierExport.WriteZipAsync(ms, d, req, recipients, parts, await s.MayReadSuccessorIdentityAsync(caller, d, ct), ct);
                return TypedResults.File(ms.ToArray(), "application/zip", $"{d.Id}.zip");
            })
            .WithName("ExportDossier").WithSummary("Export complet du dossier (ZIP : pièces, avis, décision, historique)")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/procedures/tasks", async Task<IResult> (ProcedureService s, HttpContext http, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                return TypedResults.Ok((await s.TasksAsync(caller, ct)).Select(t => new TaskDto(t.DossierId, t.DossierTitle, t.ItemId, t.What, t.Deadline, t.Link)).ToList());
            })
            .WithName("ListMyTasks").WithSummary("Ce qui attend l'appelant : pièces et avis à fournir, dossiers à instruire")
            .Produces<List<TaskDto>>().ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/labelling/lists/{year:int}", async Task<IResult> (ProcedureReads reads, HttpContext http, int year, [FromQuery] string? format, CancellationToken ct) =>
            {
                if (await reads.YearlyListAsync(Caller.From(http.User), year, ct) is not { } list)
                    return ApiResults.BadRequest($"Année « {year} » hors de la plage 2000–2100.");
                return format switch
                {
                    null or "json" => TypedResults.Ok(list),
                    "csv" => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(YearlyLists.ToCsv(list)), "text/csv; charset=utf-8", $"liste-centres-{year}.csv"),
                    "changes.csv" => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(YearlyLists.ChangesToCsv(list)), "text/csv; charset=utf-8", $"liste-centres-{year}-modifications.csv"),
                    "pdf" => TypedResults.File(YearlyLists.ToPdf(list), "application/pdf", $"liste-centres-{year}.pdf"),
                    _ => ApiResults.BadRequest($"Paramètre « format » : valeur « {format} » inconnue (json, csv, changes.csv, pdf)."),
                };
            })
            .WithName("GetYearlyList").WithSummary("La liste annuelle des centres labellisés au 31 décembre (annexe de l'arrêté, transmise à Orphanet) et ses différences avec l'année précédente")
            .Produces<YearlyList>().Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/notifications", async Task<IResult> (ProcedureService s, HttpContext http, [FromQuery] int? take, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                return TypedResults.Ok((await s.InboxAsync(caller, Math.Clamp(take ?? 50, 1, 500), ct))
                    .Select(n => new NotificationDto(n.Id, n.DossierId, n.Reason, n.RecipientLabel, n.Subject, n.Body, n.CreatedAt)).ToList());
            })
            .WithName("ListMyNotifications").WithSummary("Les notifications de l'appelant (rôle et périmètre)")
            .Produces<List<NotificationDto>>().ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> Write(ProcedureService s, HttpContext http, string id, Func<Caller, Task<ProcedureResult>> action, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        var r = await action(caller);
        return r.Status == ProcedureStatus.Ok ? TypedResults.Ok(await DetailAsync(s, caller, id, ct)) : Problem(r, caller);
    }

    /// <summary>The dossier as read after an action (loaded again: the action changed it).</summary>
    public static async Task<DossierDto> DetailAsync(ProcedureService s, Caller caller, string id, CancellationToken ct) =>
        await DetailAsync(s, caller, (await s.LoadAsync(id, ct))!, ct);

    public static async Task<DossierDto> DetailAsync(ProcedureService s, Caller caller, Dossier d, CancellationToken ct)
    {
        var req = await s.RequirementsAsync(d, ct);
        var gaps = ProcedureService.Gaps(d, req);
        var eligibility = await s.EligibilityAtStartAsync(d, ct);
        var items = new List<DossierItemDto>();
        foreach (var i in req.Items)
        {
            var doc = d.Documents.FirstOrDefault(x => x.ItemId == i.Id);
            var op = d.Opinions.FirstOrDefault(o => o.ItemId == i.Id);
            items.Add(new DossierItemDto(i.Id, i.Number, i.Label, i.Type == ItemType.Document ? "document" : "opinion", i.Party.Code(), i.TargetId, i.TargetLabel,
                i.Required, doc is not null || op is not null, await s.CanProvideAsync(caller, d, i, ct),
                doc is null ? null : new DocumentDto(doc.Id, doc.FileName, doc.Size, doc.Sha256, doc.PageCount, doc.UploadedBy, doc.UploadedAt),
                op is null ? null : new OpinionDto(op.Value.Code(), op.Reasons, op.AlternativeCandidate, op.GivenBy, op.GivenAt, op.GovernanceMeetingId,
                    op.GovernanceMeetingId is { } mid ? await s.GovernanceMeetingDateAsync(mid, ct) : null)));
        }
        var isAuthor = await s.IsAuthorAsync(caller, d, ct);
        var actions = DossierStateMachine.AllowedActions(d.Kind, d.State)
            .Where(a => DossierStateMachine.Actor(a) is Party.Ministry or Party.FollowUpCommittee ? caller.Role == UserRole.NationalAdmin : isAuthor)
            .Select(a => a.Code()).ToList();
        return new DossierDto(d.Id, d.Kind.Code(), d.State.Code(), d.State.Label(), d.Title, d.CentreId, d.FiliereAcronym, d.SeatFiness, d.OtherFiness,
            d.OutgoingPersonId,
            await s.MayReadSuccessorIdentityAsync(caller, d, ct)
                ? new SuccessorDto(d.SuccessorPersonId, d.SuccessorDisplayName, d.SuccessorRpps, d.SuccessorStatus, d.SuccessorBirthDate, d.SuccessorClinicalActivity)
                : new SuccessorDto(d.SuccessorPersonId, d.SuccessorDisplayName, null, null, null, null),
            d.EffectiveDate, d.Deadline, d.CreatedBy, d.CreatedAt, d.SubmittedAt, d.CommitteeOpinion?.Code(), d.CommitteeReasons, d.DecidedAt, d.DecisionText,
            d.ReturnReason, d.MandateFrom, d.MandateTo, d.ListYear,
            req.Sections.Select(sec => new SectionDto(sec.Key, sec.Label, sec.Required, d.Sections.FirstOrDefault(x => x.Key == sec.Key)?.Text)).ToList(),
            items, gaps.Select(g => new GapDto(g.ItemOrSection, g.Message)).ToList(),
            eligibility is null ? null : new EligibilityDto(eligibility.Eligible, eligibility.Checks.Select(c => new EligibilityCheckDto(c.Rule, c.Passed, c.Message, c.Source)).ToList()),
            actions, isAuthor,
            d.Events.OrderBy(x => x.At).ThenBy(x => x.Id).Select(x => new DossierEventDto(x.At, x.UserName, x.Action, x.FromState?.Code(), x.ToState?.Code(), x.Note)).ToList(),
            d.CallId, d.NetworkId, await SitesAsync(s, d, ct), await JuryAsync(s, caller, d, ct), await PlatformEndpoints.PlatformAsync(s, d, ct), d.Version);
    }

    private static async Task<IReadOnlyList<ApplicationSiteDto>?> SitesAsync(ProcedureService s, Dossier d, CancellationToken ct)
    {
        if (d.Kind != ProcedureKind.LabellingApplication) return null;
        var sites = await s.ApplicationSitesAsync(d, ct);
        return sites.Select(x =>
        {
            var row = d.Sites.First(r => r.CentreId == x.CentreId);
            return new ApplicationSiteDto(x.CentreId, x.Name, ApplicationRoleCode(x), LabellingRequirements.RoleLabel(x), x.EstablishmentFiness, x.HeadCount,
                row.Decision is { } dec ? LabelDecisionCode(dec) : null, row.Reservations, row.KeepsCompetenceLabel);
        }).ToList();
    }

    /// <summary>The jury's assignments and reviews: the ministry sees them all, an assigned member his or her own.</summary>
    private static async Task<IReadOnlyList<AssignmentDto>?> JuryAsync(ProcedureService s, Caller caller, Dossier d, CancellationToken ct)
    {
        if (d.CallId is null) return null;
        var views = await s.JuryAssignmentsAsync(d.Id, ct);
        return views.Where(v => caller.Role == UserRole.NationalAdmin || v.Member.UserName == caller.UserName)
            .Select(v => new AssignmentDto(v.Member.Id, v.Member.DisplayName, v.Member.Seat.Code(), v.Review?.Score, v.Review?.Recommendation.Code(), v.Review?.Comments,
                v.Review?.SubmittedAt)).ToList();
    }

    public static string ApplicationRoleCode(ApplicationSite x) => (x.ProposedKind, x.ProposedRole) switch
    {
        (CentreKind.ReferenceSite, SiteRole.Coordinating) => "coordinating",
        (CentreKind.ReferenceSite, _) => "constitutive",
        (CentreKind.CompetenceCentre, _) => "competence",
        _ => "resource",
    };

    /// <summary>A label decision as the JSON writes enums (snake_case).</summary>
    public static string LabelDecisionCode(LabelDecision d) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(d.ToString());

    public static IResult Problem(ProcedureResult r, Caller caller) => r.Status switch
    {
        ProcedureStatus.NotFound => TypedResults.Problem(statusCode: 404, title: "Introuvable", detail: "Le dossier demandé n'existe pas."),
        ProcedureStatus.Forbidden when !caller.IsAuthenticated => Unauthenticated(),
        ProcedureStatus.Forbidden => Forbidden(),
        ProcedureStatus.Conflict => TypedResults.Problem(statusCode: 409, title: "Action impossible", detail: r.Errors.FirstOrDefault()?.Message),
        ProcedureStatus.Stale => ApiResults.Stale(r.Errors.FirstOrDefault()?.Message, r.CurrentVersion),
        _ => Results.ValidationProblem(r.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "Dossier non conforme", detail: string.Join(" ", r.Errors.Select(e => e.Message)), statusCode: StatusCodes.Status422UnprocessableEntity),
    };

    private static IResult Unauthenticated() => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
        detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …).");

    private static IResult Forbidden() => TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "Votre rôle ou votre périmètre ne vous permet pas cette action sur ce dossier.");
}

public sealed record SuccessorBody(string? PersonId, string? Title, string? FirstName, string? LastName, string? Rpps, string? Email, string? Status,
    DateOnly? BirthDate, bool? ClinicalActivity, string? Finess)
{
    public SuccessorInput ToInput()
    {
        // An unknown status stays null; the endpoint answers 400 for it.
        ApiResults.TryEnum<HeadStatus>(Status, "successor.status", out var status, out _);
        return new SuccessorInput(PersonId, Title, FirstName, LastName, Rpps, Email, status, BirthDate, ClinicalActivity, Finess);
    }
}

public sealed record OpenDossierInput(string Kind, string? CentreId, string? Filiere, string? ReceivingFiness, SuccessorBody? Successor, DateOnly? EffectiveDate, DateOnly? Deadline);
public sealed record SectionInput(string? Text);
/// <summary>An opinion; <see cref="MeetingId"/>: for the governance committee's opinion only, the committee's meeting that gave it.</summary>
public sealed record OpinionInput(string Value, string? Reasons, string? AlternativeCandidate, int? MeetingId = null);
public sealed record DossierTransitionInput(string Action, string? Note, string? Opinion);

public sealed record DossierSummaryDto(string Id, string Kind, string State, string StateLabel, string Title, string? CentreId, string? Filiere,
    DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, DateOnly? Deadline)
{
    public static DossierSummaryDto From(Dossier d) => new(d.Id, d.Kind.Code(), d.State.Code(), d.State.Label(), d.Title, d.CentreId, d.FiliereAcronym,
        d.CreatedAt, d.SubmittedAt, d.DecidedAt, d.Deadline);
}

public sealed record SuccessorDto(string? PersonId, string? Name, string? Rpps, HeadStatus? Status, DateOnly? BirthDate, bool? ClinicalActivity);
public sealed record SectionDto(string Key, string Label, bool Required, string? Text);
public sealed record DocumentDto(int Id, string FileName, long Size, string Sha256, int? PageCount, string UploadedBy, DateTimeOffset UploadedAt);
/// <summary>An opinion given; <see cref="MeetingId"/> and <see cref="MeetingDate"/>: the governance committee's meeting that gave it.</summary>
public sealed record OpinionDto(string Value, string? Reasons, string? AlternativeCandidate, string GivenBy, DateTimeOffset GivenAt, int? MeetingId = null, DateOnly? MeetingDate = null);
public sealed record DossierItemDto(string Id, int Number, string Label, string Type, string Party, string? TargetId, string? TargetLabel, bool Required,
    bool Provided, bool CanProvide, DocumentDto? Document, OpinionDto? Opinion);
public sealed record GapDto(string Item, string Message);
public sealed record EligibilityCheckDto(string Rule, bool Passed, string Message, string Source);
public sealed record EligibilityDto(bool Eligible, IReadOnlyList<EligibilityCheckDto> Checks);
public sealed record DossierEventDto(DateTimeOffset At, string User, string Action, string? From, string? To, string? Note);
public sealed record DossierDto(string Id, string Kind, string State, string StateLabel, string Title, string? CentreId, string? Filiere, string SeatFiness,
    string? OtherFiness, string? OutgoingPersonId, SuccessorDto Successor, DateOnly? EffectiveDate, DateOnly? Deadline, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt, string? CommitteeOpinion, string? CommitteeReasons, DateTimeOffset? DecidedAt, string? DecisionText, string? ReturnReason,
    DateOnly? MandateFrom, DateOnly? MandateTo, int? ListYear, IReadOnlyList<SectionDto> Sections, IReadOnlyList<DossierItemDto> Items,
    IReadOnlyList<GapDto> Gaps, EligibilityDto? Eligibility, IReadOnlyList<string> AllowedActions, bool IsAuthor, IReadOnlyList<DossierEventDto> History,
    string? CallId, string? NetworkId, IReadOnlyList<ApplicationSiteDto>? Sites, IReadOnlyList<AssignmentDto>? Jury, PlatformProjectDto? Platform,
    int Version);
public sealed record ApplicationSiteDto(string CentreId, string Name, string Role, string RoleLabel, string Finess, int Heads, string? Decision, string? Reservations,
    bool KeepsCompetenceLabel);
public sealed record AssignmentDto(int MemberId, string Member, string Seat, int? Score, string? Recommendation, string? Comments, DateTimeOffset? ReviewedAt);
public sealed record TaskDto(string DossierId, string DossierTitle, string? ItemId, string What, DateOnly? Deadline, string Link);
public sealed record NotificationDto(int Id, string? DossierId, string Reason, string Recipient, string Subject, string Body, DateTimeOffset CreatedAt);
