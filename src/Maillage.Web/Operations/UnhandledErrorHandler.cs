using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Maillage.Web.Operations;

/// <summary>
/// The last exception handler: an error nothing else answered becomes a 500 that names the request's trace id
/// (problem+json with <c>traceId</c> for the API or a JSON client; a short French page with the incident reference for
/// a browser), and the error's log line carries the same id, so that a user's report leads to the log and the trace.
/// The exception's message is never sent to the client.
/// </summary>
public sealed partial class UnhandledErrorHandler(IProblemDetailsService problems, ILogger<UnhandledErrorHandler> logger, IOptions<NodeOptions> node)
    : IExceptionHandler
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The id a 500 names: the W3C trace id of the request (32 hex digits), else ASP.NET Core's request id.</summary>
    public static string TraceIdOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return System.Diagnostics.Activity.Current is { } a && a.TraceId != default ? a.TraceId.ToHexString() : http.TraceIdentifier;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var traceId = TraceIdOf(httpContext);
        Unhandled(exception, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", traceId, node.Value.Name);
        if (httpContext.Response.HasStarted) return false;

        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        httpContext.Response.Headers["X-Trace-Id"] = traceId;
        const string title = "Erreur interne";
        var detail = $"Une erreur inattendue s'est produite. Si elle se reproduit, signalez-la avec la référence {traceId}.";
        if (WantsJson(httpContext.Request))
        {
            var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = title, Detail = detail };
            problem.Extensions["traceId"] = traceId;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
        }
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        await httpContext.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="fr"><head><meta charset="utf-8"><title>{title} — Maillage</title>
            <link rel="stylesheet" href="/lib/dsfr/dsfr.min.css"></head>
            <body><main class="fr-container fr-my-6w" role="main"><h1>{title}</h1>
            <p>Une erreur inattendue s'est produite. Réessayez dans un instant ; si elle se reproduit, signalez-la avec cette référence :</p>
            <p><code id="trace-id">{Html.Encode(traceId)}</code></p><p><a class="fr-link" href="/">Retour à l’accueil</a></p></main></body></html>
            """, cancellationToken);
        return true;
    }

    private static bool WantsJson(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Headers.Accept.Any(a => a?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        || !request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    [LoggerMessage(Level = LogLevel.Error, Message = "Erreur non gérée sur {Method} {Path} (trace {TraceId}, nœud {Node})")]
    private partial void Unhandled(Exception exception, string method, string path, string traceId, string node);
}
