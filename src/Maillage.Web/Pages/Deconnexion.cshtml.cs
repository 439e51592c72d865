using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages;

/// <summary>Sign-out (POST with antiforgery only; GET shows a confirmation button). Server-side: the account's security
/// stamp is rotated, so every cookie issued before, a copied one included, is refused from now on (docs/security.md).</summary>
public sealed class DeconnexionModel(SignInManager<AppUser> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.UserManager.GetUserAsync(User) is { } user) await signIn.UserManager.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        TempData["Success"] = "Vous êtes déconnecté.";
        return Redirect("/");
    }
}
