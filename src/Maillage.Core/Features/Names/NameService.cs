using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Names;

/// <summary>The ids, FINESS and codes a page holds, whose names it must show.</summary>
public sealed record NameRequest(
    IEnumerable<string?>? Centres = null,
    IEnumerable<string?>? People = null,
    IEnumerable<string?>? Establishments = null,
    IEnumerable<string?>? Networks = null,
    IEnumerable<string?>? Filieres = null,
    IEnumerable<string?>? Regions = null);

/// <summary>
/// Public names of registry objects, by id: what a person reads instead of « P-00093 » or « 750011124 ». Every name here
/// is public data (docs/security.md: the registry without personal data, heads by professional name and title), so any
/// caller gets them; an unknown id falls back to itself. <see cref="Name"/> gives the name and <see cref="Has"/> tells
/// whether the object exists (a page then links to it).
/// </summary>
public sealed class Names
{
    public static readonly Names Empty = new(new Dictionary<(NameKind, string), string>());

    private readonly IReadOnlyDictionary<(NameKind, string), string> _names;

    internal Names(IReadOnlyDictionary<(NameKind, string), string> names) => _names = names;

    public bool Has(NameKind kind, string? id) => id is not null && _names.ContainsKey((kind, id));

    /// <summary>The name of <paramref name="id"/>, or the id itself when it is not in the registry.</summary>
    public string Name(NameKind kind, string? id) => id is null ? "" : _names.GetValueOrDefault((kind, id), id);

    public string Centre(string? id) => Name(NameKind.Centre, id);
    public string Person(string? id) => Name(NameKind.Person, id);
    public string Establishment(string? finess) => Name(NameKind.Establishment, finess);
    public string Network(string? id) => Name(NameKind.Network, id);
    public string Filiere(string? acronym) => Name(NameKind.Filiere, acronym);
    public string Region(string? code) => Name(NameKind.Region, code);
}

public enum NameKind
{
    Centre,
    Person,
    Establishment,
    Network,
    Filiere,
    Region,
}

/// <summary>Resolves the names of a page's ids in one query per kind (pages must not query; this is their door).</summary>
public sealed class NameService(MaillageDbContext db)
{
    /// <summary>At most this many ids of one kind per call (a page lists at most a few hundred rows).</summary>
    public const int MaxIdsPerKind = 2000;

    public async Task<Names> ResolveAsync(Caller caller, NameRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var names = new Dictionary<(NameKind, string), string>();
        if (Ids(request.Centres) is { Count: > 0 } centres)
            foreach (var c in await db.Centres.AsNoTracking().Where(x => centres.Contains(x.Id)).Select(x => new { x.Id, x.Name }).ToListAsync(ct))
                names[(NameKind.Centre, c.Id)] = c.Name;
        if (Ids(request.People) is { Count: > 0 } people)
            foreach (var p in await db.People.AsNoTracking().Where(x => people.Contains(x.Id)).Select(x => new { x.Id, x.Title, x.FirstName, x.LastName }).ToListAsync(ct))
                names[(NameKind.Person, p.Id)] = string.IsNullOrEmpty(p.Title) ? $"{p.FirstName} {p.LastName}" : $"{p.Title} {p.FirstName} {p.LastName}";
        if (Ids(request.Establishments) is { Count: > 0 } finess)
            foreach (var e in await db.Establishments.AsNoTracking().Where(x => finess.Contains(x.Finess)).Select(x => new { x.Finess, x.Name }).ToListAsync(ct))
                names[(NameKind.Establishment, e.Finess)] = e.Name;
        if (Ids(request.Networks) is { Count: > 0 } networks)
            foreach (var n in await db.Networks.AsNoTracking().Where(x => networks.Contains(x.Id)).Select(x => new { x.Id, x.Name }).ToListAsync(ct))
                names[(NameKind.Network, n.Id)] = n.Name;
        if (Ids(request.Filieres) is { Count: > 0 } filieres)
            foreach (var f in await db.Filieres.AsNoTracking().Where(x => filieres.Contains(x.Acronym)).Select(x => new { x.Acronym, x.Name }).ToListAsync(ct))
                names[(NameKind.Filiere, f.Acronym)] = f.Name;
        if (Ids(request.Regions) is { Count: > 0 } regions)
            foreach (var r in await db.Regions.AsNoTracking().Where(x => regions.Contains(x.Code)).Select(x => new { x.Code, x.Name }).ToListAsync(ct))
                names[(NameKind.Region, r.Code)] = r.Name;
        return new Names(names);
    }

    private static List<string>? Ids(IEnumerable<string?>? ids) =>
        ids?.Where(i => !string.IsNullOrEmpty(i)).Select(i => i!).Distinct(StringComparer.Ordinal).Take(MaxIdsPerKind).ToList();
}
