using Maillage.Core.Data;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Registry;

/// <summary>Loads the whole registry, untracked, for the structural rules.</summary>
public static class RegistrySnapshot
{
    public static async Task<RegistryData> LoadAsync(MaillageDbContext db, CancellationToken ct = default) => new()
    {
        Regions = await db.Regions.AsNoTracking().ToListAsync(ct),
        Departements = await db.Departements.AsNoTracking().ToListAsync(ct),
        Establishments = await db.Establishments.AsNoTracking().ToListAsync(ct),
        Erns = await db.Erns.AsNoTracking().ToListAsync(ct),
        Filieres = await db.Filieres.AsNoTracking().Include(f => f.Erns).ToListAsync(ct),
        Networks = await db.Networks.AsNoTracking().Include(n => n.Perimeter).Include(n => n.Erns).ToListAsync(ct),
        Centres = await db.Centres.AsNoTracking().Include(c => c.Attachments).ToListAsync(ct),
        Platforms = await db.Platforms.AsNoTracking().Include(p => p.Establishments).Include(p => p.Centres).ToListAsync(ct),
        People = await db.People.AsNoTracking().ToListAsync(ct),
        Mandates = await db.Mandates.AsNoTracking().ToListAsync(ct),
        Associations = await db.Associations.AsNoTracking().Include(a => a.Conventions).ToListAsync(ct),
        Periods = await db.LabellingPeriods.AsNoTracking().ToListAsync(ct),
        Labels = await db.Labels.AsNoTracking().ToListAsync(ct),
    };

    /// <summary>The same registry with one object replaced (or added) by its proposed state.</summary>
    public static RegistryData With(RegistryData d, object changed) => changed switch
    {
        Establishment x => Copy(d, establishments: Replace(d.Establishments, x, e => e.Finess == x.Finess)),
        Filiere x => Copy(d, filieres: Replace(d.Filieres, x, e => e.Acronym == x.Acronym)),
        Network x => Copy(d, networks: Replace(d.Networks, x, e => e.Id == x.Id)),
        Centre x => Copy(d, centres: Replace(d.Centres, x, e => e.Id == x.Id)),
        Platform x => Copy(d, platforms: Replace(d.Platforms, x, e => e.Id == x.Id)),
        Person x => Copy(d, people: Replace(d.People, x, e => e.Id == x.Id)),
        Association x => Copy(d, associations: Replace(d.Associations, x, e => e.Id == x.Id)),
        _ => throw new ArgumentException($"Unsupported type {changed.GetType().Name}", nameof(changed)),
    };

    public static RegistryData WithMandates(RegistryData d, IEnumerable<Mandate> mandates, IEnumerable<Label>? labels = null) =>
        Copy(d, mandates: mandates.ToList(), labels: labels?.ToList());

    private static List<T> Replace<T>(IEnumerable<T> items, T replacement, Func<T, bool> same)
    {
        var list = items.Where(i => !same(i)).ToList();
        list.Add(replacement);
        return list;
    }

    private static RegistryData Copy(RegistryData d,
        IReadOnlyCollection<Establishment>? establishments = null, IReadOnlyCollection<Filiere>? filieres = null,
        IReadOnlyCollection<Network>? networks = null, IReadOnlyCollection<Centre>? centres = null,
        IReadOnlyCollection<Platform>? platforms = null, IReadOnlyCollection<Person>? people = null,
        IReadOnlyCollection<Association>? associations = null, IReadOnlyCollection<Mandate>? mandates = null,
        IReadOnlyCollection<Label>? labels = null) => new()
    {
        Regions = d.Regions,
        Departements = d.Departements,
        Establishments = establishments ?? d.Establishments,
        Erns = d.Erns,
        Filieres = filieres ?? d.Filieres,
        Networks = networks ?? d.Networks,
        Centres = centres ?? d.Centres,
        Platforms = platforms ?? d.Platforms,
        People = people ?? d.People,
        Mandates = mandates ?? d.Mandates,
        Associations = associations ?? d.Associations,
        Periods = d.Periods,
        Labels = labels ?? d.Labels,
    };
}

/// <summary>ORPHA code → active, read from the loaded nomenclature.</summary>
public sealed class DbOrphaLookup(IReadOnlyDictionary<int, bool> active) : IOrphaLookup
{
    public bool? IsActive(int code) => active.TryGetValue(code, out var a) ? a : null;

    public static async Task<DbOrphaLookup> LoadAsync(MaillageDbContext db, CancellationToken ct = default)
    {
        var rows = await db.OrphaDiseases.AsNoTracking().Select(o => new { o.Code, o.Status }).ToListAsync(ct);
        return new DbOrphaLookup(rows.ToDictionary(r => r.Code, r => string.Equals(r.Status, "Active", StringComparison.OrdinalIgnoreCase)));
    }
}
