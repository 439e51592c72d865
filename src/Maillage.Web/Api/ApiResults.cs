using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Api;

/// <summary>Maps service outcomes to RFC 7807 problem details.</summary>
public static class ApiResults
{
    public static IResult From(WriteResult r, Caller caller, Func<IResult> onOk) =>
        r.Status == WriteStatus.Ok ? onOk() : Problem(r, caller);

    /// <summary>As <see cref="From"/>, when the success answer must be read back from the database.</summary>
    public static async Task<IResult> FromAsync(WriteResult r, Caller caller, Func<Task<IResult>> onOk) =>
        r.Status == WriteStatus.Ok ? await onOk() : Problem(r, caller);

    /// <summary>The problem details of a write that did not succeed (401/403/404/409/412/422).</summary>
    public static ProblemHttpResult Problem(WriteResult r, Caller caller) => r.Status switch
    {
        WriteStatus.NotFound => TypedResults.Problem(statusCode: 404, title: "Introuvable", detail: "L'objet demandé n'existe pas."),
        WriteStatus.Forbidden when !caller.IsAuthenticated => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
            detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …)."),
        WriteStatus.Forbidden => TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "Votre périmètre ne couvre pas cet objet."),
        WriteStatus.Conflict => TypedResults.Problem(statusCode: 409, title: "Conflit", detail: r.Errors.FirstOrDefault()?.Message),
        WriteStatus.Stale => (ProblemHttpResult)Stale(r.Errors.FirstOrDefault()?.Message, r.CurrentVersion),
        _ => TypedResults.Problem(new HttpValidationProblemDetails(
            r.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => $"[{e.Rule}] {e.Message}").ToArray()))
        {
            Title = "Règle du registre non respectée", Detail = string.Join(" ", r.Errors.Select(e => e.Message)),
            Status = StatusCodes.Status422UnprocessableEntity,
        }),
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

    // ------------------------------------------------------------------ versions (docs/security.md, "No silent lost update")

    /// <summary>The entity tag of a version: <c>"3"</c>.</summary>
    public static string ETag(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// Reads <c>If-Match</c>: absent or <c>*</c> → null (the write is accepted whatever the version); <c>"3"</c>,
    /// <c>W/"3"</c> or <c>3</c> → 3. Anything else (or several tags) is a 400 naming the header.
    /// </summary>
    public static bool TryIfMatch(HttpContext http, out int? version, out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(http);
        version = null;
        problem = null;
        var raw = http.Request.Headers.IfMatch.ToString().Trim();
        if (raw.Length == 0 || raw == "*") return true;
        var tag = raw.StartsWith("W/", StringComparison.Ordinal) ? raw[2..] : raw;
        tag = tag.Trim('"');
        if (tag.Length is > 0 and <= 9 && int.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            version = v;
            return true;
        }
        problem = BadRequest($"En-tête « If-Match » : « {(raw.Length > 40 ? raw[..40] + "…" : raw)} » n'est pas une version de cet objet (attendu : l'ETag reçu, par exemple \"3\").");
        return false;
    }

    /// <summary>412: the write was made from a version that is no longer the stored one; the answer names the current one.</summary>
    public static IResult Stale(string? detail, int? currentVersion)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (currentVersion is { } v) extensions["current_version"] = v;
        return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Modifié entre-temps",
            detail: detail ?? "L'objet a été modifié depuis votre lecture : rechargez-le.", extensions: extensions);
    }

    /// <summary>
    /// Sets <c>ETag</c> on a successful answer (GET, or a write's answer) from the aggregate's current version;
    /// <paramref name="id"/> reads the aggregate's id from the route (audit trail's entity names, see <see cref="Versions"/>).
    /// </summary>
    public static RouteHandlerBuilder WithVersionETag(this RouteHandlerBuilder builder, string entity, Func<HttpContext, string?> id) =>
        builder.AddEndpointFilter(async (ctx, next) =>
        {
            var result = await next(ctx);
            var answered = result is INestedHttpResult nested ? nested.Result : result; // a typed Results<…> wraps the answer
            var status = (answered as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
            if (status is >= 200 and < 300 && id(ctx.HttpContext) is { } key)
            {
                var versions = ActivatorUtilities.CreateInstance<Versions>(ctx.HttpContext.RequestServices);
                if (await versions.CurrentAsync(entity, key, ctx.HttpContext.RequestAborted) is { } v)
                    ctx.HttpContext.Response.Headers.ETag = ETag(v);
            }
            return result;
        });

    /// <summary>As <see cref="WithVersionETag(RouteHandlerBuilder, string, Func{HttpContext, string?})"/>, the id being the route value <paramref name="routeKey"/>.</summary>
    public static RouteHandlerBuilder WithVersionETag(this RouteHandlerBuilder builder, string entity, string routeKey = "id") =>
        builder.WithVersionETag(entity, http => http.Request.RouteValues[routeKey]?.ToString());

    /// <summary>The problem a versioned write can also answer: 412 (stale If-Match; a malformed one is a 400).</summary>
    public static RouteHandlerBuilder ProducesVersionProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static IResult BadRequest(string detail) => Invalid(detail);

    // ------------------------------------------------------------------ typed answers for Results<…> handlers

    /// <summary>400: a parameter the client sent is not acceptable (the detail names it, in French).</summary>
    public static ProblemHttpResult Invalid(string detail) => TypedResults.Problem(statusCode: 400, title: "Requête invalide", detail: detail);

    /// <summary>404: what was asked for does not exist (the detail says what).</summary>
    public static ProblemHttpResult Unknown(string detail) => TypedResults.Problem(statusCode: 404, title: "Introuvable", detail: detail);

    /// <summary>Core refused the caller: 401 without an identity, else 403 with Core's reason.</summary>
    public static ProblemHttpResult Refused(AccessRefusedException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Unauthenticated
            ? TypedResults.Problem(statusCode: 401, title: "Authentification requise", detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …).")
            : TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: e.Message);
    }

    /// <summary>As <see cref="TryEnum{T}"/>: null when <paramref name="text"/> is absent or valid, else the 400 to answer.</summary>
    public static ProblemHttpResult? ParseEnum<T>(string? text, string parameter, out T? value) where T : struct, Enum =>
        TryEnum(text, parameter, out value, out var problem) ? null : (ProblemHttpResult)problem!;

    /// <summary>A table format: <c>json</c> (default), <c>csv</c> or <c>xlsx</c>; null when valid, else the 400 to answer.</summary>
    public static ProblemHttpResult? ParseTableFormat(string? format, out string value)
    {
        var problem = ExportFormats.Table.Parse(format, out var parsed);
        value = parsed.Code();
        return problem;
    }

    /// <summary>A query text trimmed, or null when blank.</summary>
    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>
/// The last line of defence of "No silent lost update": a concurrent write detected by EF on a path that does not map
/// it itself answers 409 problem+json in French (never a 500).
/// </summary>
public sealed class ConcurrencyExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not DbUpdateConcurrencyException) return false;
        httpContext.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Modifié entre-temps",
                Detail = "Cet objet a été modifié par quelqu'un d'autre pendant votre enregistrement : rechargez-le et recommencez.",
            },
            Exception = exception,
        });
    }
}
