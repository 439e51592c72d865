using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures;

/// <summary>
/// Read paths of the procedures' pages and API that are not a dossier's own: the yearly list (public, as the arrêté
/// is), the networks a caller may open a labelling application for, the host establishments a caller may propose for a
/// platform project. Each takes the caller; what depends on it is empty for anyone the rule does not name (fail closed).
/// </summary>
public sealed class ProcedureReads(MaillageDbContext db)
{
    /// <summary>The yearly list of labelled centres of <paramref name="year"/> (2000–2100, else null) and its differences
    /// with the previous year's: public data, for every caller.</summary>
    public async Task<YearlyList?> YearlyListAsync(Caller caller, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (year is < 2000 or > 2100) return null;
        return await YearlyLists.BuildAsync(db, year, ct);
    }

    /// <summary>
    /// The CRMR networks the caller may apply for in a labelling campaign — those whose coordinating site (open) the
    /// caller heads (centre head) or whose legal entity the caller directs (establishment); every network for the national
    /// administration; none for anyone else. Sorted by network id.
    /// </summary>
    public async Task<List<(string Id, string Name)>> ApplicableNetworksAsync(Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) return [];
        var coordinating = db.Centres.AsNoTracking().Where(c => c.Role == SiteRole.Coordinating && c.ClosedOn == null && c.NetworkId != null);
        var scope = caller.ScopeId;
        coordinating = caller.Role switch
        {
            UserRole.NationalAdmin => coordinating,
            UserRole.CentreHead when scope is not null => coordinating.Where(c => c.Id == scope),
            UserRole.Establishment when scope is not null => coordinating.Where(c => (c.Establishment!.LegalEntityFiness ?? c.EstablishmentFiness) == scope),
            _ => coordinating.Where(_ => false),
        };
        return (await coordinating.Select(c => new { c.NetworkId, c.Network!.Name }).ToListAsync(ct))
            .OrderBy(n => n.NetworkId, StringComparer.Ordinal).Select(n => (n.NetworkId!, n.Name)).ToList();
    }

    /// <summary>The establishments (ET) of the caller's legal entity, by name: the hosts an establishment direction may
    /// propose for a platform project; none for other roles (the national administration types the FINESS).</summary>
    public async Task<List<(string Finess, string Name)>> HostChoicesAsync(Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated || caller.Role != UserRole.Establishment || string.IsNullOrEmpty(caller.ScopeId)) return [];
        var scope = caller.ScopeId;
        return (await db.Establishments.AsNoTracking().Where(e => e.LegalEntityFiness == scope && e.Level == EstablishmentLevel.Site)
            .OrderBy(e => e.Name).Select(e => new { e.Finess, e.Name }).ToListAsync(ct)).Select(e => (e.Finess, e.Name)).ToList();
    }

    /// <summary>Whether an establishment of this FINESS is in the registry (public).</summary>
    public Task<bool> EstablishmentExistsAsync(string finess, CancellationToken ct) => db.Establishments.AnyAsync(e => e.Finess == finess, ct);
}
