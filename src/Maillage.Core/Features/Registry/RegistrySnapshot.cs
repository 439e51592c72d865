using Maillage.Core.Data;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Registry;

/// <summary>Loads the whole registry, untracked, for the structural rules.</summary>
public static class RegistrySnapshot
{
    public static Task<RegistryData> LoadAsync(MaillageDbContext db, CancellationToken ct = default) =>
        Maillage.Core.Features.Registry.Transfer.RegistryStore.LoadAsync(db, ct);

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
