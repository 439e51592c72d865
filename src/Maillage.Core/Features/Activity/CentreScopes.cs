using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Activity;

/// <summary>
/// Which centres' health activity a caller may read (<see cref="DataAccess"/>, classes
/// <see cref="DataClass.HealthActivity"/> and <see cref="DataClass.SmallCells"/>), computed for every centre at once:
/// the scope of a centre is the one <see cref="AccessPolicy.ScopeOfAsync"/> gives (the centre, the legal entity and the
/// region of its establishment, the filières of its networks), here from four queries whatever the number of centres.
/// The national administration reads everything and needs no query; associations, experts and anonymous callers read no
/// centre's activity and need none either.
/// </summary>
public sealed class CentreScopes
{
    private readonly Caller _caller;
    private readonly IReadOnlyDictionary<string, ObjectScope>? _scopes;

    private CentreScopes(Caller caller, IReadOnlyDictionary<string, ObjectScope>? scopes)
    {
        _caller = caller;
        _scopes = scopes;
    }

    public Caller Caller => _caller;

    /// <summary>True when the caller may read the activity of every centre (national administration).</summary>
    public bool All => _caller.IsAuthenticated && _caller.Role == UserRole.NationalAdmin;

    /// <summary>True when the caller may read the activity of no centre at all (anonymous, association, expert, no scope).</summary>
    public bool None => !DataAccess.MayReadAny(_caller, DataClass.HealthActivity);

    public static async Task<CentreScopes> LoadAsync(MaillageDbContext db, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        var probe = new CentreScopes(caller, null);
        if (probe.All || probe.None) return probe;
        return new CentreScopes(caller, await ScopesAsync(db, ct));
    }

    /// <summary>The scope of every centre, as <see cref="AccessPolicy.AddCentreAsync"/> computes it for one (plain queries per
    /// table: SQLite has no APPLY for a SelectMany over a navigation).</summary>
    public static async Task<IReadOnlyDictionary<string, ObjectScope>> ScopesAsync(MaillageDbContext db, CancellationToken ct) =>
        await AccessPolicy.CentreScopesAsync(db, null, ct);

    /// <summary>May the caller read this centre's activity (indicators, residence breakdown), small counts included?</summary>
    public bool CanRead(string centreId)
    {
        if (All) return true;
        if (None || _scopes is null) return false;
        return _scopes.TryGetValue(centreId, out var scope) && DataAccess.CanRead(_caller, DataClass.HealthActivity, scope);
    }

    /// <summary>
    /// A sum over several centres as this caller may see it: exact when the caller reads every one of them, otherwise a
    /// public aggregate — null ("moins de 10") below <see cref="Maillage.Domain.PublicDirectory.SmallCells.Threshold"/>.
    /// </summary>
    public long? Aggregate(IEnumerable<string> centreIds, long sum)
    {
        ArgumentNullException.ThrowIfNull(centreIds);
        return All || centreIds.All(CanRead) ? sum : Maillage.Domain.PublicDirectory.SmallCells.Publishable(sum);
    }
}
