using Maillage.Core.Data;

namespace Maillage.Web.Errors;

/// <summary>
/// Input a client can send that the framework or Core refuses by an exception, answered in French instead of a 500:
/// <list type="bullet">
/// <item>a body over the server's limit (Kestrel's <c>BadHttpRequestException</c> 413, the form's "Multipart body length
/// limit exceeded") → 413;</item>
/// <item>another malformed request the framework refuses (<c>BadHttpRequestException</c>) → its status (400);</item>
/// <item>a text longer than its field allows (<see cref="FieldLengthException"/>, raised by Core before any write) or
/// holding U+0000 (<see cref="FieldValueException"/>) → 422 naming the field;</item>
/// <item>a query parameter holding U+0000 → 400 naming it (PostgreSQL cannot compare text with it).</item>
/// </list>
/// Under <c>/api</c> (or when JSON is asked for) the answer is problem+json, otherwise a short French page.
/// </summary>
public sealed class InputErrorsMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (NulInQuery(http.Request) is { } parameter)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, "Requête invalide",
                $"Paramètre « {parameter} » : le caractère nul (U+0000) n'est pas accepté.", (parameter, "Caractère nul (U+0000) refusé."));
            return;
        }
        try
        {
            await next(http);
            // A page's antiforgery check reads the form first and answers a bare 400 when the form is over its limit.
            if (!http.Response.HasStarted && http.Response.StatusCode == StatusCodes.Status400BadRequest && OverDeclaredLimit(http))
                await TooLargeAsync(http);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            if (e.StatusCode == StatusCodes.Status413PayloadTooLarge) await TooLargeAsync(http);
            else await WriteAsync(http, e.StatusCode, "Requête invalide", "La requête est mal formée ou incomplète.", null);
        }
        catch (InvalidDataException e) when (!http.Response.HasStarted && IsFormLimit(e))
        {
            await TooLargeAsync(http);
        }
        catch (FieldValueException e) when (!http.Response.HasStarted)
        {
            await WriteAsync(http, StatusCodes.Status422UnprocessableEntity, e is FieldLengthException ? "Champ trop long" : "Valeur refusée",
                e.Message, (e.Field, e.Message));
        }
    }

    /// <summary>The first query parameter holding U+0000 (no database text takes it; PostgreSQL fails on it).</summary>
    private static string? NulInQuery(HttpRequest request)
    {
        if (request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) != true) return null;
        foreach (var (key, values) in request.Query)
            if (key.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
                return key.Replace("\0", "", StringComparison.Ordinal);
        return null;
    }

    /// <summary>The request declares a body longer than its endpoint's form or body limit.</summary>
    private static bool OverDeclaredLimit(HttpContext http)
    {
        if (http.Request.ContentLength is not { } length || http.GetEndpoint() is not { } endpoint) return false;
        var form = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RequestFormLimitsAttribute>();
        var body = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>();
        return (form is not null && length > form.MultipartBodyLengthLimit) || (body?.MaxRequestBodySize is { } max && length > max);
    }

    /// <summary>The form reader's limits (body length, value length, count): the client sent more than the form accepts.</summary>
    private static bool IsFormLimit(InvalidDataException e) =>
        e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("exceeded", StringComparison.OrdinalIgnoreCase);

    private static Task TooLargeAsync(HttpContext http) =>
        WriteAsync(http, StatusCodes.Status413PayloadTooLarge, "Requête trop volumineuse",
            "Le fichier ou le formulaire envoyé dépasse la taille maximale acceptée par le serveur pour cette adresse.", null);

    private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static bool WantsJson(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Headers.Accept.Any(a => a?.Contains("json", StringComparison.OrdinalIgnoreCase) == true);

    private static async Task WriteAsync(HttpContext http, int status, string title, string detail, (string Field, string Message)? field)
    {
        // The rest of an oversized body is not read: the connection is closed after the answer.
        http.Response.Clear();
        http.Response.StatusCode = status;
        if (status == StatusCodes.Status413PayloadTooLarge) http.Response.Headers.Connection = "close";
        if (WantsJson(http.Request))
        {
            var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
            if (field is { } f) problem.Extensions["errors"] = new Dictionary<string, string[]> { [f.Field] = [f.Message] };
            await Results.Problem(problem).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="fr"><head><meta charset="utf-8"><title>{Html.Encode(title)} — Maillage</title>
            <link rel="stylesheet" href="/lib/dsfr/dsfr.min.css"></head>
            <body><main class="fr-container fr-my-6w" role="main"><h1>{Html.Encode(title)}</h1>
            <p>{Html.Encode(detail)}</p><p><a class="fr-link" href="/">Retour à l’accueil</a></p></main></body></html>
            """);
    }
}
