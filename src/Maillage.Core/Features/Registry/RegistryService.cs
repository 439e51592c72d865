using Maillage.Core.Data;
using Maillage.Core.Security;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Registry;

public enum WriteStatus
{
    Ok,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
}

/// <summary>The outcome of a write: errors are keyed by field (snake_case) for forms and problem details.</summary>
public sealed record WriteResult(WriteStatus Status, IReadOnlyList<RuleViolation> Errors)
{
    public static readonly WriteResult Ok = new(WriteStatus.Ok, []);
    public static readonly WriteResult NotFound = new(WriteStatus.NotFound, []);
    public static readonly WriteResult Forbidden = new(WriteStatus.Forbidden, []);

    public static WriteResult Invalid(IReadOnlyList<RuleViolation> errors) => new(WriteStatus.Invalid, errors);

    public static WriteResult Conflict(string message) => new(WriteStatus.Conflict, [new RuleViolation("R-CONFLICT", "", "", "id", message)]);
}

/// <summary>
/// Writes to the registry from the web pages and the API: authorise (scope of the object before and after the
/// change), apply, check the structural rules (a write may not add a violation), save (audited by the interceptor).
/// </summary>
public sealed class RegistryService(MaillageDbContext db, AccessPolicy access, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public Task<WriteResult> UpdateCentreAsync(Caller caller, string id, Action<Centre> apply, CancellationToken ct = default) =>
        UpdateAsync(caller, "centre", id,
            () => db.Centres.Include(c => c.Attachments).FirstOrDefaultAsync(c => c.Id == id, ct),
            apply, ScopeOfCentre, ct);

    public Task<WriteResult> UpdateNetworkAsync(Caller caller, string id, Action<Network> apply, CancellationToken ct = default) =>
        UpdateAsync(caller, "network", id,
            () => db.Networks.Include(n => n.Perimeter).Include(n => n.Erns).FirstOrDefaultAsync(n => n.Id == id, ct),
            apply, async (n, c) => { var s = await access.ScopeOfAsync("network", n.Id, c); s.Filieres.Add(n.FiliereAcronym); return s; }, ct);

    public Task<WriteResult> UpdateEstablishmentAsync(Caller caller, string finess, Action<Establishment> apply, CancellationToken ct = default) =>
        UpdateAsync(caller, "establishment", finess,
            () => db.Establishments.FirstOrDefaultAsync(e => e.Finess == finess, ct), apply,
            async (e, c) => { var s = new ObjectScope(); s.LegalEntities.Add(e.LegalEntityFiness ?? e.Finess); await AddRegionAsync(s, e.DepartementCode, c); return s; }, ct);

    public Task<WriteResult> UpdatePersonAsync(Caller caller, string id, Action<Person> apply, CancellationToken ct = default) =>
        UpdateAsync(caller, "person", id, () => db.People.FirstOrDefaultAsync(p => p.Id == id, ct), apply,
            (p, c) => access.ScopeOfAsync("person", p.Id, c), ct);

    public Task<WriteResult> UpdateAssociationAsync(Caller caller, string id, Action<Association> apply, CancellationToken ct = default) =>
        UpdateAsync(caller, "association", id, () => db.Associations.Include(a => a.Conventions).FirstOrDefaultAsync(a => a.Id == id, ct), apply,
            (a, c) => access.ScopeOfAsync("association", a.Id, c), ct);

    public Task<WriteResult> UpdateFiliereAsync(Caller caller, string acronym, Action<Filiere> apply, CancellationToken ct = default) =>
        UpdateAsync(caller, "filiere", acronym, () => db.Filieres.Include(f => f.Erns).FirstOrDefaultAsync(f => f.Acronym == acronym, ct), apply,
            (f, c) => access.ScopeOfAsync("filiere", f.Acronym, c), ct);

    public Task<WriteResult> UpdatePlatformAsync(Caller caller, string id, Action<Platform> apply, CancellationToken ct = default) =>
        UpdateAsync(caller, "platform", id,
            () => db.Platforms.Include(p => p.Establishments).Include(p => p.Centres).FirstOrDefaultAsync(p => p.Id == id, ct), apply,
            async (p, c) => { var s = new ObjectScope(); await access.AddEstablishmentAsync(s, p.HostFiness, c); if (p.RegionCode is not null) s.Regions.Add(p.RegionCode); return s; }, ct);

    /// <summary>Creates a centre (site, CCMR or CRC), labelled in the current labelling period from today.</summary>
    public async Task<WriteResult> CreateCentreAsync(Caller caller, Centre centre, CancellationToken ct = default)
    {
        if (!caller.IsAuthenticated) return WriteResult.Forbidden;
        if (await db.Centres.AnyAsync(c => c.Id == centre.Id, ct)) return WriteResult.Conflict($"Le centre « {centre.Id} » existe déjà.");
        if (!AccessPolicy.Allows(caller, await ScopeOfCentre(centre, ct))) return WriteResult.Forbidden;
        var label = await CurrentLabelAsync(ct, l => l.CentreId = centre.Id);
        var errors = await NewViolationsAsync(d => RegistrySnapshot.WithMandates(RegistrySnapshot.With(d, centre), d.Mandates, label is null ? d.Labels : [.. d.Labels, label]), ct);
        if (errors.Count > 0) return WriteResult.Invalid(errors);
        db.Centres.Add(centre);
        if (label is not null) db.Labels.Add(label);
        await db.SaveChangesAsync(ct);
        return WriteResult.Ok;
    }

    public async Task<WriteResult> CreateNetworkAsync(Caller caller, Network network, CancellationToken ct = default)
    {
        if (!caller.IsAuthenticated) return WriteResult.Forbidden;
        if (await db.Networks.AnyAsync(n => n.Id == network.Id, ct)) return WriteResult.Conflict($"Le réseau « {network.Id} » existe déjà.");
        var scope = new ObjectScope();
        scope.Filieres.Add(network.FiliereAcronym);
        if (!AccessPolicy.Allows(caller, scope)) return WriteResult.Forbidden;
        var label = await CurrentLabelAsync(ct, l => l.NetworkId = network.Id);
        var errors = await NewViolationsAsync(d => RegistrySnapshot.WithMandates(RegistrySnapshot.With(d, network), d.Mandates, label is null ? d.Labels : [.. d.Labels, label]), ct);
        if (errors.Count > 0) return WriteResult.Invalid(errors);
        db.Networks.Add(network);
        if (label is not null) db.Labels.Add(label);
        await db.SaveChangesAsync(ct);
        return WriteResult.Ok;
    }

    public async Task<WriteResult> CreatePersonAsync(Caller caller, Person person, CancellationToken ct = default)
    {
        // Any signed-in role that can name a head may register a person; national scope is not required.
        if (!caller.IsAuthenticated || caller.Role == UserRole.Association) return WriteResult.Forbidden;
        if (await db.People.AnyAsync(p => p.Id == person.Id, ct)) return WriteResult.Conflict($"La personne « {person.Id} » existe déjà.");
        var errors = await NewViolationsAsync(d => RegistrySnapshot.With(d, person), ct);
        if (errors.Count > 0) return WriteResult.Invalid(errors);
        db.People.Add(person);
        await db.SaveChangesAsync(ct);
        return WriteResult.Ok;
    }

    public async Task<WriteResult> CreateEstablishmentAsync(Caller caller, Establishment e, CancellationToken ct = default)
    {
        if (!caller.IsAuthenticated) return WriteResult.Forbidden;
        if (await db.Establishments.AnyAsync(x => x.Finess == e.Finess, ct)) return WriteResult.Conflict($"L'établissement « {e.Finess} » existe déjà.");
        var scope = new ObjectScope();
        scope.LegalEntities.Add(e.LegalEntityFiness ?? e.Finess);
        await AddRegionAsync(scope, e.DepartementCode, ct);
        if (!AccessPolicy.Allows(caller, scope)) return WriteResult.Forbidden;
        var errors = await NewViolationsAsync(d => RegistrySnapshot.With(d, e), ct);
        if (errors.Count > 0) return WriteResult.Invalid(errors);
        db.Establishments.Add(e);
        await db.SaveChangesAsync(ct);
        return WriteResult.Ok;
    }

    public async Task<WriteResult> CreateAssociationAsync(Caller caller, Association a, CancellationToken ct = default)
    {
        if (!caller.IsAuthenticated || caller.Role != UserRole.NationalAdmin) return WriteResult.Forbidden;
        if (await db.Associations.AnyAsync(x => x.Id == a.Id, ct)) return WriteResult.Conflict($"L'association « {a.Id} » existe déjà.");
        var errors = await NewViolationsAsync(d => RegistrySnapshot.With(d, a), ct);
        if (errors.Count > 0) return WriteResult.Invalid(errors);
        db.Associations.Add(a);
        await db.SaveChangesAsync(ct);
        return WriteResult.Ok;
    }

    /// <summary>Names a new head of a centre from a date: the current mandate ends the day before.</summary>
    public async Task<WriteResult> SetCentreHeadAsync(Caller caller, string centreId, string personId, DateOnly from, CancellationToken ct = default)
    {
        if (!await db.Centres.AnyAsync(c => c.Id == centreId, ct)) return WriteResult.NotFound;
        if (!await access.CanWriteAsync(caller, "centre", centreId, ct)) return WriteResult.Forbidden;
        var current = await db.Mandates.Where(m => m.CentreId == centreId && m.Role == MandateRole.CentreHead && (m.To == null || m.To >= from)).ToListAsync(ct);
        foreach (var m in current)
        {
            if (m.From >= from) return WriteResult.Invalid([new RuleViolation(RegistryRules.MandateOverlap, "mandate", RegistryRules.MandateKey(m), "from",
                $"Un mandat commence déjà le {m.From:dd/MM/yyyy} : la nouvelle date doit être postérieure.")]);
            m.To = from.AddDays(-1);
        }
        var mandate = new Mandate { PersonId = personId, Role = MandateRole.CentreHead, CentreId = centreId, From = from };
        var errors = await NewViolationsAsync(d =>
        {
            var others = d.Mandates.Where(m => !current.Any(c => c.Id == m.Id)).Concat(current).Append(mandate);
            return RegistrySnapshot.WithMandates(d, others);
        }, ct);
        if (errors.Count > 0) return WriteResult.Invalid(errors);
        db.Mandates.Add(mandate);
        await db.SaveChangesAsync(ct);
        return WriteResult.Ok;
    }

    private async Task<WriteResult> UpdateAsync<T>(Caller caller, string entity, string id, Func<Task<T?>> load, Action<T> apply,
        Func<T, CancellationToken, Task<ObjectScope>> scopeAfter, CancellationToken ct) where T : class
    {
        var item = await load();
        if (item is null) return WriteResult.NotFound;
        if (!await access.CanWriteAsync(caller, entity, id, ct)) return WriteResult.Forbidden;
        apply(item);
        // The object's identity is its key: a change of key is refused.
        var entry = db.Entry(item);
        if (entry.Properties.Any(p => p.Metadata.IsPrimaryKey() && p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)))
        {
            db.ChangeTracker.Clear();
            return WriteResult.Invalid([new RuleViolation("R-KEY", entity, id, "id", "L'identifiant ne peut pas être modifié.")]);
        }
        if (caller.Role != UserRole.NationalAdmin && !AccessPolicy.Allows(caller, await scopeAfter(item, ct)))
        {
            db.ChangeTracker.Clear();
            return WriteResult.Forbidden;
        }
        var errors = await NewViolationsAsync(d => RegistrySnapshot.With(d, item), ct);
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return WriteResult.Invalid(errors);
        }
        await db.SaveChangesAsync(ct);
        return WriteResult.Ok;
    }

    private async Task<ObjectScope> ScopeOfCentre(Centre c, CancellationToken ct)
    {
        var s = new ObjectScope();
        await access.AddCentreAsync(s, c, ct);
        return s;
    }

    private async Task AddRegionAsync(ObjectScope s, string departementCode, CancellationToken ct)
    {
        var region = await db.Departements.AsNoTracking().Where(d => d.Code == departementCode).Select(d => d.RegionCode).FirstOrDefaultAsync(ct);
        if (region is not null) s.Regions.Add(region);
    }

    private async Task<Label?> CurrentLabelAsync(CancellationToken ct, Action<Label> subject)
    {
        var today = Today;
        var period = await db.LabellingPeriods.AsNoTracking()
            .Where(p => p.Scope == PeriodScope.Centres && p.Start <= today && p.End >= today).FirstOrDefaultAsync(ct);
        if (period is null) return null;
        var label = new Label { PeriodId = period.Id, Decision = LabelDecision.Labelled, ValidFrom = today, ValidTo = period.End };
        subject(label);
        return label;
    }

    /// <summary>Violations present after the change and not before: those the change introduces.</summary>
    private async Task<IReadOnlyList<RuleViolation>> NewViolationsAsync(Func<RegistryData, RegistryData> change, CancellationToken ct)
    {
        var before = await RegistrySnapshot.LoadAsync(db, ct);
        var orpha = await Maillage.Core.Imports.Orphanet.OrphaCatalog.LoadAsync(db, ct);
        var known = RegistryRules.Validate(before, orpha).ToHashSet();
        return RegistryRules.Validate(change(before), orpha).Where(v => !known.Contains(v)).ToList();
    }
}
