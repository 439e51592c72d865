using Maillage.Web.Auth;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages;

/// <summary>Sign-in with a local account (lockout after repeated failures, attempts limited per client:
/// <see cref="Maillage.Web.Auth.HttpHardening.SignInPolicy"/>); returns only to local URLs.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Maillage.Web.Auth.HttpHardening.SignInPolicy)]
public sealed class ConnexionModel(SignInManager<AppUser> signIn, Maillage.Web.Auth.ExternalProviders external) : PageModel
{
    public sealed class InputModel
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    /// <summary>ProConnect and Pro Santé Connect when configured (docs/authentication.md).</summary>
    public IReadOnlyList<Maillage.Web.Auth.ExternalProvider> ExternalProviders => external.Enabled;

    public void OnGet()
    {
    }


    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Input.UserName)) ModelState.AddModelError("Input.UserName", "Saisissez votre identifiant.");
        if (string.IsNullOrEmpty(Input.Password)) ModelState.AddModelError("Input.Password", "Saisissez votre mot de passe.");
        if (!ModelState.IsValid) return Page();
        var result = await signIn.PasswordSignInAsync(Input.UserName!.Trim(), Input.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
            return LocalRedirect(SignInLanding.After(Url, ReturnUrl));
        Input.Password = null;
        ModelState.AddModelError("", result.IsLockedOut
            ? "Ce compte est temporairement verrouillé après plusieurs essais infructueux. Réessayez plus tard."
            : result.IsNotAllowed
                ? "Ce compte n’est pas autorisé à se connecter."
                : "Identifiant ou mot de passe incorrect.");
        return Page();
    }
}
