using Maillage.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages;

/// <summary>Sign-out (POST with antiforgery only; GET shows a confirmation button).</summary>
public sealed class DeconnexionModel(SignInManager<AppUser> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        TempData["Success"] = "Vous êtes déconnecté.";
        return Redirect("/");
    }
}
