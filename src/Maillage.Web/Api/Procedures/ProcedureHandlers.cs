using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using static Maillage.Web.Api.Procedures.DossierAnswers;

namespace Maillage.Web.Api.Procedures;

/// <summary>
/// The procedures' handlers (successions of a centre head or a filière coordinator, change of seat, and the dossiers of
/// the calls): open a dossier, fill its sections, documents and opinions, move it through its states, read its decision
/// and export it; the caller's tasks and notifications; the yearly list. Each calls <see cref="ProcedureService"/> with
/// the caller and answers through <see cref="DossierAnswers"/>.
/// </summary>
public static class ProcedureHandlers
{
    [EndpointName("ListDossiers")]
    [EndpointSummary("Les dossiers de procédure visibles par l'appelant")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<Ok<List<DossierSummaryDto>>, ProblemHttpResult>> List(
        ProcedureService s, HttpContext http, [AsParameters] DossierListQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(query);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        DossierState? state = null;
        if (query.State is not null)
        {
            if (!ProcedureCodes.TryParse<DossierState>(query.State, out var parsed))
                return ApiResults.Invalid($"Paramètre « state » : valeur « {query.State} » inconnue. Valeurs admises : {string.Join(", ", Enum.GetValues<DossierState>().Select(x => x.Code()))}.");
            state = parsed;
        }
        var list = await s.ListAsync(caller, state, ct);
        return TypedResults.Ok(list.Select(DossierSummaryDto.From).ToList());
    }

    [EndpointName("OpenDossier")]
    [EndpointSummary("Ouvrir un dossier (succession, changement d'établissement siège d'un centre ou d'une filière)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Created<DossierDto>, ProblemHttpResult>> Open(ProcedureService s, HttpContext http, OpenDossierInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(input);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        if (!ProcedureCodes.TryParse<ProcedureKind>(input.Kind, out var kind))
            return ApiResults.Invalid($"Champ « kind » : valeur « {input.Kind} » inconnue. Valeurs admises : {string.Join(", ", Enum.GetValues<ProcedureKind>().Select(x => x.Code()))}.");
        var successor = input.Successor?.ToInput() ?? new SuccessorInput(null, null, null, null, null, null, null, null, null, null);
        if (input.Successor?.Status is { } st && successor.Status is null)
            return ApiResults.Invalid($"Champ « successor.status » : valeur « {st} » inconnue (pu_ph, mcu_ph, ph_full_time, ph_part_time, contractual, consultant_professor).");
        var r = kind switch
        {
            ProcedureKind.CentreHeadSuccession => await s.OpenCentreHeadSuccessionAsync(caller, input.CentreId ?? "", successor, input.EffectiveDate, input.Deadline, ct),
            ProcedureKind.FiliereCoordinatorSuccession => await s.OpenFiliereCoordinatorSuccessionAsync(caller, input.Filiere ?? "", successor, input.EffectiveDate, input.Deadline, ct),
            ProcedureKind.FiliereSeatChange => await s.OpenFiliereSeatChangeAsync(caller, input.Filiere ?? "", input.ReceivingFiness ?? "", input.EffectiveDate, ct),
            _ => await s.OpenSeatChangeAsync(caller, input.CentreId ?? "", input.ReceivingFiness ?? "", input.EffectiveDate, ct),
        };
        if (r.Status != ProcedureStatus.Ok) return Problem(r, caller);
        return TypedResults.Created($"{Routes.Api.Dossiers}/{r.DossierId}", await DetailAsync(s, caller, r.DossierId!, ct));
    }

    [EndpointName("GetDossier")]
    [EndpointSummary("Un dossier : pièces attendues et fournies, avis, sections, éligibilité, actions possibles, historique")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<DossierDto>, ProblemHttpResult>> Get(ProcedureService s, HttpContext http, string id, CancellationToken ct)
    {
        var (d, caller, problem) = await ReadableAsync(s, http, id, ct);
        if (problem is not null) return problem;
        return TypedResults.Ok(await DetailAsync(s, caller, d!, ct));
    }

    [EndpointName("PutDossierSection")]
    [EndpointSummary("Écrire une section du dossier (projet pour une mission…) ; If-Match : la version du dossier lue (ETag), 412 s'il a changé depuis")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict),
     ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<DossierDto>, ProblemHttpResult>> PutSection(ProcedureService s, HttpContext http, string id, string key, SectionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(input);
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        return await WriteAsync(s, http, id, caller => s.PutSectionAsync(caller, id, key, input.Text, ifMatch, ct), ct);
    }

    [EndpointName("UploadDossierDocument")]
    [EndpointSummary("Déposer la pièce (PDF) d'un élément attendu : multipart « file », ou le PDF en corps (application/pdf, ?file_name=) ; lettre de soutien cosignée : ?cosigners=ASSO-1,ASSO-2")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Ok<DossierDto>, ProblemHttpResult>> UploadDocument(
        ProcedureService s, HttpContext http, string id, string item, [AsParameters] DocumentUploadQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(query);
        byte[] content;
        string fileName;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            if (form.Files.GetFile("file") is not { } file) return ApiResults.Invalid("Joignez le PDF dans le champ « file » (multipart/form-data).");
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
            fileName = query.FileName ?? $"{item}.pdf";
        }
        var cosigners = (query.Cosigners ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return await WriteAsync(s, http, id, caller => s.UploadDocumentAsync(caller, id, item, fileName, content, cosigners, ct), ct);
    }

    [EndpointName("GetDossierDocument")]
    [EndpointSummary("Télécharger une pièce du dossier (PDF)")]
    [ProducesFile("application/pdf"), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Document(ProcedureService s, HttpContext http, string id, int documentId, CancellationToken ct)
    {
        var (d, _, problem) = await ReadableAsync(s, http, id, ct);
        if (problem is not null) return problem;
        var doc = d!.Documents.FirstOrDefault(x => x.Id == documentId);
        return doc is null ? ApiResults.Unknown($"Document {documentId} introuvable dans le dossier {id}.") : TypedResults.File(doc.Content, "application/pdf", doc.FileName);
    }

    [EndpointName("GiveDossierOpinion")]
    [EndpointSummary("Donner un avis attendu (favorable, réservé, défavorable — motivé, avec éventuellement un autre candidat) ; l'avis du comité de gouvernance d'une filière nomme la réunion du comité qui l'a rendu (meeting_id), tenue et dont le compte rendu est déposé")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict),
     ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<DossierDto>, ProblemHttpResult>> GiveOpinion(ProcedureService s, HttpContext http, string id, string item, OpinionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(input);
        if (!ProcedureCodes.TryParse<OpinionValue>(input.Value, out var value))
            return ApiResults.Invalid($"Champ « value » : valeur « {input.Value} » inconnue. Valeurs admises : favourable, reserved, unfavourable.");
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        return await WriteAsync(s, http, id, caller => s.GiveOpinionAsync(caller, id, item, value, input.Reasons, input.AlternativeCandidate, input.MeetingId, ifMatch, ct), ct);
    }

    [EndpointName("MoveDossier")]
    [EndpointSummary("Faire avancer un dossier : submit, return, refer_to_committee, committee_opinion, approve, reject, withdraw")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict),
     ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<DossierDto>, ProblemHttpResult>> Move(ProcedureService s, HttpContext http, string id, DossierTransitionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(input);
        if (!ProcedureCodes.TryParse<DossierAction>(input.Action, out var action))
            return ApiResults.Invalid($"Champ « action » : valeur « {input.Action} » inconnue. Valeurs admises : {string.Join(", ", Enum.GetValues<DossierAction>().Select(x => x.Code()))}.");
        OpinionValue? opinion = null;
        if (input.Opinion is not null)
        {
            if (!ProcedureCodes.TryParse<OpinionValue>(input.Opinion, out var o))
                return ApiResults.Invalid($"Champ « opinion » : valeur « {input.Opinion} » inconnue. Valeurs admises : favourable, reserved, unfavourable.");
            opinion = o;
        }
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        return await WriteAsync(s, http, id, caller => s.TransitionAsync(caller, id, action, input.Note, opinion, ifMatch, ct), ct);
    }

    [EndpointName("GetDossierDecision")]
    [EndpointSummary("La décision (ou le projet de décision) en PDF")]
    [ProducesFile("application/pdf"), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Decision(ProcedureService s, HttpContext http, string id, CancellationToken ct)
    {
        var (d, _, problem) = await ReadableAsync(s, http, id, ct);
        if (problem is not null) return problem;
        var req = await s.RequirementsAsync(d!, ct);
        var recipients = (await s.RecipientsAsync(d!, ct)).Select(r => r.Label).ToList();
        return TypedResults.File(DossierExport.DecisionLetter(d!, req, recipients), "application/pdf", $"{d!.Id}-decision.pdf");
    }

    [EndpointName("ExportDossier")]
    [EndpointSummary("Export complet du dossier (ZIP : pièces, avis, décision, historique)")]
    [ProducesFile("application/zip"), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(ProcedureService s, HttpContext http, string id, CancellationToken ct)
    {
        var (d, caller, problem) = await ReadableAsync(s, http, id, ct);
        if (problem is not null) return problem;
        var req = await s.RequirementsAsync(d!, ct);
        var recipients = (await s.RecipientsAsync(d!, ct)).Select(r => r.Label).ToList();
        var ms = new MemoryStream();
        var parts = new Dictionary<string, object>(StringComparer.Ordinal);
        if (await PlatformAsync(s, d!, ct) is { } platform) parts["platform.json"] = platform;
        // The jury's reviews are the ministry's: in its export only.
        if (d!.CallId is not null && caller.Role == UserRole.NationalAdmin && await JuryAsync(s, caller, d, ct) is { } jury) parts["jury.json"] = jury;
        await DossierExport.WriteZipAsync(ms, d, req, recipients, parts, await s.MayReadSuccessorIdentityAsync(caller, d, ct), ct);
        return TypedResults.File(ms.ToArray(), "application/zip", $"{d.Id}.zip");
    }

    [EndpointName("ListMyTasks")]
    [EndpointSummary("Ce qui attend l'appelant : pièces et avis à fournir, dossiers à instruire")]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    public static async Task<Results<Ok<List<TaskDto>>, ProblemHttpResult>> Tasks(ProcedureService s, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        return TypedResults.Ok((await s.TasksAsync(caller, ct)).Select(t => new TaskDto(t.DossierId, t.DossierTitle, t.ItemId, t.What, t.Deadline, t.Link)).ToList());
    }

    [EndpointName("GetYearlyList")]
    [EndpointSummary("La liste annuelle des centres labellisés au 31 décembre (annexe de l'arrêté, transmise à Orphanet) et ses différences avec l'année précédente")]
    [ProducesFile("text/csv"), ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<Ok<YearlyList>, FileContentHttpResult, ProblemHttpResult>> YearlyList(
        ProcedureReads reads, HttpContext http, int year, [AsParameters] YearlyListQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(query);
        if (await reads.YearlyListAsync(Caller.From(http?.User), year, ct) is not { } list)
            return ApiResults.Invalid($"Année « {year} » hors de la plage 2000–2100.");
        if (ExportFormats.YearlyList.Parse(query.Format, out var format) is { } problem) return problem;
        return format switch
        {
            ExportFormat.Csv => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(YearlyLists.ToCsv(list)), "text/csv; charset=utf-8", $"liste-centres-{year}.csv"),
            ExportFormat.ChangesCsv => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(YearlyLists.ChangesToCsv(list)), "text/csv; charset=utf-8", $"liste-centres-{year}-modifications.csv"),
            ExportFormat.Pdf => TypedResults.File(YearlyLists.ToPdf(list), "application/pdf", $"liste-centres-{year}.pdf"),
            ExportFormat.Json or ExportFormat.Xlsx or ExportFormat.Zip => TypedResults.Ok(list), // only json is offered among these
        };
    }

    [EndpointName("ListMyNotifications")]
    [EndpointSummary("Les notifications de l'appelant (rôle et périmètre)")]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    public static async Task<Results<Ok<List<NotificationDto>>, ProblemHttpResult>> Notifications(
        ProcedureService s, HttpContext http, [AsParameters] NotificationQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(query);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        return TypedResults.Ok((await s.InboxAsync(caller, Math.Clamp(query.Take ?? 50, 1, 500), ct))
            .Select(n => new NotificationDto(n.Id, n.DossierId, n.Reason, n.RecipientLabel, n.Subject, n.Body, n.CreatedAt)).ToList());
    }

    /// <summary>The dossier if the signed-in caller may read it; else the problem (401, 404, 403).</summary>
    private static async Task<(Dossier? Dossier, Caller Caller, ProblemHttpResult? Problem)> ReadableAsync(ProcedureService s, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return (null, caller, Unauthenticated());
        var d = await s.LoadAsync(id, ct);
        if (d is null) return (null, caller, ApiResults.Unknown($"Dossier « {id} » introuvable."));
        if (!await s.CanReadAsync(caller, d, ct)) return (null, caller, Forbidden());
        return (d, caller, null);
    }
}
