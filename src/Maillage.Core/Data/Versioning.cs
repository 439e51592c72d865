using Maillage.Core.Features.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Maillage.Core.Data;

/// <summary>
/// Optimistic concurrency of the editable aggregates (<see cref="IVersioned"/>: annual reports, registry objects,
/// dossiers). Before every save, an added aggregate gets version 1 and a changed one its stored version + 1; a change of
/// one of its parts (a centre's attachments, a network's perimeter, a dossier's sections, documents, opinions...) bumps
/// the aggregate too. The version is a concurrency token: the UPDATE only matches the version the writer read, so two
/// writers from the same version cannot both win (EF raises <see cref="DbUpdateConcurrencyException"/>). See
/// docs/security.md, "No silent lost update".
/// </summary>
public static class Versioning
{
    public const string Property = nameof(IVersioned.Version);

    /// <summary>Marks <see cref="IVersioned.Version"/> of every versioned entity type as a concurrency token.</summary>
    public static void Configure(ModelBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);
        foreach (var type in b.Model.GetEntityTypes().Where(t => typeof(IVersioned).IsAssignableFrom(t.ClrType)).ToList())
            b.Entity(type.ClrType).Property(Property).IsConcurrencyToken();
    }

    /// <summary>
    /// The writer's version (If-Match, hidden field): false when the stored version differs (a stale write, to refuse).
    /// Otherwise the expected version becomes the original value, so the UPDATE also checks it against a concurrent write.
    /// Null accepts any version (a write without If-Match).
    /// </summary>
    public static bool Expect(DbContext db, IVersioned entity, int? expected)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entity);
        if (expected is null) return true;
        if (entity.Version != expected) return false;
        var entry = db.Entry(entity);
        if (entry.State is EntityState.Unchanged or EntityState.Modified) entry.Property(Property).OriginalValue = expected.Value;
        return true;
    }

    /// <summary>Sets the versions of the aggregates this save adds or changes (called by <see cref="MaillageDbContext"/>).</summary>
    public static void Bump(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.ChangeTracker.DetectChanges();
        var done = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var e in db.ChangeTracker.Entries().ToList())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (e.Entity is IVersioned v)
            {
                if (e.State == EntityState.Added) { v.Version = 1; done.Add(v); }
                else if (e.State == EntityState.Modified) Next(e, done);
                continue;
            }
            if (Parent(e.Entity) is not { } parent) continue;
            var owner = db.Find(parent.Type, parent.Key);
            if (owner is null) continue;
            var oe = db.Entry(owner);
            if (oe.State is EntityState.Unchanged or EntityState.Modified) Next(oe, done);
        }
    }

    private static void Next(EntityEntry e, HashSet<object> done)
    {
        if (!done.Add(e.Entity)) return;
        var p = e.Property(Property);
        p.CurrentValue = (int)p.OriginalValue! + 1;
    }

    /// <summary>The aggregate a part belongs to (its type and key), for the parts edited through the aggregate.</summary>
    private static (Type Type, object Key)? Parent(object o) => o switch
    {
        CentreAttachment x => (typeof(Centre), x.CentreId),
        NetworkDisease x => (typeof(Network), x.NetworkId),
        NetworkErn x => (typeof(Network), x.NetworkId),
        FiliereErn x => (typeof(Filiere), x.FiliereAcronym),
        PlatformEstablishment x => (typeof(Platform), x.PlatformId),
        PlatformCentre x => (typeof(Platform), x.PlatformId),
        AssociationConvention x => (typeof(Association), x.AssociationId),
        DossierSection x => (typeof(Dossier), x.DossierId),
        DossierDocument x => (typeof(Dossier), x.DossierId),
        DossierOpinion x => (typeof(Dossier), x.DossierId),
        DossierSite x => (typeof(Dossier), x.DossierId),
        IDossierPart x => (typeof(Dossier), x.DossierId),
        Features.Filieres.IGovernancePart x => (typeof(Features.Filieres.GovernanceCommittee), x.FiliereAcronym),
        Features.Budget.BudgetEnvelope x => (typeof(Features.Budget.BudgetYear), x.Year),
        Features.Budget.BudgetDelegation x => (typeof(Features.Budget.BudgetCircular), x.CircularId),
        _ => null,
    };
}
