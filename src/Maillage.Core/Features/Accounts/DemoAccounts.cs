using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maillage.Core.Features.Accounts;

/// <summary>
/// One demo account per role, created only with the fictitious demo data set (README: "Comptes de démonstration").
/// Demo accounts cannot sign in once the database is not the demo set (checked at sign-in and for API tokens).
/// </summary>
public static class DemoAccounts
{
    public const string Password = "Demo-Maillage-2026";

    public sealed record Account(string UserName, UserRole Role, string? ScopeId, string DisplayName)
    {
        /// <summary>The e-mail by which ProConnect signs in to this account (fictitious; docs/authentication.md).</summary>
        public string? Email { get; init; }
        /// <summary>The RPPS by which Pro Santé Connect signs in to this account (fictitious, valid key).</summary>
        public string? Rpps { get; init; }
    }

    // Sign-in with ProConnect and Pro Santé Connect (issue 13 §8): the fictitious identities of the test provider
    // (tests/Tools/oidc-provider) and of a deployer's trial, on two demo accounts.
    public const string AdminEmail = "agent.dgos@demo.maillage.invalid";
    public const string CentreHeadRpps = "19990000010";

    public static async Task<IReadOnlyList<Account>> PlanAsync(MaillageDbContext db, CancellationToken ct = default)
    {
        var aphp = await db.Establishments.AsNoTracking().Where(e => e.Level == EstablishmentLevel.LegalEntity && e.Name.Contains("AP-HP"))
            .Select(e => e.Finess).FirstOrDefaultAsync(ct)
            ?? await db.Establishments.AsNoTracking().Where(e => e.Level == EstablishmentLevel.LegalEntity).OrderBy(e => e.Finess).Select(e => e.Finess).FirstOrDefaultAsync(ct);
        var centre = await db.Centres.AsNoTracking()
            .Where(c => c.Kind == CentreKind.ReferenceSite && c.Role == SiteRole.Coordinating && c.ClosedOn == null && c.Network!.FiliereAcronym == "CARDIOGEN")
            .OrderBy(c => c.Id).Select(c => c.Id).FirstOrDefaultAsync(ct);
        var association = await db.Associations.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Id).FirstOrDefaultAsync(ct);
        var list = new List<Account>
        {
            new("admin", UserRole.NationalAdmin, null, "Mission maladies rares (DGOS) — démo") { Email = AdminEmail },
            new("ars-idf", UserRole.RegionalAgency, "11", "ARS Île-de-France — démo"),
            new("filiere-cardiogen", UserRole.FiliereCoordinator, "CARDIOGEN", "Coordination CARDIOGEN — démo"),
            new("expert", UserRole.Expert, null, "Expert d'un jury — démo"),
            new(Demo.DemoCommittee.MemberUserName, UserRole.FollowUpCommittee, null, "Membre du comité de suivi de la labellisation — démo"),
        };
        if (aphp is not null) list.Add(new("etablissement", UserRole.Establishment, aphp, "Direction d'établissement — démo"));
        if (centre is not null) list.Add(new("responsable", UserRole.CentreHead, centre, "Responsable de centre — démo") { Rpps = CentreHeadRpps });
        if (association is not null) list.Add(new("association", UserRole.Association, association, "Association — démo"));
        return list;
    }

    public static async Task EnsureAsync(IServiceProvider services, ILogger logger, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<MaillageDbContext>();
        if (!await DataSetInfo.IsDemoAsync(db, ct)) return;
        var users = services.GetRequiredService<UserManager<AppUser>>();
        foreach (var a in await PlanAsync(db, ct))
        {
            if (await users.FindByNameAsync(a.UserName) is { } existing)
            {
                // A demo set seeded before the e-mail and RPPS of demo accounts existed gets them (once).
                if ((a.Email is null || existing.Email is not null) && (a.Rpps is null || existing.Rpps is not null)) continue;
                if (a.Email is not null) { existing.Email = a.Email; existing.NormalizedEmail = users.NormalizeEmail(a.Email); existing.EmailConfirmed = true; }
                if (a.Rpps is not null) existing.Rpps = a.Rpps;
                await users.UpdateAsync(existing);
                continue;
            }
            var user = new AppUser
            {
                UserName = a.UserName, Role = a.Role, ScopeId = a.ScopeId, DisplayName = a.DisplayName, IsDemo = true, LockoutEnabled = true,
                Email = a.Email, EmailConfirmed = a.Email is not null, Rpps = a.Rpps,
            };
            var result = await users.CreateAsync(user, Password);
            if (!result.Succeeded)
                throw new InvalidOperationException($"Compte de démonstration {a.UserName} : {string.Join(" ", result.Errors.Select(e => e.Description))}");
            logger.LogInformation("Compte de démonstration créé : {User} ({Role} {Scope})", a.UserName, a.Role, a.ScopeId);
        }
    }
}
