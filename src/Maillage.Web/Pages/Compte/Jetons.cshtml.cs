using Maillage.Core.Features.Accounts;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Compte;

/// <summary>
/// Personal API tokens of the signed-in user (<see cref="ApiTokens"/>): list, create (the token is shown once, in the
/// POST response, and never stored: only its prefix and SHA-256 hash are), revoke.
/// </summary>
public sealed class JetonsModel(ApiTokens tokens, TimeProvider clock) : PageModel
{
    public static IReadOnlyList<int> Durations => ApiTokens.Durations;

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int ValidityDays { get; set; } = 90;

    public List<ApiToken> Tokens { get; private set; } = [];
    /// <summary>The token just created: shown once.</summary>
    public string? NewToken { get; private set; }
    public DateTimeOffset Now { get; private set; }

    private Caller Me => Caller.From(User);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try { await LoadAsync(ct); }
        catch (AccessRefusedException) { return Challenge(); }
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        try
        {
            var created = await tokens.CreateAsync(Me, Name, ValidityDays, ct);
            foreach (var (field, message) in created.Errors) ModelState.AddModelError(field, message);
            if (created.Ok)
            {
                NewToken = created.Token;
                Name = null;
            }
            await LoadAsync(ct);
        }
        catch (AccessRefusedException) { return Challenge(); }
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        ApiToken? token;
        try { token = await tokens.RevokeAsync(Me, id, ct); }
        catch (AccessRefusedException) { return Challenge(); }
        if (token is null) return NotFound();
        TempData["Success"] = $"Le jeton « {token.Name} » a été révoqué.";
        return Redirect("/compte/jetons");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Tokens = await tokens.ListAsync(Me, ct);
    }
}
