using Maillage.Core.Features.Accounts;
using Maillage.Core.Infrastructure.Security;
using Maillage.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages;

/// <summary>
/// The end of a sign-in with ProConnect or Pro Santé Connect: reads the identity the federation gave (Identity's external
/// cookie), asks Core's linking rule which account it is (<see cref="ExternalSignIn"/>), signs in to that account and
/// goes on to the local return URL; otherwise shows the French reason (403). Nothing here decides who may sign in.
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(HttpHardening.SignInPolicy)]
public sealed class ConnexionExterneModel(SignInManager<AppUser> signIn, ExternalSignIn linking, ExternalProviders providers) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    /// <summary>The provider whose round trip failed (set by the schemes' remote-failure event).</summary>
    [BindProperty(SupportsGet = true, Name = "echec")]
    public string? Failed { get; set; }

    public string? ProviderLabel { get; private set; }

    public string Refusal { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (Failed is not null)
        {
            ProviderLabel = providers.ByCode(Failed)?.Label;
            return Refuse("Le fournisseur d’identité n’a pas confirmé votre connexion (connexion annulée, expirée ou réponse invalide). Réessayez depuis la page de connexion.");
        }
        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        var provider = external.Succeeded && external.Properties?.Items.TryGetValue(ExternalSignInSetup.ProviderItem, out var code) == true
            ? providers.ByCode(code)
            : null;
        if (provider is null || external.Principal is null)
            return Refuse("Aucune connexion par un fournisseur d’identité n’est en cours. Choisissez ProConnect ou Pro Santé Connect sur la page de connexion.");
        ProviderLabel = provider.Label;
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme); // the federation's identity is used once
        var identity = ExternalIdentity.From(provider.Provider, external.Principal, provider.EmailVerifiedWithoutClaim);
        var result = await linking.SignInAsync(identity, HttpContext.RequestAborted);
        if (result.Account is not { } account) return Refuse(result.Refusal ?? ExternalSignIn.Unknown);
        if (!await signIn.CanSignInAsync(account)) return Refuse("Ce compte Maillage n’est pas autorisé à se connecter.");
        await signIn.SignInAsync(account, isPersistent: false, authenticationMethod: provider.Scheme);
        return LocalRedirect(SignInLanding.After(Url, ReturnUrl));
    }

    private PageResult Refuse(string reason)
    {
        Refusal = reason;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }
}
