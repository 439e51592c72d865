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
        // Written here, not through a Razor page: the failure may be the database the layout reads. The DSFR's error
        // page model (« Page d'erreur »), standalone: lang, title, main landmark, a way back home (issue 13, §7).
        await httpContext.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="fr" data-fr-scheme="system"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Erreur inattendue – Maillage</title>
            <link rel="stylesheet" href="/lib/dsfr/dsfr.min.css"></head>
            <body><main class="fr-container" role="main" id="contenu">
            <div class="fr-my-7w fr-mt-md-12w fr-mb-md-10w fr-grid-row fr-grid-row--middle fr-grid-row--center" id="page-erreur" data-status="500">
            <div class="fr-col-12 fr-col-md-8"><h1>Erreur inattendue</h1>
            <p class="fr-text--sm fr-mb-3w">Erreur 500</p>
            <p class="fr-text--lead fr-mb-3w">Le service a rencontré un problème. Excusez-nous pour la gêne occasionnée.</p>
            <p>Réessayez dans un instant ; si le problème se reproduit, signalez-le avec cette référence :</p>
            <p><code id="trace-id">{Html.Encode(traceId)}</code></p>
            <ul class="fr-btns-group fr-btns-group--inline-md"><li><a class="fr-btn" href="/">Page d'accueil</a></li></ul>
            </div></div></main></body></html>
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
