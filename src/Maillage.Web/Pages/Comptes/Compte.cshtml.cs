using Maillage.Core.Features.Accounts;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Comptes;

/// <summary>
/// One account's e-mail (ProConnect) and RPPS (Pro Santé Connect), set by the national administrator; Core validates,
/// refuses a stale version (the user's input is kept) and audits (<see cref="AccountAdmin"/>).
/// </summary>
public sealed class CompteModel(AccountAdmin accounts) : PageModel
{
    public sealed class InputModel
    {
        public string? Email { get; set; }
        public string? Rpps { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    /// <summary>The account's version the form was filled from (hidden field).</summary>
    [BindProperty] public string? Version { get; set; }

    public AccountRow Account { get; private set; } = null!;
    public string? Conflict { get; private set; }

    private IActionResult? Refuse(Caller caller) =>
        caller.IsAuthenticated ? null : User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();

    public async Task<IActionResult> OnGetAsync(string userName, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (Refuse(caller) is { } refused) return refused;
        try
        {
            if (await accounts.GetAsync(caller, userName, ct) is not { } a) return NotFound();
            Account = a;
        }
        catch (AccessRefusedException) { return StatusCode(StatusCodes.Status403Forbidden); }
        Input = new InputModel { Email = Account.Email, Rpps = Account.Rpps };
        Version = Account.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string userName, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (Refuse(caller) is { } refused) return refused;
        AccountWriteResult result;
        try { result = await accounts.SetContactAsync(caller, userName, Input.Email, Input.Rpps, Version ?? "", ct); }
        catch (AccessRefusedException) { return StatusCode(StatusCodes.Status403Forbidden); }
        switch (result.Status)
        {
            case AccountWriteStatus.Ok:
                TempData["Success"] = $"Compte {userName} enregistré.";
                return Redirect(Routes.Pages.Accounts + "/" + Uri.EscapeDataString(userName));
            case AccountWriteStatus.NotFound:
                return NotFound();
            case AccountWriteStatus.Stale:
                // Keep the input; the next save, from the current version, is a deliberate replacement.
                Conflict = result.Errors.GetValueOrDefault("version");
                Version = result.Account!.Version;
                break;
            case AccountWriteStatus.Invalid:
                foreach (var (field, message) in result.Errors)
                    ModelState.AddModelError(field switch { "email" => "Input.Email", "rpps" => "Input.Rpps", _ => "" }, message);
                break;
            default:
                throw new InvalidOperationException(result.Status.ToString());
        }
        if (await accounts.GetAsync(caller, userName, ct) is not { } a) return NotFound();
        Account = a;
        return Page();
    }
}
