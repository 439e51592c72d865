using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Activity;

/// <summary>What the activity page shows a caller: the years, the indicators of one year for the centres the caller may
/// read, their names, and the import log (national administration only, otherwise null).</summary>
public sealed record ActivityOverview(
    IReadOnlyList<int> Years, int? Year, IReadOnlyList<ActivityIndicators> Indicators, IReadOnlyDictionary<string, string> CentreNames,
    IReadOnlyList<ActivityImportRecord>? Imports, bool AllCentres, bool NoCentre);

/// <summary>
/// Reads of the measured activity (docs/security.md, "Health activity"). Indicators per centre and their residence
/// breakdown are <see cref="DataClass.HealthActivity"/>: the national administration reads every centre; the regional
/// agency, the establishment direction, the filière coordinator and the centre head read the centres in their scope
/// (exact figures, small counts included); other centres are absent from what they get. Associations, experts and
/// anonymous callers read none (refused). The import log — who imported which file when — is for the national
/// administration, who imports.
/// </summary>
public sealed class ActivityReads(MaillageDbContext db)
{
    public const string RefusedIndicators =
        "Les indicateurs d'activité par centre sont réservés à l'administration nationale et, pour les centres de leur périmètre, aux ARS, directions d'établissement, coordinations de filière et responsables de centre.";

    public const string RefusedImports = "L'historique des imports d'activité est réservé à l'administration nationale.";

    /// <summary>Indicators of a year (sorted by centre id), only of the centres the caller may read; refuses a caller who may read none.</summary>
    public async Task<List<ActivityIndicators>> IndicatorsAsync(Caller caller, int year, string? centreId, CancellationToken ct)
    {
        var scopes = await CentreScopes.LoadAsync(db, caller, ct);
        if (scopes.None) throw new AccessRefusedException(caller, RefusedIndicators);
        var rows = await ActivityStore.IndicatorsAsync(db, year, ct);
        return rows.Where(r => (centreId is null || r.CentreId == centreId) && scopes.CanRead(r.CentreId)).ToList();
    }

    /// <summary>One centre's indicators, every year (most recent first), or null when the caller may not read that centre's
    /// activity (for the centre's own page: the block is then absent).</summary>
    public async Task<List<ActivityIndicators>?> OfCentreAsync(Caller caller, string centreId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!DataAccess.MayReadAny(caller, DataClass.HealthActivity)) return null;
        var scope = caller.Role == UserRole.NationalAdmin ? null : (await CentreScopes.ScopesAsync(db, ct)).GetValueOrDefault(centreId);
        if (caller.Role != UserRole.NationalAdmin && !DataAccess.CanRead(caller, DataClass.HealthActivity, scope)) return null;
        return (await db.ActivityIndicators.AsNoTracking().Where(x => x.CentreId == centreId).ToListAsync(ct))
            .Select(x => x.ToIndicators()).OrderByDescending(x => x.Year).ToList();
    }

    /// <summary>The import log, most recent first (national administration).</summary>
    public async Task<List<ActivityImportRecord>> ImportsAsync(Caller caller, int take, CancellationToken ct)
    {
        AccessRefusedException.ThrowUnlessNational(caller, RefusedImports);
        return await ActivityStore.ImportsAsync(db, Math.Clamp(take, 1, 1000), ct);
    }

    /// <summary>One applied import by its number (national administration); null when there is none.</summary>
    public async Task<ActivityImportRecord?> ImportAsync(Caller caller, long id, CancellationToken ct)
    {
        AccessRefusedException.ThrowUnlessNational(caller, RefusedImports);
        return await db.ActivityImports.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
    }

    /// <summary>The activity page of a signed-in caller (refused for anonymous callers); empty tables for a caller who reads no centre.</summary>
    public async Task<ActivityOverview> OverviewAsync(Caller caller, int? year, int imports, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) throw new AccessRefusedException(caller, RefusedIndicators);
        var scopes = await CentreScopes.LoadAsync(db, caller, ct);
        var log = scopes.All ? await ActivityStore.ImportsAsync(db, imports, ct) : null;
        if (scopes.None) return new ActivityOverview([], null, [], new Dictionary<string, string>(), log, false, true);
        var years = await db.ActivityIndicators.AsNoTracking().Select(x => x.Year).Distinct().OrderByDescending(y => y).ToListAsync(ct);
        int? chosen = year is not null && years.Contains(year.Value) ? year : years.Count > 0 ? years[0] : null;
        List<ActivityIndicators> rows = [];
        Dictionary<string, string> names = [];
        if (chosen is { } y)
        {
            rows = (await ActivityStore.IndicatorsAsync(db, y, ct)).Where(r => scopes.CanRead(r.CentreId)).ToList();
            var ids = rows.Select(i => i.CentreId).ToList();
            names = await db.Centres.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, StringComparer.Ordinal, ct);
        }
        return new ActivityOverview(years, chosen, rows, names, log, scopes.All, false);
    }
}
