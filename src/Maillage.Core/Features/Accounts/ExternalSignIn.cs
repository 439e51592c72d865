using System.Security.Claims;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Auditing;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Maillage.Core.Features.Accounts;

/// <summary>The State's identity federations Maillage accepts (docs/authentication.md).</summary>
public enum IdentityProvider
{
    /// <summary>ProConnect (DINUM): the State's agents, identified by their professional e-mail.</summary>
    ProConnect,
    /// <summary>Pro Santé Connect (Agence du numérique en santé): health professionals, identified by their RPPS.</summary>
    ProSanteConnect,
}

public static class IdentityProviders
{
    public static readonly EnumTable<IdentityProvider> Table = new(v => v switch
    {
        IdentityProvider.ProConnect => ("proconnect", "ProConnect"),
        IdentityProvider.ProSanteConnect => ("pro_sante_connect", "Pro Santé Connect"),
    });
}

/// <summary>
/// One identity of a federation linked to a Maillage account (schema 0023): the provider's stable subject
/// (<c>sub</c>), the e-mail or RPPS that matched the account when the link was made, when it was made and last used.
/// Created and updated only by <see cref="ExternalSignIn"/>; every change is in the audit trail under the account.
/// </summary>
public sealed class ExternalLogin : IAuditSubject
{
    public const int MaxSubjectLength = 255;
    public const int MaxIdentifierLength = 256;

    public int Id { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }
    public IdentityProvider Provider { get; set; }
    public required string Subject { get; set; }
    /// <summary>The verified e-mail (ProConnect) or the RPPS (Pro Santé Connect) that matched the account.</summary>
    public required string Identifier { get; set; }
    public DateTimeOffset LinkedAt { get; set; }
    public DateTimeOffset LastSignInAt { get; set; }

    public string AuditEntity => "account";
    public string AuditId => UserId;
}

/// <summary>What an identity provider says of the person who signed in, reduced to what the linking rule needs.</summary>
/// <param name="EmailVerified">True when the provider vouches for the e-mail (claim <c>email_verified</c>, or the
/// federation's contract when it sends no such claim: see <see cref="From"/>).</param>
public sealed record ExternalIdentity(IdentityProvider Provider, string? Subject, string? Email, bool EmailVerified, string? Rpps, string? DisplayName)
{
    /// <summary>
    /// Reads the claims of a provider's ID token and userinfo, by their names in the federations' documentation:
    /// ProConnect <c>sub</c>, <c>email</c>, <c>given_name</c>, <c>usual_name</c> (and <c>email_verified</c> when sent);
    /// Pro Santé Connect <c>sub</c>, <c>SubjectNameID</c> (national identifier: « 8 » followed by the RPPS),
    /// <c>given_name</c>, <c>family_name</c>. <paramref name="emailVerifiedWithoutClaim"/>: whether an e-mail sent
    /// without <c>email_verified</c> counts as verified (ProConnect only federates providers that verify the
    /// professional e-mail; an explicit <c>email_verified: false</c> always wins).
    /// </summary>
    public static ExternalIdentity From(IdentityProvider provider, ClaimsPrincipal principal, bool emailVerifiedWithoutClaim)
    {
        ArgumentNullException.ThrowIfNull(principal);
        string? Claim(string type) => principal.FindFirst(type)?.Value is { Length: > 0 } v ? v.Trim() : null;
        var subject = Claim("sub") ?? Claim(ClaimTypes.NameIdentifier);
        var email = Claim("email") ?? Claim(ClaimTypes.Email);
        var verifiedClaim = Claim("email_verified");
        var verified = verifiedClaim is null
            ? emailVerifiedWithoutClaim
            : string.Equals(verifiedClaim, "true", StringComparison.OrdinalIgnoreCase);
        var given = Claim("given_name");
        var family = Claim("usual_name") ?? Claim("family_name");
        var name = string.Join(' ', new[] { given, family }.Where(x => x is not null));
        string? rpps = null;
        if (provider == IdentityProvider.ProSanteConnect)
            rpps = RppsOfNationalId(Claim("SubjectNameID") ?? Claim("preferred_username"));
        return new ExternalIdentity(provider, subject, email, verified && email is not null, rpps, name.Length == 0 ? null : name);
    }

    /// <summary>
    /// The RPPS in a health professional's national identifier (« identifiant national », idNat): « 8 » followed by the
    /// 11-digit RPPS. Null for anything else (an ADELI-based identifier, which starts with another digit, has no RPPS).
    /// </summary>
    public static string? RppsOfNationalId(string? nationalId)
    {
        if (nationalId is null) return null;
        var v = nationalId.Trim();
        if (v.Length == 12 && v[0] == '8' && Domain.Registry.Rpps.IsValid(v[1..])) return v[1..];
        return null;
    }
}

/// <summary>What signing in with a provider came to: the Maillage account, or the French reason it is refused.</summary>
public sealed record ExternalSignInResult(AppUser? Account, string? Refusal)
{
    public bool Ok => Account is not null;
}

