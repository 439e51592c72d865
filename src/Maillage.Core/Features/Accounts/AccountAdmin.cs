using System.Text.Json;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Auditing;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Maillage.Core.Features.Accounts;

/// <summary>An account as the national administrator sees it: role, scope, and the e-mail and RPPS by which ProConnect
/// and Pro Santé Connect sign in to it. <see cref="Version"/> is the account's concurrency stamp (ASP.NET Identity's own
/// concurrency token): a write from another version is refused.</summary>
public sealed record AccountRow(string Id, string UserName, string? DisplayName, UserRole Role, string? ScopeId, string? Email, string? Rpps, string Version, bool IsDemo);

public enum AccountWriteStatus
{
    Ok,
    Invalid,
    Stale,
    NotFound,
}

/// <summary>What a change of an account's e-mail and RPPS came to: the account after it, or the errors by field
/// (<c>email</c>, <c>rpps</c>, <c>version</c>), in French.</summary>
public sealed record AccountWriteResult(AccountWriteStatus Status, AccountRow? Account, IReadOnlyDictionary<string, string> Errors)
{
    public bool Ok => Status == AccountWriteStatus.Ok;
}

/// <summary>
/// The national administrator's work on accounts (docs/authentication.md, « Linking an account »): list them and set an
/// account's professional e-mail (ProConnect) and RPPS (Pro Santé Connect). The national administrator only (the CLI
/// acts as one, <see cref="Caller.Operator"/>); anyone else is refused (<see cref="AccessRefusedException"/>). An e-mail
/// must be one plain address and belong to no other account (case-insensitive, as the linking rule compares); an RPPS
/// must be 11 digits with a valid Luhn key and belong to no other account. Every change is in the audit trail under
/// <c>account</c> / the account's id, with the e-mail and RPPS before and after (never the password or stamps).
/// </summary>
public sealed class AccountAdmin(MaillageDbContext db, IAuditActor actor, TimeProvider clock)
{
    public const int MaxEmailLength = 254;
    public const int MaxSearchLength = 100;
    public const int MaxListed = 200;

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Whether the caller manages accounts: the national administrator only.</summary>
    public static bool CanManage(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAuthenticated && caller.Role == UserRole.NationalAdmin;
    }

    private static void Require(Caller caller)
    {
        if (!CanManage(caller))
            throw new AccessRefusedException(caller, "Seule l'administration nationale gère les comptes.");
    }

    private static AccountRow Row(AppUser u) => new(u.Id, u.UserName ?? "", u.DisplayName, u.Role, u.ScopeId, u.Email, u.Rpps, u.ConcurrencyStamp ?? "", u.IsDemo);

    /// <summary>The accounts whose user name, name or e-mail contains <paramref name="search"/> (all when empty), by user name, at most <see cref="MaxListed"/>.</summary>
    public async Task<IReadOnlyList<AccountRow>> ListAsync(Caller caller, string? search, CancellationToken ct = default)
    {
        Require(caller);
        var q = db.Users.AsNoTracking();
        var s = search?.Trim();
        if (!string.IsNullOrEmpty(s))
        {
            if (s.Length > MaxSearchLength) s = s[..MaxSearchLength];
            var upper = s.ToUpperInvariant();
            q = q.Where(u => u.NormalizedUserName!.Contains(upper) || u.NormalizedEmail!.Contains(upper) || (u.DisplayName != null && u.DisplayName.Contains(s)));
        }
        var users = await q.OrderBy(u => u.UserName).Take(MaxListed).ToListAsync(ct);
        return users.Select(Row).ToList();
    }

    /// <summary>One account by its user name, or null.</summary>
    public async Task<AccountRow?> GetAsync(Caller caller, string userName, CancellationToken ct = default)
    {
        Require(caller);
        ArgumentNullException.ThrowIfNull(userName);
        if (userName.Length > 256) return null;
        var u = await db.Users.AsNoTracking().FirstOrDefaultAsync(x => x.UserName == userName, ct);
        return u is null ? null : Row(u);
    }

    /// <summary>Null when <paramref name="email"/> is one plain address (name@domain), otherwise what is wrong, in French.</summary>
    public static string? EmailProblem(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (email.Length > MaxEmailLength) return $"L'adresse électronique dépasse {MaxEmailLength} caractères.";
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"' or '(' or ')')
            || at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1 || !email[(at + 1)..].Contains('.', StringComparison.Ordinal)
            || !MailboxAddress.TryParse(email, out var parsed) || !string.Equals(parsed.Address, email, StringComparison.Ordinal))
            return $"« {Shorten(email)} » n'est pas une adresse électronique valide (attendu : prenom.nom@domaine.fr).";
        return null;
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";

