using Maillage.Core.Data;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Registry.Transfer;

/// <summary>Counts of an upsert: top-level records created, updated (a property or a child list changed), unchanged.</summary>
public sealed record RegistryUpsertResult(int Created, int Updated, int Unchanged);

/// <summary>
/// Loads the whole registry, and writes a <see cref="RegistryData"/> into the database as an upsert keyed on stable
/// identifiers. Each table named by the data is loaded once into a dictionary (no per-row query); only properties
/// that differ are assigned, so unchanged records are not touched (no audit rows); the child lists of each record
/// given (perimeter, ERN, attachments, platform lists, conventions) are replaced by the given ones, row by row.
/// Nothing is deleted: records absent from the data stay as they are. No validation here: validate first
/// (<see cref="RegistryRules.Validate"/>, or use <see cref="RegistryImporter"/>).
/// </summary>
public static class RegistryStore
{
    /// <summary>The whole registry, untracked, with child lists.</summary>
    public static async Task<RegistryData> LoadAsync(MaillageDbContext db, CancellationToken ct = default) => new()
    {
        Regions = await db.Regions.AsNoTracking().ToListAsync(ct),
        Departements = await db.Departements.AsNoTracking().ToListAsync(ct),
        Establishments = await db.Establishments.AsNoTracking().ToListAsync(ct),
        Erns = await db.Erns.AsNoTracking().ToListAsync(ct),
        Filieres = await db.Filieres.AsNoTracking().Include(f => f.Erns).ToListAsync(ct),
        Networks = await db.Networks.AsNoTracking().Include(n => n.Perimeter).Include(n => n.Erns).AsSplitQuery().ToListAsync(ct),
        Centres = await db.Centres.AsNoTracking().Include(c => c.Attachments).ToListAsync(ct),
        Platforms = await db.Platforms.AsNoTracking().Include(p => p.Establishments).Include(p => p.Centres).AsSplitQuery().ToListAsync(ct),
        People = await db.People.AsNoTracking().ToListAsync(ct),
        Mandates = await db.Mandates.AsNoTracking().ToListAsync(ct),
        Associations = await db.Associations.AsNoTracking().Include(a => a.Conventions).ToListAsync(ct),
        Periods = await db.LabellingPeriods.AsNoTracking().ToListAsync(ct),
        Labels = await db.Labels.AsNoTracking().ToListAsync(ct),
    };