/// <summary>
/// The linking rule of sign-in through an identity federation (docs/authentication.md). The federation says who the
/// person is; Maillage decides what the person may do. So an identity signs in only as an account that already exists
/// in Maillage, with its role and scope granted there:
/// <list type="bullet">
/// <item>ProConnect: the e-mail must be verified and must be the e-mail of exactly one account;</item>
/// <item>Pro Santé Connect: the RPPS (from <c>SubjectNameID</c>) must be valid and be the RPPS of exactly one account;</item>
/// <item>anything else is refused with a French reason: no account is ever created, no role ever given;</item>
/// <item>a disabled (locked) account stays disabled, and a demo account works only on the demo data set;</item>
/// <item>the provider's subject is linked to the account it matched (table <c>external_logins</c>, audited); the same
/// subject matching another account later is refused (an e-mail given to someone else, an RPPS moved).</item>
/// </list>
/// </summary>
public sealed class ExternalSignIn(MaillageDbContext db, TimeProvider clock, ILogger<ExternalSignIn> logger)
{
    public const string Unknown =
        "Aucun compte Maillage ne correspond à cette identité. Maillage ne crée pas de compte à la connexion : demandez à "
        + "l'administrateur de Maillage de votre organisation de vous ouvrir un compte avec votre adresse électronique "
        + "professionnelle (ProConnect) ou votre numéro RPPS (Pro Santé Connect), puis reconnectez-vous.";

    public async Task<ExternalSignInResult> SignInAsync(ExternalIdentity identity, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var label = IdentityProviders.Table.Label(identity.Provider);
        if (identity.Subject is null || identity.Subject.Length > ExternalLogin.MaxSubjectLength)
            return Refuse(identity, $"{label} n'a pas transmis d'identifiant utilisable : la connexion est refusée.");

        string key;
        List<AppUser> matches;
        switch (identity.Provider)
        {
            case IdentityProvider.ProConnect:
                if (identity.Email is null || identity.Email.Length > ExternalLogin.MaxIdentifierLength || !identity.Email.Contains('@', StringComparison.Ordinal))
                    return Refuse(identity, $"{label} n'a pas transmis d'adresse électronique : la connexion est refusée.");
                if (!identity.EmailVerified)
                    return Refuse(identity, $"{label} n'a pas garanti votre adresse électronique ({identity.Email}) : Maillage ne relie un compte qu'à une adresse vérifiée.");
                key = identity.Email;
                var normalized = identity.Email.ToUpperInvariant();
                matches = await db.Users.Where(u => u.NormalizedEmail == normalized).Take(2).ToListAsync(ct);
                break;
            case IdentityProvider.ProSanteConnect:
                if (identity.Rpps is null || !Rpps.IsValid(identity.Rpps))
                    return Refuse(identity, $"{label} n'a pas transmis de numéro RPPS valide : Maillage relie les professionnels de santé à leur compte par leur RPPS.");
                key = identity.Rpps;
                var rpps = identity.Rpps;
                matches = await db.Users.Where(u => u.Rpps == rpps).Take(2).ToListAsync(ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(identity), identity.Provider, null);
        }
        if (matches.Count == 0) return Refuse(identity, Unknown);
        if (matches.Count > 1)
            return Refuse(identity, $"Plusieurs comptes Maillage portent cette identité ({key}) : l'administrateur doit n'en garder qu'un avant que vous puissiez vous connecter avec {label}.");
        var account = matches[0];

        var now = clock.GetUtcNow();
        if (account.LockoutEnabled && account.LockoutEnd is { } end && end > now)
            return Refuse(identity, "Ce compte Maillage est désactivé ou verrouillé : la connexion avec " + label + " ne le rouvre pas.");
        if (account.IsDemo && !await DataSetInfo.IsDemoAsync(db, ct))
            return Refuse(identity, "Les comptes de démonstration ne fonctionnent qu'avec les données de démonstration.");

        var provider = identity.Provider;
        var subject = identity.Subject;
        var link = await db.ExternalLogins.FirstOrDefaultAsync(l => l.Provider == provider && l.Subject == subject, ct);
        if (link is not null && link.UserId != account.Id)
            return Refuse(identity, $"Cette identité {label} est déjà reliée à un autre compte Maillage : l'administrateur doit vérifier l'adresse ou le RPPS des comptes.");
        if (link is null)
        {
            db.ExternalLogins.Add(new ExternalLogin
            {
                UserId = account.Id, Provider = provider, Subject = subject, Identifier = key, LinkedAt = now, LastSignInAt = now,
            });
        }
        else
        {
            link.Identifier = key;
            link.LastSignInAt = now;
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Connexion {Provider} : {Subject} → compte {User}", IdentityProviders.Table.Code(provider), subject, account.UserName);
        return new ExternalSignInResult(account, null);
    }

    private ExternalSignInResult Refuse(ExternalIdentity identity, string reason)
    {
        logger.LogWarning("Connexion {Provider} refusée ({Subject}) : {Reason}", IdentityProviders.Table.Code(identity.Provider),
            identity.Subject?[..Math.Min(identity.Subject.Length, 64)], reason);
        return new ExternalSignInResult(null, reason);
    }
}
