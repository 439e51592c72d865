using Maillage.Core.Features.Registry;
using Maillage.Core.Security;

namespace Maillage.Web.Api;

/// <summary>Maps service outcomes to RFC 7807 problem details.</summary>
public static class ApiResults
{
    public static IResult From(WriteResult r, Caller caller, Func<IResult> onOk) => r.Status switch
    {
        WriteStatus.Ok => onOk(),
        WriteStatus.NotFound => TypedResults.Problem(statusCode: 404, title: "Introuvable", detail: "L'objet demandé n'existe pas."),
        WriteStatus.Forbidden when !caller.IsAuthenticated => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
            detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …)."),
        WriteStatus.Forbidden => TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "Votre périmètre ne couvre pas cet objet."),
        WriteStatus.Conflict => TypedResults.Problem(statusCode: 409, title: "Conflit", detail: r.Errors.FirstOrDefault()?.Message),
        _ => TypedResults.ValidationProblem(
            r.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => $"[{e.Rule}] {e.Message}").ToArray()),
            title: "Règle du registre non respectée", detail: string.Join(" ", r.Errors.Select(e => e.Message))),
    };

    public static IResult NotFound(string what) => TypedResults.Problem(statusCode: 404, title: "Introuvable", detail: what);

    public static IResult BadRequest(string detail) => TypedResults.Problem(statusCode: 400, title: "Requête invalide", detail: detail);
}
