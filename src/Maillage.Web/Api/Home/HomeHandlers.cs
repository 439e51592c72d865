using Maillage.Core.Features.Home;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api.Home;

/// <summary>The Mon espace API's handlers: parse, call <see cref="HomeService"/> with the caller, map.</summary>
public static class HomeHandlers
{
    [EndpointName("GetMyHome")]
    [EndpointSummary("Mon espace : ce qui attend l'appelant (rapports, pièces et avis, jurys, décisions, comité, enquêtes) avec les échéances, et ses notifications lues ou non")]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    public static async Task<Results<Ok<HomeDto>, ProblemHttpResult>> Home(HomeService s, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var caller = Caller.From(http?.User);
        try
        {
            return TypedResults.Ok(HomeDto.From(await s.HomeAsync(caller, ct), caller.ScopeId));
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("MarkMyNotificationRead")]
    [EndpointSummary("Marque une notification de l'appelant comme lue (idempotent) ; 404 si elle n'est pas parmi les siennes")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<NoContent, ProblemHttpResult>> MarkRead(HomeService s, HttpContext http, int id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        return await s.MarkReadAsync(Caller.From(http?.User), id, ct) switch
        {
            MarkReadStatus.Ok => TypedResults.NoContent(),
            MarkReadStatus.NotFound => ApiResults.Unknown($"Notification {id} introuvable parmi les vôtres."),
            MarkReadStatus.Forbidden => Procedures.DossierAnswers.Unauthenticated(),
        };
    }

    [EndpointName("MarkAllMyNotificationsRead")]
    [EndpointSummary("Marque comme lues les notifications récentes de l'appelant (celles de Mon espace) ; le nombre qui ne l'étaient pas")]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    public static async Task<Results<Ok<MarkedReadDto>, ProblemHttpResult>> MarkAllRead(HomeService s, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        try
        {
            return TypedResults.Ok(new MarkedReadDto(await s.MarkAllReadAsync(Caller.From(http?.User), ct)));
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }
}