    /// <summary>
    /// Sets the e-mail and RPPS of the account <paramref name="userName"/> (an empty value removes it). <paramref name="version"/>
    /// is the version the writer read (null: any, for the CLI without <c>--version</c>); another one is refused (stale) and nothing is written.
    /// </summary>
    public async Task<AccountWriteResult> SetContactAsync(Caller caller, string userName, string? email, string? rpps, string? version, CancellationToken ct = default)
    {
        Require(caller);
        ArgumentNullException.ThrowIfNull(userName);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var user = userName.Length > 256 ? null : await db.Users.FirstOrDefaultAsync(x => x.UserName == userName, ct);
        if (user is null) return new AccountWriteResult(AccountWriteStatus.NotFound, null, new Dictionary<string, string> { ["user"] = $"Compte « {Shorten(userName)} » inconnu." });

        var newEmail = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        var newRpps = string.IsNullOrWhiteSpace(rpps) ? null : rpps.Trim();
        if (newEmail is not null && EmailProblem(newEmail) is { } emailProblem) errors["email"] = emailProblem;
        if (newRpps is not null && newRpps.Length > 32) errors["rpps"] = "Le numéro RPPS comporte 11 chiffres.";
        else if (newRpps is not null && Rpps.Validate(newRpps) is { } rppsProblem) errors["rpps"] = rppsProblem;
        if (errors.Count == 0 && newEmail is not null)
        {
            var normalized = newEmail.ToUpperInvariant();
            var other = await db.Users.AsNoTracking().Where(u => u.Id != user.Id && u.NormalizedEmail == normalized).Select(u => u.UserName).FirstOrDefaultAsync(ct);
            if (other is not null) errors["email"] = $"L'adresse « {newEmail} » est déjà celle du compte « {other} » : une adresse ne désigne qu'un compte.";
        }
        if (errors.Count == 0 && newRpps is not null)
        {
            var other = await db.Users.AsNoTracking().Where(u => u.Id != user.Id && u.Rpps == newRpps).Select(u => u.UserName).FirstOrDefaultAsync(ct);
            if (other is not null) errors["rpps"] = $"Le numéro RPPS {newRpps} est déjà celui du compte « {other} » : un RPPS ne désigne qu'un compte.";
        }
        if (errors.Count > 0) return new AccountWriteResult(AccountWriteStatus.Invalid, Row(user), errors);
        if (version is not null && !string.Equals(version, user.ConcurrencyStamp ?? "", StringComparison.Ordinal)) return await StaleAsync(user, ct);

        var before = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        var after = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        if (!string.Equals(user.Email, newEmail, StringComparison.Ordinal)) { before["Email"] = user.Email; after["Email"] = newEmail; }
        if (!string.Equals(user.Rpps, newRpps, StringComparison.Ordinal)) { before["Rpps"] = user.Rpps; after["Rpps"] = newRpps; }
        if (after.Count == 0) return new AccountWriteResult(AccountWriteStatus.Ok, Row(user), errors);

        // The administrator vouches for the address given (as the demo seed does).
        user.EmailConfirmed = newEmail is not null;
        user.Email = newEmail;
        user.NormalizedEmail = newEmail?.ToUpperInvariant();
        user.Rpps = newRpps;
        // The stamp the writer read is the one the UPDATE checks (Identity's concurrency token), then a new one.
        db.Entry(user).Property(u => u.ConcurrencyStamp).OriginalValue = user.ConcurrencyStamp;
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        db.Set<AuditEntry>().Add(new AuditEntry
        {
            At = clock.GetUtcNow(), UserName = actor.UserName, Origin = actor.Origin, Entity = "account", EntityId = user.Id, Action = "updated",
            Before = JsonSerializer.Serialize(before, Json), After = JsonSerializer.Serialize(after, Json),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var fresh = await db.Users.AsNoTracking().FirstOrDefaultAsync(x => x.Id == user.Id, ct);
            return fresh is null
                ? new AccountWriteResult(AccountWriteStatus.NotFound, null, new Dictionary<string, string> { ["user"] = "Ce compte a été supprimé entre-temps." })
                : await StaleAsync(fresh, ct);
        }
        catch (DbUpdateException)
        {
            // Another account took the same RPPS between our check and our save (unique index): nothing is written.
            db.ChangeTracker.Clear();
            return new AccountWriteResult(AccountWriteStatus.Invalid, null, new Dictionary<string, string> { ["rpps"] = "Ce numéro RPPS vient d'être donné à un autre compte : un RPPS ne désigne qu'un compte." });
        }
        return new AccountWriteResult(AccountWriteStatus.Ok, Row(user), errors);
    }

    private async Task<AccountWriteResult> StaleAsync(AppUser current, CancellationToken ct)
    {
        var last = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == "account" && a.EntityId == current.Id)
            .OrderByDescending(a => a.Id).Select(a => new { a.UserName, a.At }).FirstOrDefaultAsync(ct);
        var who = last is null ? "" : $" par {last.UserName} le {Maillage.Domain.French.DateTime(last.At, clock.LocalTimeZone)}";
        return new AccountWriteResult(AccountWriteStatus.Stale, Row(current), new Dictionary<string, string>
        {
            ["version"] = $"Compte modifié entre-temps{who} : votre enregistrement n'a pas été appliqué pour ne pas écraser cette modification. "
                + "Vérifiez les valeurs actuelles, puis reportez vos changements.",
        });
    }
}
