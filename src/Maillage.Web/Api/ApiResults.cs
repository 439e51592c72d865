using Maillage.Core.Features.Registry;
using Maillage.Core.Security;

namespace Maillage.Web.Api;

/// <summary>Maps service outcomes to RFC 7807 problem details.</summary>
public static class ApiResults
{
    public static IResult From(WriteResult r, Caller caller, Func<IResult> onOk) =>
        r.Status == WriteStatus.Ok ? onOk() : Problem(r, caller);

    /// <summary>As <see cref="From"/>, when the success answer must be read back from the database.</summary>
    public static async Task<IResult> FromAsync(WriteResult r, Caller caller, Func<Task<IResult>> onOk) =>
        r.Status == WriteStatus.Ok ? await onOk() : Problem(r, caller);

    /// <summary>The problem details of a write that did not succeed (401/403/404/409/422).</summary>
    private static IResult Problem(WriteResult r, Caller caller) => r.Status switch
    {
        WriteStatus.NotFound => TypedResults.Problem(statusCode: 404, title: "Introuvable", detail: "L'objet demandé n'existe pas."),
        WriteStatus.Forbidden when !caller.IsAuthenticated => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
            detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …)."),
        WriteStatus.Forbidden => TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "Votre périmètre ne couvre pas cet objet."),
        WriteStatus.Conflict => TypedResults.Problem(statusCode: 409, title: "Conflit", detail: r.Errors.FirstOrDefault()?.Message),
        _ => Results.ValidationProblem(
            r.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => $"[{e.Rule}] {e.Message}").ToArray()),
            title: "Règle du registre non respectée", detail: string.Join(" ", r.Errors.Select(e => e.Message)),
            statusCode: StatusCodes.Status422UnprocessableEntity),
    };

    /// <summary>The problems every registry write can answer: 422 (a rule), 400, 401, 403.</summary>
    public static RouteHandlerBuilder ProducesWriteProblems(this RouteHandlerBuilder builder) => builder
        .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);

    public static IResult NotFound(string what) => TypedResults.Problem(statusCode: 404, title: "Introuvable", detail: what);

    /// <summary>
    /// Parses an enum query value written as in the JSON (snake_case, e.g. <c>cystic_fibrosis</c>); null when absent.
    /// An unknown value yields a 400 problem naming the parameter and the accepted values.
    /// </summary>
    public static bool TryEnum<T>(string? text, string parameter, out T? value, out IResult? problem) where T : struct, Enum
    {
        value = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var wanted = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        foreach (var v in Enum.GetValues<T>())
            if (string.Equals(v.ToString(), wanted, StringComparison.OrdinalIgnoreCase)) { value = v; return true; }
        problem = BadRequest($"Paramètre « {parameter} » : valeur « {text} » inconnue. Valeurs admises : "
            + string.Join(", ", Enum.GetNames<T>().Select(n => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n))) + ".");
        return false;
    }

    public static IResult BadRequest(string detail) => TypedResults.Problem(statusCode: 400, title: "Requête invalide", detail: detail);
}
