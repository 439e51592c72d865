using Maillage.Core.Features.Associations;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api.Associations;

/// <summary>The associations' space handlers: parse, call <see cref="AssociationSpaceService"/> with the caller, map.</summary>
public static class AssociationSpaceHandlers
{
    [EndpointName("GetAssociationSpace")]
    [EndpointSummary("L'espace d'une association : lettres de soutien et avis attendus ou reçus dans les procédures, enquêtes, actions collaboratives (l'association elle-même, l'administration nationale)")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<AssociationSpaceDto>, ProblemHttpResult>> Space(AssociationSpaceService s, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        try
        {
            if (await s.SpaceAsync(Caller.From(http?.User), id, ct) is not { } v) return ApiResults.Unknown($"Association « {id} » inconnue.");
            return TypedResults.Ok(new AssociationSpaceDto(v.AssociationId, v.AssociationName,
                v.Asked.Select(a => new AskedItemDto(a.DossierId, a.DossierTitle, a.Kind, a.State, a.ItemId, a.Label, a.Type, a.Required, a.Received, a.Deadline)).ToList(),
                v.Surveys.Select(SurveyRowDto.From).ToList(), v.Actions.Select(CollaborativeActionDto.From).ToList()));
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("ListSurveys")]
    [EndpointSummary("Les enquêtes que l'appelant peut lire : celles de son association, de son centre ou de sa filière (une fois ouvertes), toutes (national)")]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    public static async Task<Results<Ok<IReadOnlyList<SurveyRowDto>>, ProblemHttpResult>> Surveys(AssociationSpaceService s, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        try
        {
            var list = await s.SurveysAsync(Caller.From(http?.User), ct);
            return TypedResults.Ok<IReadOnlyList<SurveyRowDto>>(list.Select(SurveyRowDto.From).ToList());
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("GetSurvey")]
    [EndpointSummary("Une enquête et ses résultats agrégés : rien sous 10 réponses à une question, effectifs de moins de 10 masqués (petits effectifs = données personnelles)")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<SurveyDto>, ProblemHttpResult>> Survey(AssociationSpaceService s, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            if (await s.SurveyAsync(Caller.From(http.User), id, ct) is not { } v) return ApiResults.Unknown($"Enquête « {id} » inconnue.");
            EditResults.SetETag(http, v.Survey.Version);
            return TypedResults.Ok(SurveyDto.From(v));
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("CreateSurvey")]
    [EndpointSummary("Crée une enquête (association) avec un centre ou une filière : questions à échelle fixe (satisfaction4, agreement4, yes_no)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Created<SurveyDto>, Ok<SurveyDto>, ProblemHttpResult>> CreateSurvey(AssociationSpaceService s, HttpContext http, SurveyBody body,
        CancellationToken ct) => SaveSurveyAsync(s, http, null, body, ct);

    [EndpointName("UpdateSurvey")]
    [EndpointSummary("Modifie une enquête (son association) : questions tant qu'elle est en brouillon, puis ouverte, puis close ; If-Match : la version lue, 412 si elle a changé")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static Task<Results<Created<SurveyDto>, Ok<SurveyDto>, ProblemHttpResult>> UpdateSurvey(AssociationSpaceService s, HttpContext http, string id,
        SurveyBody body, CancellationToken ct) => SaveSurveyAsync(s, http, id, body, ct);

    private static async Task<Results<Created<SurveyDto>, Ok<SurveyDto>, ProblemHttpResult>> SaveSurveyAsync(AssociationSpaceService s, HttpContext http, string? id,
        SurveyBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http.User);
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var r = await s.SaveSurveyAsync(caller, id, body.ToInput(), ifMatch, ct);
        if (r.Status != EditStatus.Ok) return EditResults.Problem(r, caller, "cette enquête");
        var dto = SurveyDto.From((await s.SurveyAsync(caller, r.Id!, ct))!);
        EditResults.SetETag(http, dto.Version);
        return id is null ? TypedResults.Created($"{Routes.Api.Surveys}/{dto.Id}", dto) : TypedResults.Ok(dto);
    }

    [EndpointName("AddSurveyResponses")]
    [EndpointSummary("Ajoute des réponses anonymes à une enquête ouverte (son association) : par réponse, une valeur par question (1 = première valeur de l'échelle, null = sans réponse) ; 2 000 au plus par envoi, tout ou rien")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Ok<SurveyDto>, ProblemHttpResult>> AddResponses(AssociationSpaceService s, HttpContext http, string id, ResponsesBody body,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http.User);
        var r = await s.AddResponsesAsync(caller, id, body.Responses ?? [], ct);
        if (r.Status != EditStatus.Ok) return EditResults.Problem(r, caller, "cette enquête");
        return TypedResults.Ok(SurveyDto.From((await s.SurveyAsync(caller, id, ct))!));
    }

    [EndpointName("GetCollaborativeAction")]
    [EndpointSummary("Une action collaborative (son association, l'administration nationale)")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<CollaborativeActionDto>, ProblemHttpResult>> Action(AssociationSpaceService s, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            if (await s.ActionAsync(Caller.From(http.User), id, ct) is not { } a) return ApiResults.Unknown($"Action « {id} » inconnue.");
            EditResults.SetETag(http, a.Version);
            return TypedResults.Ok(CollaborativeActionDto.From(a));
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("CreateCollaborativeAction")]
    [EndpointSummary("Ajoute une action collaborative (association) avec un centre ou une filière : intitulé, dates, statut, initiative")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Created<CollaborativeActionDto>, Ok<CollaborativeActionDto>, ProblemHttpResult>> CreateAction(AssociationSpaceService s, HttpContext http,
        ActionBody body, CancellationToken ct) => SaveActionAsync(s, http, null, body, ct);

    [EndpointName("UpdateCollaborativeAction")]
    [EndpointSummary("Modifie une action collaborative (son association) ; If-Match : la version lue, 412 si elle a changé")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static Task<Results<Created<CollaborativeActionDto>, Ok<CollaborativeActionDto>, ProblemHttpResult>> UpdateAction(AssociationSpaceService s, HttpContext http,
        string id, ActionBody body, CancellationToken ct) => SaveActionAsync(s, http, id, body, ct);

    private static async Task<Results<Created<CollaborativeActionDto>, Ok<CollaborativeActionDto>, ProblemHttpResult>> SaveActionAsync(AssociationSpaceService s,
        HttpContext http, string? id, ActionBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http.User);
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var r = await s.SaveActionAsync(caller, id, body.ToInput(), ifMatch, ct);
        if (r.Status != EditStatus.Ok) return EditResults.Problem(r, caller, "cette action");
        var dto = CollaborativeActionDto.From((await s.ActionAsync(caller, r.Id!, ct))!);
        EditResults.SetETag(http, dto.Version);
        return id is null ? TypedResults.Created($"{Routes.Api.CollaborativeActions}/{dto.Id}", dto) : TypedResults.Ok(dto);
    }
}
