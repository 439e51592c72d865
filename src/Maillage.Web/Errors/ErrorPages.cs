namespace Maillage.Web.Errors;

/// <summary>
/// Answers to a 4xx or 5xx that left no body (issue 13, §7): a browser gets the French DSFR error page
/// (<c>Pages/Erreurs</c>, re-executed with the same status: lang, title, main landmark, a way back home); the API
/// (<c>/api</c>) and FHIR (<c>/fhir</c>) keep problem+json. An unhandled exception is answered before this by
/// <see cref="Operations.UnhandledErrorHandler"/> (a 500 page naming the trace id).
/// </summary>
public static class ErrorPages
{
    /// <summary>Machine interfaces: their errors stay problem+json.</summary>
    public static bool IsMachinePath(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments(Routes.Fhir, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>In place of <c>UseStatusCodePages()</c>: problem+json for the machine paths, the error page otherwise.</summary>
    public static void UseMaillageStatusCodePages(this IApplicationBuilder app)
    {
        app.UseWhen(ctx => IsMachinePath(ctx.Request), b => b.UseStatusCodePages());
        app.UseWhen(ctx => !IsMachinePath(ctx.Request), b => b.UseStatusCodePagesWithReExecute(Routes.Pages.Error + "/{0}"));
    }
}
