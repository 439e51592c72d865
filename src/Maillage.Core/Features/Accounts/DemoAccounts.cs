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

    public sealed record Account(string UserName, UserRole Role, string? ScopeId, string DisplayName);

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
            new("admin", UserRole.NationalAdmin, null, "Mission maladies rares (DGOS) — démo"),
            new("ars-idf", UserRole.RegionalAgency, "11", "ARS Île-de-France — démo"),
            new("filiere-cardiogen", UserRole.FiliereCoordinator, "CARDIOGEN", "Coordination CARDIOGEN — démo"),
            new("expert", UserRole.Expert, null, "Expert d'un jury — démo"),
            new(Demo.DemoCommittee.MemberUserName, UserRole.FollowUpCommittee, null, "Membre du comité de suivi de la labellisation — démo"),
        };
        if (aphp is not null) list.Add(new("etablissement", UserRole.Establishment, aphp, "Direction d'établissement — démo"));
        if (centre is not null) list.Add(new("responsable", UserRole.CentreHead, centre, "Responsable de centre — démo"));
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
            if (await users.FindByNameAsync(a.UserName) is not null) continue;
            var user = new AppUser { UserName = a.UserName, Role = a.Role, ScopeId = a.ScopeId, DisplayName = a.DisplayName, IsDemo = true, LockoutEnabled = true };
            var result = await users.CreateAsync(user, Password);
            if (!result.Succeeded)
                throw new InvalidOperationException($"Compte de démonstration {a.UserName} : {string.Join(" ", result.Errors.Select(e => e.Description))}");
            logger.LogInformation("Compte de démonstration créé : {User} ({Role} {Scope})", a.UserName, a.Role, a.ScopeId);
        }
    }
}
