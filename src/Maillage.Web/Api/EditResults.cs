using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api;

/// <summary>The problem details of an <see cref="EditResult"/> that did not succeed (401, 403, 404, 409, 412, 422), for the committee and associations' space.</summary>
public static class EditResults
{
    public static ProblemHttpResult Problem(EditResult r, Caller caller, string what)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(caller);
        return r.Status switch
        {
            EditStatus.Forbidden when !caller.IsAuthenticated => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
                detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …)."),
            EditStatus.Forbidden => TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: $"Votre rôle ou votre périmètre ne couvre pas {what}."),
            EditStatus.NotFound => ApiResults.Unknown($"{what} : introuvable."),
            EditStatus.Conflict => TypedResults.Problem(statusCode: 409, title: "Conflit", detail: string.Join(" ", r.Errors.Select(e => e.Message))),
            EditStatus.Stale => (ProblemHttpResult)ApiResults.Stale(r.Errors.FirstOrDefault()?.Message, r.Version),
            EditStatus.Invalid or EditStatus.Ok => TypedResults.Problem(new HttpValidationProblemDetails(
                r.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
            {
                Status = StatusCodes.Status422UnprocessableEntity, Title = "Saisie refusée", Detail = string.Join(" ", r.Errors.Select(e => e.Message)),
            }),
        };
    }

    /// <summary>Sets the ETag of the version written or read.</summary>
    public static void SetETag(HttpContext http, int version)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.ETag = ApiResults.ETag(version);
    }
}
