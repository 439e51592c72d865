using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Accounts;

/// <summary>What creating a token came to: the token in clear (shown once, never stored) or the errors by field.</summary>
public sealed record ApiTokenCreation(string? Token, ApiToken? Created, IReadOnlyDictionary<string, string> Errors)
{
    public bool Ok => Token is not null;
}

/// <summary>
/// A signed-in user's own personal API tokens: list, create, revoke. Every method takes the caller and acts on the
/// caller's tokens only (the account is the caller's user name); an anonymous caller, or one whose account no longer
/// exists, is refused (<see cref="AccessRefusedException"/>). Only a token's prefix and SHA-256 hash are stored.
/// </summary>
public sealed class ApiTokens(MaillageDbContext db, TimeProvider clock)
{
    /// <summary>Whether demo accounts may work (sign-in, tokens): only on the fictitious demo data set.</summary>
    public Task<bool> DemoAccountsWorkAsync(CancellationToken ct = default) => DataSetInfo.IsDemoAsync(db, ct);

    /// <summary>
    /// The account a presented token authenticates, or the French reason it does not: unknown, revoked or expired
    /// token, or a demo account on a database that is not the demo set. A locked-out account's tokens keep working (the
    /// lockout is about password guesses). "Last used" is informative, to the minute: written at most once a minute, and
    /// never at the price of the request (on SQLite a long write elsewhere, e.g. an activity import committing, makes this
    /// write busy).
    /// </summary>
    public async Task<(AppUser? User, string? Refusal)> AuthenticateAsync(string token, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.StartsWith(TokenHasher.Prefix, StringComparison.Ordinal)) return (null, "Jeton invalide.");
        var hash = TokenHasher.Hash(token);
        var now = clock.GetUtcNow();
        var row = await db.ApiTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.Hash == hash, ct);
        if (row?.User is null || row.RevokedAt is not null || (row.ExpiresAt is not null && row.ExpiresAt < now))
            return (null, "Jeton invalide, expiré ou révoqué.");
        if (row.User.IsDemo && !await DemoAccountsWorkAsync(ct))
            return (null, "Les comptes de démonstration ne fonctionnent qu'avec les données de démonstration.");
        if (row.LastUsedAt is null || now - row.LastUsedAt.Value >= TimeSpan.FromMinutes(1))
        {
            row.LastUsedAt = now;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }
        }
        return (row.User, null);
    }

    /// <summary>The validities offered, in days.</summary>
    public static readonly IReadOnlyList<int> Durations = [30, 90, 365];

    public const int MaxNameLength = 100;

    private async Task<string> UserIdAsync(Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        const string refused = "Les jetons d'API sont ceux de votre compte : connectez-vous.";
        if (!caller.IsAuthenticated) throw new AccessRefusedException(caller, refused);
        var id = await db.Users.AsNoTracking().Where(u => u.UserName == caller.UserName).Select(u => u.Id).FirstOrDefaultAsync(ct);
        return id ?? throw new AccessRefusedException(caller, refused);
    }

    /// <summary>The caller's tokens, most recent first.</summary>
    public async Task<List<ApiToken>> ListAsync(Caller caller, CancellationToken ct)
    {
        var userId = await UserIdAsync(caller, ct);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(ct);
    }

    /// <summary>Creates a token for the caller: a name (1 to 100 characters) and one of <see cref="Durations"/>.</summary>
    public async Task<ApiTokenCreation> CreateAsync(Caller caller, string? name, int validityDays, CancellationToken ct)
    {
        var userId = await UserIdAsync(caller, ct);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        name = name?.Trim();
        if (string.IsNullOrEmpty(name)) errors["Name"] = "Donnez un nom au jeton, par exemple « Export hebdomadaire ».";
        else if (name.Length > MaxNameLength) errors["Name"] = $"Le nom du jeton ne dépasse pas {MaxNameLength} caractères.";
        if (!Durations.Contains(validityDays)) errors["ValidityDays"] = "Choisissez une durée dans la liste.";
        if (errors.Count > 0) return new ApiTokenCreation(null, null, errors);
        var token = TokenHasher.NewToken();
        var now = clock.GetUtcNow();
        var row = new ApiToken
        {
            UserId = userId, Name = name!, Prefix = token[..8], Hash = TokenHasher.Hash(token),
            CreatedAt = now, ExpiresAt = now.AddDays(validityDays),
        };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(ct);
        return new ApiTokenCreation(token, row, errors);
    }

    /// <summary>Revokes one of the caller's tokens (already revoked: unchanged); null when the caller has no token of this id.</summary>
    public async Task<ApiToken?> RevokeAsync(Caller caller, int id, CancellationToken ct)
    {
        var userId = await UserIdAsync(caller, ct);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId, ct);
        if (token is null) return null;
        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return token;
    }
}