    /// <summary>Upserts <paramref name="data"/> and saves, in a transaction unless one is already open.</summary>
    public static async Task<RegistryUpsertResult> UpsertAsync(MaillageDbContext db, RegistryData data, CancellationToken ct = default)
    {
        var counts = new Counts();
        // One change detection for the whole batch instead of one per query/save (thousands of tracked rows).
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await StageAsync(db, data, counts, ct);
            db.ChangeTracker.DetectChanges();
            if (db.ChangeTracker.HasChanges())
            {
                await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
                await db.SaveChangesAsync(ct);
                if (tx is not null) await tx.CommitAsync(ct);
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
        return new RegistryUpsertResult(counts.Created, counts.Updated, counts.Unchanged);
    }

    private sealed class Counts
    {
        public int Created;
        public int Updated;
        public int Unchanged;
    }

    private static async Task StageAsync(MaillageDbContext db, RegistryData d, Counts n, CancellationToken ct)
    {
        if (d.Regions.Count > 0)
            Upsert(db, await db.Regions.ToListAsync(ct), d.Regions, x => x.Code, n,
                x => new Region { Code = x.Code, Name = x.Name, ArsName = x.ArsName, Population = x.Population, Overseas = x.Overseas },
                (e, x) => Set(e.Name, x.Name, v => e.Name = v) | Set(e.ArsName, x.ArsName, v => e.ArsName = v)
                    | Set(e.Population, x.Population, v => e.Population = v) | Set(e.Overseas, x.Overseas, v => e.Overseas = v));

        if (d.Departements.Count > 0)
            Upsert(db, await db.Departements.ToListAsync(ct), d.Departements, x => x.Code, n,
                x => new Departement { Code = x.Code, Name = x.Name, RegionCode = x.RegionCode, Population = x.Population },
                (e, x) => Set(e.Name, x.Name, v => e.Name = v) | Set(e.RegionCode, x.RegionCode, v => e.RegionCode = v)
                    | Set(e.Population, x.Population, v => e.Population = v));

        if (d.Establishments.Count > 0)
            Upsert(db, await db.Establishments.ToListAsync(ct), d.Establishments, x => x.Finess, n,
                x => new Establishment
                {
                    Finess = x.Finess, Level = x.Level, LegalEntityFiness = x.LegalEntityFiness, Name = x.Name, Category = x.Category,
                    Commune = x.Commune, PostalCode = x.PostalCode, DepartementCode = x.DepartementCode, GroupName = x.GroupName,
                    Latitude = x.Latitude, Longitude = x.Longitude,
                },
                (e, x) => Set(e.Level, x.Level, v => e.Level = v) | Set(e.LegalEntityFiness, x.LegalEntityFiness, v => e.LegalEntityFiness = v)
                    | Set(e.Name, x.Name, v => e.Name = v) | Set(e.Category, x.Category, v => e.Category = v)
                    | Set(e.Commune, x.Commune, v => e.Commune = v) | Set(e.PostalCode, x.PostalCode, v => e.PostalCode = v)
                    | Set(e.DepartementCode, x.DepartementCode, v => e.DepartementCode = v) | Set(e.GroupName, x.GroupName, v => e.GroupName = v)
                    | Set(e.Latitude, x.Latitude, v => e.Latitude = v) | Set(e.Longitude, x.Longitude, v => e.Longitude = v));

        if (d.Erns.Count > 0)
            Upsert(db, await db.Erns.ToListAsync(ct), d.Erns, x => x.Acronym, n,
                x => new Ern { Acronym = x.Acronym, Name = x.Name },
                (e, x) => Set(e.Name, x.Name, v => e.Name = v));

        if (d.Filieres.Count > 0)
            Upsert(db, await db.Filieres.Include(f => f.Erns).ToListAsync(ct), d.Filieres, x => x.Acronym, n,
                x => new Filiere
                {
                    Acronym = x.Acronym, Name = x.Name, HostFiness = x.HostFiness, HostUnverified = x.HostUnverified, Website = x.Website,
                    Erns = x.Erns.DistinctBy(l => l.ErnAcronym).Select(l => new FiliereErn { FiliereAcronym = x.Acronym, ErnAcronym = l.ErnAcronym, IsMain = l.IsMain }).ToList(),
                },
                (e, x) => Set(e.Name, x.Name, v => e.Name = v) | Set(e.HostFiness, x.HostFiness, v => e.HostFiness = v)
                    | Set(e.HostUnverified, x.HostUnverified, v => e.HostUnverified = v) | Set(e.Website, x.Website, v => e.Website = v)
                    | Sync(db, e.Erns, x.Erns, l => l.ErnAcronym,
                        l => new FiliereErn { FiliereAcronym = e.Acronym, ErnAcronym = l.ErnAcronym, IsMain = l.IsMain },
                        (c, w) => Set(c.IsMain, w.IsMain, v => c.IsMain = v)));

        if (d.Networks.Count > 0)
            Upsert(db, await db.Networks.Include(x => x.Perimeter).Include(x => x.Erns).AsSplitQuery().ToListAsync(ct), d.Networks, x => x.Id, n,
                x => new Network
                {
                    Id = x.Id, Name = x.Name, Acronym = x.Acronym, FiliereAcronym = x.FiliereAcronym, Field = x.Field, AgeValence = x.AgeValence,
                    Perimeter = x.Perimeter.DistinctBy(p => p.OrphaCode).Select(p => new NetworkDisease { NetworkId = x.Id, OrphaCode = p.OrphaCode }).ToList(),
                    Erns = x.Erns.DistinctBy(l => l.ErnAcronym).Select(l => new NetworkErn { NetworkId = x.Id, ErnAcronym = l.ErnAcronym }).ToList(),
                },
                (e, x) => Set(e.Name, x.Name, v => e.Name = v) | Set(e.Acronym, x.Acronym, v => e.Acronym = v)
                    | Set(e.FiliereAcronym, x.FiliereAcronym, v => e.FiliereAcronym = v) | Set(e.Field, x.Field, v => e.Field = v)
                    | Set(e.AgeValence, x.AgeValence, v => e.AgeValence = v)
                    | Sync(db, e.Perimeter, x.Perimeter, p => p.OrphaCode, p => new NetworkDisease { NetworkId = e.Id, OrphaCode = p.OrphaCode })
                    | Sync(db, e.Erns, x.Erns, l => l.ErnAcronym, l => new NetworkErn { NetworkId = e.Id, ErnAcronym = l.ErnAcronym }));

        if (d.Centres.Count > 0)
            Upsert(db, await db.Centres.Include(c => c.Attachments).ToListAsync(ct), d.Centres, x => x.Id, n,
                x => new Centre
                {
                    Id = x.Id, Kind = x.Kind, Role = x.Role, NetworkId = x.NetworkId, ResourceKind = x.ResourceKind, Name = x.Name,
                    EstablishmentFiness = x.EstablishmentFiness, PredecessorId = x.PredecessorId, Phone = x.Phone, Email = x.Email,
                    Website = x.Website, ClosedOn = x.ClosedOn,
                    Attachments = x.Attachments.DistinctBy(a => a.NetworkId).Select(a => new CentreAttachment { CentreId = x.Id, NetworkId = a.NetworkId }).ToList(),
                },
                (e, x) => Set(e.Kind, x.Kind, v => e.Kind = v) | Set(e.Role, x.Role, v => e.Role = v) | Set(e.NetworkId, x.NetworkId, v => e.NetworkId = v)
                    | Set(e.ResourceKind, x.ResourceKind, v => e.ResourceKind = v) | Set(e.Name, x.Name, v => e.Name = v)
                    | Set(e.EstablishmentFiness, x.EstablishmentFiness, v => e.EstablishmentFiness = v)
                    | Set(e.PredecessorId, x.PredecessorId, v => e.PredecessorId = v) | Set(e.Phone, x.Phone, v => e.Phone = v)
                    | Set(e.Email, x.Email, v => e.Email = v) | Set(e.Website, x.Website, v => e.Website = v)
                    | Set(e.ClosedOn, x.ClosedOn, v => e.ClosedOn = v)
                    | Sync(db, e.Attachments, x.Attachments, a => a.NetworkId, a => new CentreAttachment { CentreId = e.Id, NetworkId = a.NetworkId }));

        if (d.Platforms.Count > 0)
            Upsert(db, await db.Platforms.Include(p => p.Establishments).Include(p => p.Centres).AsSplitQuery().ToListAsync(ct), d.Platforms, x => x.Id, n,
                x => new Platform
                {
                    Id = x.Id, Kind = x.Kind, Name = x.Name, HostFiness = x.HostFiness, RegionCode = x.RegionCode,
                    Establishments = x.Establishments.DistinctBy(p => p.Finess).Select(p => new PlatformEstablishment { PlatformId = x.Id, Finess = p.Finess }).ToList(),
                    Centres = x.Centres.DistinctBy(p => p.CentreId).Select(p => new PlatformCentre { PlatformId = x.Id, CentreId = p.CentreId }).ToList(),
                },
                (e, x) => Set(e.Kind, x.Kind, v => e.Kind = v) | Set(e.Name, x.Name, v => e.Name = v)
                    | Set(e.HostFiness, x.HostFiness, v => e.HostFiness = v) | Set(e.RegionCode, x.RegionCode, v => e.RegionCode = v)
                    | Sync(db, e.Establishments, x.Establishments, p => p.Finess, p => new PlatformEstablishment { PlatformId = e.Id, Finess = p.Finess })
                    | Sync(db, e.Centres, x.Centres, p => p.CentreId, p => new PlatformCentre { PlatformId = e.Id, CentreId = p.CentreId }));

        if (d.People.Count > 0)
            Upsert(db, await db.People.ToListAsync(ct), d.People, x => x.Id, n,
                x => new Person
                {
                    Id = x.Id, FirstName = x.FirstName, LastName = x.LastName, Title = x.Title, Rpps = x.Rpps, Status = x.Status,
                    BirthDate = x.BirthDate, ClinicalActivity = x.ClinicalActivity, Email = x.Email,
                },
                (e, x) => Set(e.FirstName, x.FirstName, v => e.FirstName = v) | Set(e.LastName, x.LastName, v => e.LastName = v)
                    | Set(e.Title, x.Title, v => e.Title = v) | Set(e.Rpps, x.Rpps, v => e.Rpps = v) | Set(e.Status, x.Status, v => e.Status = v)
                    | Set(e.BirthDate, x.BirthDate, v => e.BirthDate = v) | Set(e.ClinicalActivity, x.ClinicalActivity, v => e.ClinicalActivity = v)
                    | Set(e.Email, x.Email, v => e.Email = v));

        if (d.Mandates.Count > 0)
            Upsert(db, await db.Mandates.ToListAsync(ct), d.Mandates, MandateKey, n,
                x => new Mandate { PersonId = x.PersonId, Role = x.Role, CentreId = x.CentreId, FiliereAcronym = x.FiliereAcronym, PlatformId = x.PlatformId, From = x.From, To = x.To },
                (e, x) => Set(e.To, x.To, v => e.To = v));

        if (d.Associations.Count > 0)
            Upsert(db, await db.Associations.Include(a => a.Conventions).ToListAsync(ct), d.Associations, x => x.Id, n,
                x => new Association
                {
                    Id = x.Id, Name = x.Name, Acronym = x.Acronym, Website = x.Website, DepartementCode = x.DepartementCode,
                    Conventions = x.Conventions.DistinctBy(ConventionKey).Select(c => CloneConvention(c, x.Id)).ToList(),
                },
                (e, x) => Set(e.Name, x.Name, v => e.Name = v) | Set(e.Acronym, x.Acronym, v => e.Acronym = v)
                    | Set(e.Website, x.Website, v => e.Website = v) | Set(e.DepartementCode, x.DepartementCode, v => e.DepartementCode = v)
                    | Sync(db, e.Conventions, x.Conventions, ConventionKey, c => CloneConvention(c, e.Id), (c, w) => Set(c.EndsOn, w.EndsOn, v => c.EndsOn = v)));

        if (d.Periods.Count > 0)
            Upsert(db, await db.LabellingPeriods.ToListAsync(ct), d.Periods, x => x.Id, n,
                x => new LabellingPeriod { Id = x.Id, Scope = x.Scope, Start = x.Start, End = x.End, Reference = x.Reference },
                (e, x) => Set(e.Scope, x.Scope, v => e.Scope = v) | Set(e.Start, x.Start, v => e.Start = v)
                    | Set(e.End, x.End, v => e.End = v) | Set(e.Reference, x.Reference, v => e.Reference = v));

        if (d.Labels.Count > 0)
            Upsert(db, await db.Labels.ToListAsync(ct), d.Labels, LabelKey, n,
                x => new Label
                {
                    PeriodId = x.PeriodId, NetworkId = x.NetworkId, CentreId = x.CentreId, PlatformId = x.PlatformId, FiliereAcronym = x.FiliereAcronym,
                    Decision = x.Decision, ValidFrom = x.ValidFrom, ValidTo = x.ValidTo, Note = x.Note,
                },
                (e, x) => Set(e.Decision, x.Decision, v => e.Decision = v) | Set(e.ValidFrom, x.ValidFrom, v => e.ValidFrom = v)
                    | Set(e.ValidTo, x.ValidTo, v => e.ValidTo = v) | Set(e.Note, x.Note, v => e.Note = v));
    }

    public static (string PersonId, MandateRole Role, string? Target, DateOnly From) MandateKey(Mandate m) =>
        (m.PersonId, m.Role, RegistryFormat.MandateTarget(m), m.From);

    public static (string Kind, string Subject, string Period) LabelKey(Label l) =>
        (RegistryFormat.LabelSubjectKind(l), l.SubjectId, l.PeriodId);

    public static (ConventionTarget Kind, string Target, DateOnly SignedOn) ConventionKey(AssociationConvention c) =>
        (c.TargetKind, c.TargetId, c.SignedOn);

    private static AssociationConvention CloneConvention(AssociationConvention c, string associationId) =>
        new() { AssociationId = associationId, TargetKind = c.TargetKind, TargetId = c.TargetId, SignedOn = c.SignedOn, EndsOn = c.EndsOn };

    private static void Upsert<T, TKey>(MaillageDbContext db, List<T> existing, IEnumerable<T> wanted, Func<T, TKey> key, Counts n,
        Func<T, T> clone, Func<T, T, bool> update) where T : class where TKey : notnull
    {
        var byKey = new Dictionary<TKey, T>(existing.Count);
        foreach (var e in existing) byKey.TryAdd(key(e), e);
        foreach (var x in wanted)
        {
            var k = key(x);
            if (byKey.TryGetValue(k, out var e))
            {
                if (update(e, x)) n.Updated++;
                else n.Unchanged++;
                continue;
            }
            var created = clone(x);
            db.Add(created);
            byKey[k] = created;
            n.Created++;
        }
    }

    /// <summary>Assigns only when the value differs; true when it did.</summary>
    private static bool Set<TValue>(TValue current, TValue value, Action<TValue> assign)
    {
        if (EqualityComparer<TValue>.Default.Equals(current, value)) return false;
        assign(value);
        return true;
    }

    /// <summary>Makes a child list equal to <paramref name="wanted"/> by key: removes, adds, updates only what differs.</summary>
    private static bool Sync<TChild, TKey>(MaillageDbContext db, List<TChild> current, IEnumerable<TChild> wanted, Func<TChild, TKey> key,
        Func<TChild, TChild> clone, Func<TChild, TChild, bool>? update = null) where TChild : class where TKey : notnull
    {
        var changed = false;
        var wantedByKey = new Dictionary<TKey, TChild>();
        foreach (var w in wanted) wantedByKey.TryAdd(key(w), w);
        foreach (var c in current.ToList())
            if (!wantedByKey.ContainsKey(key(c)))
            {
                current.Remove(c);
                db.Remove(c);
                changed = true;
            }
        var currentByKey = new Dictionary<TKey, TChild>();
        foreach (var c in current) currentByKey.TryAdd(key(c), c);
        foreach (var (k, w) in wantedByKey)
        {
            if (currentByKey.TryGetValue(k, out var c))
            {
                if (update is not null && update(c, w)) changed = true;
            }
            else
            {
                var added = clone(w);
                current.Add(added);
                db.Add(added);
                changed = true;
            }
        }
        return changed;
    }
}
