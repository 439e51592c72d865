using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Microsoft.AspNetCore.Http.HttpResults;
using static Maillage.Web.Api.Procedures.DossierAnswers;

namespace Maillage.Web.Api.Procedures;

/// <summary>
/// The expertise platforms' call for projects (note d'information n° DGOS/MMR/2020/221 du 7 décembre 2020): open a
/// project in a call, set its scope and budget, and after the decision record the credit delegation, the 6-month
/// checkpoint, the yearly indicators and the year-2 renewal. The rest of the dossier (items, opinions, transitions,
/// jury) goes through <see cref="ProcedureHandlers"/> and <see cref="CallHandlers"/>.
/// </summary>
public static class PlatformHandlers
{
    [EndpointName("OpenPlatformProject")]
    [EndpointSummary("Ouvrir un projet de plateforme d'expertise dans un appel à projets (direction de l'établissement porteur, DGOS)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Created<DossierDto>, ProblemHttpResult>> Open(ProcedureService s, HttpContext http, string id, PlatformProjectBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        var r = await s.OpenPlatformProjectAsync(caller, id, body.ToInput(), ct);
        if (r.Status != ProcedureStatus.Ok) return Problem(r, caller);
        return TypedResults.Created($"{Routes.Api.Dossiers}/{r.DossierId}", await DetailAsync(s, caller, r.DossierId!, ct));
    }

    [EndpointName("ListPlatformCandidateCentres")]
    [EndpointSummary("Les centres que peut nommer un projet : ceux des entités juridiques de l'établissement porteur et des autres établissements")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized)]
    public static async Task<Results<Ok<List<PlatformCentreDto>>, ProblemHttpResult>> CandidateCentres(
        ProcedureService s, HttpContext http, [AsParameters] PlatformCentreQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(query);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        if (string.IsNullOrWhiteSpace(query.HostFiness)) return ApiResults.Invalid("Paramètre « host_finess » requis (l'établissement porteur).");
        var others = (query.OtherEstablishments ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return TypedResults.Ok((await s.CandidateCentresAsync(query.HostFiness.Trim(), others, ct)).Select(PlatformCentreDto.From).ToList());
    }

    [EndpointName("PutPlatformProject")]
    [EndpointSummary("Modifier le projet : nom, autres établissements, centres du périmètre, recrutements du budget (en préparation)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static Task<Results<Ok<DossierDto>, ProblemHttpResult>> Update(ProcedureService s, HttpContext http, string id, PlatformProjectBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        return WriteAsync(s, http, id, caller => s.UpdatePlatformProjectAsync(caller, id, body.ToInput(), ct), ct);
    }

    [EndpointName("RecordPlatformCreditDelegation")]
    [EndpointSummary("Enregistrer la délégation des crédits (DGOS) : le point d'étape est dû 6 mois après")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static Task<Results<Ok<DossierDto>, ProblemHttpResult>> RecordCredits(ProcedureService s, HttpContext http, string id, PlatformCreditDelegationBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        return WriteAsync(s, http, id, caller => s.RecordCreditDelegationAsync(caller, id, body.DelegatedOn, body.Reference, ct), ct);
    }

    [EndpointName("RecordPlatformCheckpoint")]
    [EndpointSummary("Transmettre le point d'étape à 6 mois (établissement porteur) : « report » et « file » (PDF) en multipart")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Ok<DossierDto>, ProblemHttpResult>> RecordCheckpoint(ProcedureService s, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        if (!Caller.From(http.User).IsAuthenticated) return Unauthenticated();
        if (!http.Request.HasFormContentType)
            return ApiResults.Invalid("Envoyez un formulaire multipart/form-data : « report » (texte) et « file » (PDF justificatif).");
        var form = await http.Request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file");
        byte[]? content = null;
        if (file is not null && file.Length <= ProcedureService.MaxDocumentBytes)
        {
            using var ms = new MemoryStream();
            await file.CopyToAsync(ms, ct);
            content = ms.ToArray();
        }
        else if (file is not null)
            return Problem(ProcedureResult.Invalid(new FieldError("file", $"{file.FileName} : au-delà de la taille maximale de {ProcedureService.MaxDocumentBytes / 1024 / 1024} Mo.")), Caller.From(http.User));
        return await WriteAsync(s, http, id, caller => s.RecordCheckpointAsync(caller, id, form["report"].FirstOrDefault(), file?.FileName, content, ct), ct);
    }

    [EndpointName("FilePlatformIndicators")]
    [EndpointSummary("Transmettre le rapport d'activité annuel (indicateurs obligatoires, proposés, complémentaires) d'une année de fonctionnement (1 ou 2)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static Task<Results<Ok<DossierDto>, ProblemHttpResult>> FileIndicators(ProcedureService s, HttpContext http, string id, int year, PlatformIndicatorsBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        return WriteAsync(s, http, id, caller => s.FileIndicatorsAsync(caller, id, year,
            (body.Indicators ?? []).Select(i => new IndicatorValue(i.Key ?? "", i.Label, i.Count, i.Text)).ToList(), ct), ct);
    }

    [EndpointName("DecidePlatformRenewal")]
    [EndpointSummary("Décider la reconduction des crédits en 2e année au vu de l'évaluation annuelle (DGOS)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static Task<Results<Ok<DossierDto>, ProblemHttpResult>> DecideRenewal(ProcedureService s, HttpContext http, string id, PlatformRenewalBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        return WriteAsync(s, http, id, caller => s.DecideRenewalAsync(caller, id, body.Renewed, body.Reasons, ct), ct);
    }
}
