using System.Globalization;
using Maillage.Core.Features.Filieres;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Filieres;

/// <summary>
/// The governance handlers: call <see cref="GovernanceService"/> with the caller and map the answer (401 anonymous write,
/// 403 another filière's committee or minutes, 404 unknown filière or part, 412 stale If-Match, 422 a rule, naming the field).
/// </summary>
public static class FiliereHandlers
{
    [EndpointName("GetFiliereGovernance")]
    [EndpointSummary("Le comité de gouvernance d'une filière : membres par collège, règlement intérieur, réunions (ordre du jour), coordonnateurs successifs ; courriels et comptes rendus réservés à la coordination de la filière et au ministère")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<GovernanceDto>, ProblemHttpResult>> Get(GovernanceService s, HttpContext http, string acronym, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        return await s.ReadAsync(Caller.From(http?.User), acronym, ct) is { } v ? TypedResults.Ok(GovernanceDto.From(v)) : UnknownFiliere(acronym);
    }

    [EndpointName("AddGovernanceMember")]
    [EndpointSummary("Ajoute un siège au comité de gouvernance (collège, nom, fonction, structure, centre ou association du registre, courriel, dates) — coordination de la filière ou ministère ; If-Match : la version du comité")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<GovernanceDto>, ProblemHttpResult>> AddMember(GovernanceService s, HttpContext http, string acronym, GovernanceMemberBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        if (!TryMember(body, out var input, out var bad)) return bad!;
        return await WriteAsync(s, http, acronym, (caller, v) => s.AddMemberAsync(caller, acronym, input!, v, ct), ct);
    }

    [EndpointName("UpdateGovernanceMember")]
    [EndpointSummary("Modifie un siège du comité de gouvernance (tous ses champs) ; If-Match : la version du comité")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<GovernanceDto>, ProblemHttpResult>> UpdateMember(GovernanceService s, HttpContext http, string acronym, int memberId,
        GovernanceMemberBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        if (!TryMember(body, out var input, out var bad)) return bad!;
        return await WriteAsync(s, http, acronym, (caller, v) => s.UpdateMemberAsync(caller, acronym, memberId, input!, v, ct), ct);
    }

    [EndpointName("RemoveGovernanceMember")]
    [EndpointSummary("Retire un siège du comité de gouvernance (un membre sorti se garde plutôt avec sa date de fin) ; If-Match : la version du comité")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<GovernanceDto>, ProblemHttpResult>> RemoveMember(GovernanceService s, HttpContext http, string acronym, int memberId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        return await WriteAsync(s, http, acronym, (caller, v) => s.RemoveMemberAsync(caller, acronym, memberId, v, ct), ct);
    }

    [EndpointName("AddGovernanceMeeting")]
    [EndpointSummary("Ajoute une réunion du comité de gouvernance (date, ordre du jour) ; If-Match : la version du comité")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<GovernanceDto>, ProblemHttpResult>> AddMeeting(GovernanceService s, HttpContext http, string acronym, GovernanceMeetingBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        return await WriteAsync(s, http, acronym, (caller, v) => s.AddMeetingAsync(caller, acronym, new GovernanceMeetingInput(body.Date, body.Agenda), v, ct), ct);
    }

    [EndpointName("UpdateGovernanceMeeting")]
    [EndpointSummary("Modifie une réunion (date, ordre du jour) ; la date d'une réunion dont l'avis figure à un dossier ne change plus ; If-Match : la version du comité")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<GovernanceDto>, ProblemHttpResult>> UpdateMeeting(GovernanceService s, HttpContext http, string acronym, int meetingId,
        GovernanceMeetingBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        return await WriteAsync(s, http, acronym, (caller, v) => s.UpdateMeetingAsync(caller, acronym, meetingId, new GovernanceMeetingInput(body.Date, body.Agenda), v, ct), ct);
    }

    [EndpointName("RemoveGovernanceMeeting")]
    [EndpointSummary("Supprime une réunion et son compte rendu (refusé quand l'avis rendu à cette réunion figure à un dossier) ; If-Match : la version du comité")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<GovernanceDto>, ProblemHttpResult>> RemoveMeeting(GovernanceService s, HttpContext http, string acronym, int meetingId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        return await WriteAsync(s, http, acronym, (caller, v) => s.RemoveMeetingAsync(caller, acronym, meetingId, v, ct), ct);
    }

    [EndpointName("UploadGovernanceMinutes")]
    [EndpointSummary("Dépose le compte rendu (PDF, 10 Mo et 200 pages au plus) d'une réunion passée : multipart « file » ; If-Match : la version du comité")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<GovernanceDto>, ProblemHttpResult>> UploadMinutes(GovernanceService s, HttpContext http, string acronym, int meetingId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        var (file, bad) = await ReadPdfAsync(http, ct);
        if (bad is not null) return bad;
        return await WriteAsync(s, http, acronym, (caller, v) => s.UploadMinutesAsync(caller, acronym, meetingId, file!.Value.Name, file.Value.Content, v, ct), ct);
    }

    [EndpointName("UploadGovernanceRules")]
    [EndpointSummary("Dépose le règlement intérieur de la filière (PDF, 10 Mo et 200 pages au plus ; remplace le précédent) : multipart « file » et « adopted_on » (AAAA-MM-JJ, facultatif) ; If-Match : la version du comité")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<GovernanceDto>, ProblemHttpResult>> UploadRules(GovernanceService s, HttpContext http, string acronym, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        var (file, bad) = await ReadPdfAsync(http, ct);
        if (bad is not null) return bad;
        DateOnly? adopted = null;
        var text = http.Request.Form["adopted_on"].FirstOrDefault();
        if (!string.IsNullOrWhiteSpace(text))
        {
            if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return ApiResults.Invalid($"Champ « adopted_on » : « {(text.Length > 20 ? text[..20] + "…" : text)} » n'est pas une date AAAA-MM-JJ.");
            adopted = d;
        }
        return await WriteAsync(s, http, acronym, (caller, v) => s.UploadRulesAsync(caller, acronym, file!.Value.Name, file.Value.Content, adopted, v, ct), ct);
    }

    [EndpointName("GetGovernanceDocument")]
    [EndpointSummary("Télécharge le règlement intérieur (public) ou un compte rendu (coordination de la filière et ministère)")]
    [ProducesFile("application/pdf"), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Document(GovernanceService s, HttpContext http, string acronym, int documentId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        try
        {
            return await s.DocumentAsync(Caller.From(http?.User), acronym, documentId, ct) is { } f
                ? TypedResults.File(f.Content, "application/pdf", f.FileName)
                : ApiResults.Unknown($"Document {documentId} introuvable pour la filière « {acronym} ».");
        }
        catch (AccessRefusedException e)
        {
            return ApiResults.Refused(e);
        }
    }

    [EndpointName("ListFiliereCoordinators")]
    [EndpointSummary("Les mandats successifs de coordonnateur de la filière (personne, début, fin), du plus récent au plus ancien")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<List<CoordinatorMandateDto>>, ProblemHttpResult>> Coordinators(GovernanceService s, HttpContext http, string acronym, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (await s.ReadAsync(Caller.From(http?.User), acronym, ct) is not { } v) return UnknownFiliere(acronym);
        return TypedResults.Ok(v.Coordinators.Select(CoordinatorMandateDto.Of).ToList());
    }

    [EndpointName("GetCoordinatorList")]
    [EndpointSummary("La liste annuelle des coordonnateurs de FSMR au 31 décembre (arrêté annuel) et ses différences avec l'année précédente : format json, csv, changes.csv ou pdf")]
    [ProducesFile("text/csv"), ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<Ok<CoordinatorList>, FileContentHttpResult, ProblemHttpResult>> CoordinatorList(GovernanceService s, int year, [FromQuery] string? format,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (year is < 2000 or > 2100) return ApiResults.Invalid($"Année « {year} » hors de la plage 2000–2100.");
        if (format is not (null or "json" or "csv" or "changes.csv" or "pdf"))
            return ApiResults.Invalid($"Paramètre « format » : valeur « {(format.Length > 20 ? format[..20] + "…" : format)} » inconnue (json, csv, changes.csv, pdf).");
        var list = await s.CoordinatorListAsync(year, ct);
        return format switch
        {
            "csv" => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(CoordinatorLists.ToCsv(list)), "text/csv; charset=utf-8", $"coordonnateurs-fsmr-{year}.csv"),
            "changes.csv" => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(CoordinatorLists.ChangesToCsv(list)), "text/csv; charset=utf-8", $"coordonnateurs-fsmr-{year}-modifications.csv"),
            "pdf" => TypedResults.File(CoordinatorLists.ToPdf(list), "application/pdf", $"coordonnateurs-fsmr-{year}.pdf"),
            _ => TypedResults.Ok(list),
        };
    }

    [EndpointName("ListAssociationGovernanceSeats")]
    [EndpointSummary("Les sièges qu'une association occupe dans les comités de gouvernance des filières")]
    public static async Task<Ok<List<AssociationSeatDto>>> AssociationSeats(GovernanceService s, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TypedResults.Ok((await s.SeatsOfAssociationAsync(id, ct)).Select(AssociationSeatDto.Of).ToList());
    }

    // ---------------------------------------------------------------- helpers

    private static bool TryMember(GovernanceMemberBody body, out GovernanceMemberInput? input, out ProblemHttpResult? bad)
    {
        input = null;
        bad = null;
        GovernanceCollege? college = null;
        if (!string.IsNullOrWhiteSpace(body.College))
        {
            if (!GovernanceCodes.Colleges.TryParse(body.College.Trim(), out var c))
            {
                bad = ApiResults.Invalid($"Champ « college » : valeur « {(body.College.Length > 40 ? body.College[..40] + "…" : body.College)} » inconnue. Valeurs admises : {string.Join(", ", GovernanceCodes.Colleges.Codes)}.");
                return false;
            }
            college = c;
        }
        input = new GovernanceMemberInput(college, body.Name, body.Function, body.Organisation, body.CentreId, body.AssociationId, body.Email, body.From, body.To);
        return true;
    }

    /// <summary>The PDF of a multipart upload (« file »), bounded before it is read.</summary>
    private static async Task<((string Name, byte[] Content)? File, ProblemHttpResult? Bad)> ReadPdfAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType) return (null, ApiResults.Invalid("Envoyez le PDF en multipart/form-data, champ « file »."));
        var form = await http.Request.ReadFormAsync(ct);
        if (form.Files.GetFile("file") is not { } file) return (null, ApiResults.Invalid("Joignez le PDF dans le champ « file » (multipart/form-data)."));
        if (file.Length > GovernanceService.MaxDocumentBytes)
            return (null, Unprocessable("file", $"{file.FileName} : au-delà de la taille maximale de {GovernanceService.MaxDocumentBytes / 1024 / 1024} Mo."));
        using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        return ((file.FileName, ms.ToArray()), null);
    }

    private static async Task<Results<Ok<GovernanceDto>, ProblemHttpResult>> WriteAsync(GovernanceService s, HttpContext? http, string acronym,
        Func<Caller, int?, Task<WriteResult>> write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var caller = Caller.From(http.User);
        if (!caller.IsAuthenticated) return Unauthorized();
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var r = await write(caller, ifMatch);
        return r.Status switch
        {
            WriteStatus.Ok => TypedResults.Ok(GovernanceDto.From((await s.ReadAsync(caller, acronym, ct))!)),
            WriteStatus.Forbidden => TypedResults.Problem(statusCode: 403, title: "Accès refusé",
                detail: "Le comité de gouvernance d'une filière est tenu par sa coordination (mandat en cours) et par le ministère."),
            WriteStatus.NotFound => ApiResults.Unknown($"Filière « {acronym} » ou élément de son comité de gouvernance introuvable."),
            WriteStatus.Stale => (ProblemHttpResult)ApiResults.Stale(r.Errors.FirstOrDefault()?.Message, r.CurrentVersion),
            WriteStatus.Conflict => TypedResults.Problem(statusCode: 409, title: "Conflit", detail: r.Errors.FirstOrDefault()?.Message),
            _ => TypedResults.Problem(new HttpValidationProblemDetails(r.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
            {
                Status = StatusCodes.Status422UnprocessableEntity, Title = "Comité de gouvernance : saisie refusée", Detail = string.Join(" ", r.Errors.Select(e => e.Message)),
            }),
        };
    }

    private static ProblemHttpResult Unprocessable(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status422UnprocessableEntity, Title = "Comité de gouvernance : saisie refusée", Detail = message,
        });

    private static ProblemHttpResult UnknownFiliere(string acronym) => ApiResults.Unknown($"Filière « {acronym} » inconnue.");

    private static ProblemHttpResult Unauthorized() => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
        detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …).");
}
