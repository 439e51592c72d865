using System.Security.Claims;
using Maillage.Core.Data;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Infrastructure.Security;

/// <summary>The caller as the authorisation rules see it. Anonymous callers have no role.</summary>
public sealed record Caller(string? UserName, UserRole? Role, string? ScopeId)
{
    public const string RoleClaim = "maillage:role";
    public const string ScopeClaim = "maillage:scope";

    public static readonly Caller Anonymous = new(null, null, null);

    /// <summary>The local operator of the command-line tool: whoever runs <c>maillage</c> on the server already holds the
    /// database, so the CLI reads and writes as the national administration (docs/security.md, "Who reads what").</summary>
    public static readonly Caller Operator = new("cli", UserRole.NationalAdmin, null);

    public bool IsAuthenticated => UserName is not null && Role is not null;

    public static Caller From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return Anonymous;
        var roleText = user.FindFirstValue(RoleClaim);
        if (!Enum.TryParse<UserRole>(roleText, out var role)) return Anonymous;
        return new Caller(user.Identity.Name, role, user.FindFirstValue(ScopeClaim));
    }
}

/// <summary>Where an object sits, in the terms of the scopes: regions, legal entities, filières, centres, associations.</summary>
public sealed class ObjectScope
{
    public HashSet<string> Regions { get; } = new(StringComparer.Ordinal);
    public HashSet<string> LegalEntities { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Filieres { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Centres { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Associations { get; } = new(StringComparer.Ordinal);
    /// <summary>Reference tables (regions, ERN, nomenclature, periods): national administrators only.</summary>
    public bool NationalOnly { get; set; }
}

/// <summary>
/// Who may write what. A write is allowed only when the caller's scope covers the object; anything not covered,
/// anonymous, unknown role or missing scope id is refused (fails closed). See docs/security.md.
/// </summary>
public sealed class AccessPolicy(MaillageDbContext db, TimeProvider clock)
{
    public static bool Allows(Caller caller, ObjectScope scope)
    {
        if (!caller.IsAuthenticated) return false;
        if (caller.Role == UserRole.NationalAdmin) return true;
        if (scope.NationalOnly || string.IsNullOrEmpty(caller.ScopeId)) return false;
        return caller.Role switch
        {
            UserRole.RegionalAgency => scope.Regions.Contains(caller.ScopeId),
            UserRole.Establishment => scope.LegalEntities.Contains(caller.ScopeId),
            UserRole.FiliereCoordinator => scope.Filieres.Contains(caller.ScopeId),
            UserRole.CentreHead => scope.Centres.Contains(caller.ScopeId),
            UserRole.Association => scope.Associations.Contains(caller.ScopeId),
            _ => false,
        };
    }

    public async Task<bool> CanWriteAsync(Caller caller, string entity, string id, CancellationToken ct = default)
    {
        if (!caller.IsAuthenticated) return false;
        if (caller.Role == UserRole.NationalAdmin) return true;
        return Allows(caller, await ScopeOfAsync(entity, id, ct));
    }

    /// <summary>The scope of an existing object (empty, hence national-only in effect, when it does not exist).</summary>
    public async Task<ObjectScope> ScopeOfAsync(string entity, string id, CancellationToken ct = default)
    {
        var s = new ObjectScope();
        switch (entity)
        {
            case "centre":
            {
                var c = await db.Centres.AsNoTracking().Include(x => x.Attachments).FirstOrDefaultAsync(x => x.Id == id, ct);
                if (c is null) break;
                await AddCentreAsync(s, c, ct);
                break;
            }
            case "network":
            {
                var n = await db.Networks.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
                if (n is null) break;
                s.Filieres.Add(n.FiliereAcronym);
                var coordinating = await db.Centres.AsNoTracking().Include(x => x.Attachments)
                    .Where(x => x.NetworkId == id && x.Role == SiteRole.Coordinating && x.ClosedOn == null).ToListAsync(ct);
                foreach (var c in coordinating) await AddCentreAsync(s, c, ct);
                break;
            }
            case "establishment":
                await AddEstablishmentAsync(s, id, ct);
                break;
            case "filiere":
                s.Filieres.Add(id);
                break;
            case "platform":
            {
                var p = await db.Platforms.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
                if (p is null) break;
                await AddEstablishmentAsync(s, p.HostFiness, ct);
                if (p.RegionCode is not null) s.Regions.Add(p.RegionCode);
                break;
            }
            case "association":
                s.Associations.Add(id);
                break;
            case "person":
            {
                // A person belongs to the structures he or she heads today: mandates in force on the day of the request only
                // (a mandate starting in the future gives its future head's editors no reach over the person).
                var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
                var centreIds = await db.Mandates.AsNoTracking()
                    .Where(m => m.PersonId == id && m.CentreId != null && m.From <= today && (m.To == null || m.To >= today))
                    .Select(m => m.CentreId!).ToListAsync(ct);
                foreach (var cid in centreIds)
                {
                    var c = await db.Centres.AsNoTracking().Include(x => x.Attachments).FirstOrDefaultAsync(x => x.Id == cid, ct);
                    if (c is not null) await AddCentreAsync(s, c, ct);
                }
                var filieres = await db.Mandates.AsNoTracking()
                    .Where(m => m.PersonId == id && m.FiliereAcronym != null && m.From <= today && (m.To == null || m.To >= today))
                    .Select(m => m.FiliereAcronym!).ToListAsync(ct);
                foreach (var f in filieres) s.Filieres.Add(f);
                break;
            }
            default:
                s.NationalOnly = true;
                break;
        }
        return s;
    }

    /// <summary>
    /// The scopes of many centres at once (all of them when <paramref name="centreIds"/> is null), in four queries: the
    /// bulk form of <see cref="ScopeOfAsync"/> for a centre (itself, its establishment's legal entity and region, the
    /// filières of its network and attachments), for lists and for people's scopes.
    /// </summary>
    public static async Task<Dictionary<string, ObjectScope>> CentreScopesAsync(MaillageDbContext db, IReadOnlyCollection<string>? centreIds,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var centreQuery = db.Centres.AsNoTracking();
        var attachmentQuery = db.CentreAttachments.AsNoTracking();
        if (centreIds is not null)
        {
            centreQuery = centreQuery.Where(c => centreIds.Contains(c.Id));
            attachmentQuery = attachmentQuery.Where(a => centreIds.Contains(a.CentreId));
        }
        var centres = await centreQuery.Select(c => new { c.Id, c.EstablishmentFiness, c.NetworkId }).ToListAsync(ct);
        var attachments = (await attachmentQuery.Select(a => new { a.CentreId, a.NetworkId }).ToListAsync(ct))
            .ToLookup(a => a.CentreId, a => a.NetworkId, StringComparer.Ordinal);
        var establishments = await db.Establishments.AsNoTracking()
            .Select(e => new { e.Finess, e.LegalEntityFiness, Region = e.Departement == null ? null : e.Departement.RegionCode })
            .ToDictionaryAsync(e => e.Finess, StringComparer.Ordinal, ct);
        var filiereOf = await db.Networks.AsNoTracking().ToDictionaryAsync(n => n.Id, n => n.FiliereAcronym, StringComparer.Ordinal, ct);
        var scopes = new Dictionary<string, ObjectScope>(centres.Count, StringComparer.Ordinal);
        foreach (var c in centres)
        {
            var s = new ObjectScope();
            s.Centres.Add(c.Id);
            if (establishments.TryGetValue(c.EstablishmentFiness, out var e))
            {
                s.LegalEntities.Add(e.LegalEntityFiness ?? e.Finess);
                if (e.Region is not null) s.Regions.Add(e.Region);
            }
            foreach (var n in attachments[c.Id].Append(c.NetworkId))
                if (n is not null && filiereOf.TryGetValue(n, out var f)) s.Filieres.Add(f);
            scopes[c.Id] = s;
        }
        return scopes;
    }

    /// <summary>The scope a new or changed centre would have, from its (proposed) values.</summary>
    public async Task AddCentreAsync(ObjectScope s, Centre c, CancellationToken ct = default)
    {
        s.Centres.Add(c.Id);
        await AddEstablishmentAsync(s, c.EstablishmentFiness, ct);
        var networkIds = c.Attachments.Select(a => a.NetworkId).ToList();
        if (c.NetworkId is not null) networkIds.Add(c.NetworkId);
        var filieres = await db.Networks.AsNoTracking().Where(n => networkIds.Contains(n.Id)).Select(n => n.FiliereAcronym).ToListAsync(ct);
        foreach (var f in filieres) s.Filieres.Add(f);
    }

    public async Task AddEstablishmentAsync(ObjectScope s, string finess, CancellationToken ct = default)
    {
        var e = await db.Establishments.AsNoTracking().Include(x => x.Departement).FirstOrDefaultAsync(x => x.Finess == finess, ct);
        if (e is null) return;
        s.LegalEntities.Add(e.LegalEntityFiness ?? e.Finess);
        if (e.Departement is not null) s.Regions.Add(e.Departement.RegionCode);
    }
}
