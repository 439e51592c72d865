using Maillage.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages;

/// <summary>
/// Starts a sign-in with ProConnect or Pro Santé Connect (the buttons of /connexion): redirects to the federation, which
/// comes back to its callback and then to <see cref="Routes.Pages.ExternalSignIn"/>. A federation that is not configured
/// is 404; a federation that does not answer (its discovery document unreachable) gets a French page (503), not a 500.
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(HttpHardening.SignInPolicy)]
public sealed class ConnexionAvecModel(ExternalProviders providers, ILogger<ConnexionAvecModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    public string Problem { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? provider)
    {
        if (providers.ByCode(provider) is not { } p) return NotFound();
        try
        {
            await HttpContext.ChallengeAsync(p.Scheme, ExternalSignInSetup.ChallengeProperties(p, Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null));
            return new EmptyResult();
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or TaskCanceledException)
        {
            logger.LogWarning(e, "{Provider} ne répond pas", p.Label);
            Problem = $"{p.Label} ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec votre compte Maillage.";
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
    }
}
