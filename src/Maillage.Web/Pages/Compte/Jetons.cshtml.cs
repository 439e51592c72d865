using Maillage.Core.Data;
using Maillage.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Compte;

/// <summary>
/// Personal API tokens of the signed-in user: list, create (the token is shown once, in the POST response, and
/// never stored: only its prefix and SHA-256 hash are), revoke.
/// </summary>
public sealed class JetonsModel(MaillageDbContext db, UserManager<AppUser> users, TimeProvider clock) : PageModel
{
    public static readonly int[] Durations = [30, 90, 365];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int ValidityDays { get; set; } = 90;

    public List<ApiToken> Tokens { get; private set; } = [];
    /// <summary>The token just created: shown once.</summary>
    public string? NewToken { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (users.GetUserId(User) is not { } userId) return Challenge();
        await LoadAsync(userId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (users.GetUserId(User) is not { } userId) return Challenge();
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name)) ModelState.AddModelError(nameof(Name), "Donnez un nom au jeton, par exemple « Export hebdomadaire ».");
        else if (name.Length > 100) ModelState.AddModelError(nameof(Name), "Le nom du jeton ne dépasse pas 100 caractères.");
        if (!Durations.Contains(ValidityDays)) ModelState.AddModelError(nameof(ValidityDays), "Choisissez une durée dans la liste.");
        if (ModelState.IsValid)
        {
            var token = TokenHasher.NewToken();
            var now = clock.GetUtcNow();
            db.ApiTokens.Add(new ApiToken
            {
                UserId = userId, Name = name!, Prefix = token[..8], Hash = TokenHasher.Hash(token),
                CreatedAt = now, ExpiresAt = now.AddDays(ValidityDays),
            });
            await db.SaveChangesAsync(ct);
            NewToken = token;
            Name = null;
        }
        await LoadAsync(userId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        if (users.GetUserId(User) is not { } userId) return Challenge();
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId, ct);
        if (token is null) return NotFound();
        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        TempData["Success"] = $"Le jeton « {token.Name} » a été révoqué.";
        return Redirect("/compte/jetons");
    }

    private async Task LoadAsync(string userId, CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(ct);
    }
}
