using Maillage.Core.Features.Accounts;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Comptes;

/// <summary>The accounts, for the national administrator (Core decides, <see cref="AccountAdmin"/>): each with its role,
/// scope, e-mail and RPPS, and a link to set them.</summary>
public sealed class IndexModel(AccountAdmin accounts) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }

    public IReadOnlyList<AccountRow> Accounts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        if (Search is { Length: > AccountAdmin.MaxSearchLength }) Search = Search[..AccountAdmin.MaxSearchLength];
        try { Accounts = await accounts.ListAsync(caller, Search, ct); }
        catch (AccessRefusedException) { return StatusCode(StatusCodes.Status403Forbidden); }
        return Page();
    }
}
