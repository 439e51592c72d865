using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Erreurs;

/// <summary>
/// The French error page a browser gets for a 4xx or 5xx a page answered without a body (403, 404, 400, 405…): the app
/// re-executes the request here (<see cref="Errors.ErrorPages"/>), keeping its status. <c>/acces-refuse</c> (the sign-in
/// cookie's access-denied path) is the 403. The API keeps problem+json. Reads nothing from the database itself.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class IndexModel : PageModel
{
    private int? _code;

    /// <summary>The status shown: the re-executed request's, else the route's (400–599), else 404 (403 for
    /// <c>/acces-refuse</c>). Resolved on first read, which also sets the answer's status: a re-executed POST has no
    /// handler here (this page writes nothing), so the view's first read resolves it.</summary>
    public int Code => _code ??= Resolve();

    /// <summary>The address the person asked for (when re-executed), to say which page failed.</summary>
    public string? OriginalPath => HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath;

    public PageResult OnGet()
    {
        _ = Code;
        return Page();
    }

    private int Resolve()
    {
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        var routeCode = RouteData.Values.TryGetValue("code", out var v) && int.TryParse(v?.ToString(), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var c) ? c : (int?)null;
        var code = reExecuted is not null ? HttpContext.Response.StatusCode
            : routeCode is >= 400 and <= 599 ? routeCode.Value
            : routeCode is null && HttpContext.Request.Path.StartsWithSegments(Routes.Pages.AccessDenied) ? StatusCodes.Status403Forbidden
            : StatusCodes.Status404NotFound;
        if (!HttpContext.Response.HasStarted) HttpContext.Response.StatusCode = code;
        return code;
    }

    /// <summary>The page's title for a status.</summary>
    public static string Title(int code) => code switch
    {
        StatusCodes.Status403Forbidden => "Accès refusé",
        StatusCodes.Status404NotFound => "Page non trouvée",
        StatusCodes.Status405MethodNotAllowed => "Action non disponible",
        StatusCodes.Status413PayloadTooLarge => "Envoi trop volumineux",
        StatusCodes.Status429TooManyRequests => "Trop de demandes",
        >= 500 => "Erreur inattendue",
        _ => "Demande non aboutie",
    };

    /// <summary>What happened, in one sentence.</summary>
    public static string Lead(int code) => code switch
    {
        StatusCodes.Status403Forbidden => "Votre compte n'a pas accès à cette page.",
        StatusCodes.Status404NotFound => "La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée.",
        StatusCodes.Status405MethodNotAllowed => "Cette page ne permet pas l'action demandée.",
        StatusCodes.Status413PayloadTooLarge => "Le fichier ou le formulaire envoyé dépasse la taille acceptée.",
        StatusCodes.Status429TooManyRequests => "Trop de demandes ont été envoyées en peu de temps.",
        >= 500 => "Le service a rencontré un problème. Excusez-nous pour la gêne occasionnée.",
        _ => "La demande n'a pas pu aboutir : elle est incomplète ou mal formée.",
    };

    /// <summary>What to do next.</summary>
    public static string Advice(int code, bool signedIn) => code switch
    {
        StatusCodes.Status403Forbidden => signedIn
            ? "Les droits viennent du rôle et du périmètre de votre compte. Si vous pensez devoir y accéder, adressez-vous à l'administration de Maillage."
            : "Connectez-vous avec un compte qui a accès à cette page.",
        StatusCodes.Status404NotFound => "Si vous avez tapé l'adresse, vérifiez-la. Elle a peut-être changé, ou l'objet n'existe plus.",
        StatusCodes.Status429TooManyRequests => "Attendez un instant avant de réessayer.",
        >= 500 => "Réessayez dans un instant. Si le problème persiste, signalez-le à l'administration de Maillage.",
        _ => "Revenez à la page précédente et réessayez.",
    };
}
