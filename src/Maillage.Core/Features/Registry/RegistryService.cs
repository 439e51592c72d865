using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
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
    /// <summary>The write was made from a version that is no longer the stored one (If-Match, form's hidden version).</summary>
    Stale,
}

/// <summary>The outcome of a write: errors are keyed by field (snake_case) for forms and problem details.</summary>
public sealed record WriteResult(WriteStatus Status, IReadOnlyList<RuleViolation> Errors)
{
    public static readonly WriteResult Ok = new(WriteStatus.Ok, []);
    public static readonly WriteResult NotFound = new(WriteStatus.NotFound, []);
    public static readonly WriteResult Forbidden = new(WriteStatus.Forbidden, []);

    public static WriteResult Invalid(IReadOnlyList<RuleViolation> errors) => new(WriteStatus.Invalid, errors);

    public static WriteResult Conflict(string message) => new(WriteStatus.Conflict, [new RuleViolation("R-CONFLICT", "", "", "id", message)]);

    /// <summary>A stale write: <paramref name="message"/> says who changed the object in between, and when.</summary>
    public static WriteResult Stale(string message, int currentVersion) =>
        new(WriteStatus.Stale, [new RuleViolation(Data.Versions.StaleRule, "", "", "version", message)]) { CurrentVersion = currentVersion };

    /// <summary>The stored version, for a stale write.</summary>
    public int? CurrentVersion { get; init; }
}

/// <summary>
/// Writes to the registry from the web pages and the API: authorise (scope of the object before and after the
/// change), apply, check the structural rules (a write may not add a violation), save (audited by the interceptor).
/// </summary>
public sealed class RegistryService(MaillageDbContext db, AccessPolicy access, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public Task<WriteResult> UpdateCentreAsync(Caller caller, string id, Action<Centre> apply, CancellationToken ct = default) =>
        UpdateCentreAsync(caller, id, apply, null, ct);

    /// <param name="expectedVersion">The version the caller read (If-Match, form); null accepts any.</param>
    public Task<WriteResult> UpdateCentreAsync(Caller caller, string id, Action<Centre> apply, int? expectedVersion, CancellationToken ct = default) =>
        UpdateCentreAsync(caller, id, null, apply, expectedVersion, ct);

    /// <param name="kind">The kind the caller addresses (the API's collection: sites, competence centres, resource
    /// centres); a centre of another kind is not found.</param>
    public Task<WriteResult> UpdateCentreAsync(Caller caller, string id, CentreKind? kind, Action<Centre> apply, int? expectedVersion, CancellationToken ct = default) =>
        UpdateAsync(expectedVersion, caller, "centre", id,
            () => db.Centres.Include(c => c.Attachments).FirstOrDefaultAsync(c => c.Id == id && (kind == null || c.Kind == kind), ct),
            apply, ScopeOfCentre, ct, CentreGuards);

    public Task<WriteResult> UpdateNetworkAsync(Caller caller, string id, Action<Network> apply, CancellationToken ct = default) =>
        UpdateNetworkAsync(caller, id, apply, null, ct);

    /// <param name="expectedVersion">The version the caller read (If-Match, form); null accepts any.</param>
    public Task<WriteResult> UpdateNetworkAsync(Caller caller, string id, Action<Network> apply, int? expectedVersion, CancellationToken ct = default) =>
        UpdateAsync(expectedVersion, caller, "network", id,
            () => db.Networks.Include(n => n.Perimeter).Include(n => n.Erns).FirstOrDefaultAsync(n => n.Id == id, ct),
            apply, ScopeOfNetworkAsync, ct, NetworkGuards);

    public Task<WriteResult> UpdateEstablishmentAsync(Caller caller, string finess, Action<Establishment> apply, CancellationToken ct = default) =>
        UpdateEstablishmentAsync(caller, finess, apply, null, ct);

    /// <param name="expectedVersion">The version the caller read (If-Match, form); null accepts any.</param>
    public Task<WriteResult> UpdateEstablishmentAsync(Caller caller, string finess, Action<Establishment> apply, int? expectedVersion, CancellationToken ct = default) =>
        UpdateAsync(expectedVersion, caller, "establishment", finess,
            () => db.Establishments.FirstOrDefaultAsync(e => e.Finess == finess, ct), apply,
            async (e, c) => { var s = new ObjectScope(); s.LegalEntities.Add(e.LegalEntityFiness ?? e.Finess); await AddRegionAsync(s, e.DepartementCode, c); return s; }, ct);

    public Task<WriteResult> UpdatePersonAsync(Caller caller, string id, Action<Person> apply, CancellationToken ct = default) =>
        UpdatePersonAsync(caller, id, apply, null, ct);

    /// <param name="expectedVersion">The version the caller read (If-Match, form); null accepts any.</param>
    public Task<WriteResult> UpdatePersonAsync(Caller caller, string id, Action<Person> apply, int? expectedVersion, CancellationToken ct = default) =>
        UpdateAsync(expectedVersion, caller, "person", id, () => db.People.FirstOrDefaultAsync(p => p.Id == id, ct), apply,
            (p, c) => access.ScopeOfAsync("person", p.Id, c), ct);

    public Task<WriteResult> UpdateAssociationAsync(Caller caller, string id, Action<Association> apply, CancellationToken ct = default) =>
        UpdateAssociationAsync(caller, id, apply, null, ct);

    /// <param name="expectedVersion">The version the caller read (If-Match, form); null accepts any.</param>
    public Task<WriteResult> UpdateAssociationAsync(Caller caller, string id, Action<Association> apply, int? expectedVersion, CancellationToken ct = default) =>
        UpdateAsync(expectedVersion, caller, "association", id, () => db.Associations.Include(a => a.Conventions).FirstOrDefaultAsync(a => a.Id == id, ct), apply,
            (a, c) => access.ScopeOfAsync("association", a.Id, c), ct, AssociationGuards);

    public Task<WriteResult> UpdateFiliereAsync(Caller caller, string acronym, Action<Filiere> apply, CancellationToken ct = default) =>
        UpdateFiliereAsync(caller, acronym, apply, null, ct);

    /// <param name="expectedVersion">The version the caller read (If-Match, form); null accepts any.</param>
    public Task<WriteResult> UpdateFiliereAsync(Caller caller, string acronym, Action<Filiere> apply, int? expectedVersion, CancellationToken ct = default) =>
        UpdateAsync(expectedVersion, caller, "filiere", acronym, () => db.Filieres.Include(f => f.Erns).FirstOrDefaultAsync(f => f.Acronym == acronym, ct), apply,
            (f, c) => access.ScopeOfAsync("filiere", f.Acronym, c), ct, FiliereGuards);

    public Task<WriteResult> UpdatePlatformAsync(Caller caller, string id, Action<Platform> apply, CancellationToken ct = default) =>
        UpdatePlatformAsync(caller, id, apply, null, ct);

    /// <param name="expectedVersion">The version the caller read (If-Match, form); null accepts any.</param>
    public Task<WriteResult> UpdatePlatformAsync(Caller caller, string id, Action<Platform> apply, int? expectedVersion, CancellationToken ct = default) =>
        UpdateAsync(expectedVersion, caller, "platform", id,
            () => db.Platforms.Include(p => p.Establishments).Include(p => p.Centres).FirstOrDefaultAsync(p => p.Id == id, ct), apply,
            async (p, c) => { var s = new ObjectScope(); await access.AddEstablishmentAsync(s, p.HostFiness, c); if (p.RegionCode is not null) s.Regions.Add(p.RegionCode); return s; }, ct,
            PlatformGuards);

    /// <summary>Creates a centre (site, CCMR or CRC), labelled in the current labelling period from today.</summary>
    /// <remarks>
    /// National administration only: a new centre is labelled in the current period, and labelling is the ministry's
    /// decision (the yearly list is an arrêté), made through the labelling campaign or this direct write. The role is
    /// checked before existence, so a refused caller learns nothing of the registry's ids.
    /// </remarks>
    public async Task<WriteResult> CreateCentreAsync(Caller caller, Centre centre, CancellationToken ct = default)
    {
        if (!IsNational(caller)) return WriteResult.Forbidden;
        if (await db.Centres.AnyAsync(c => c.Id == centre.Id, ct)) return WriteResult.Conflict($"Le centre « {centre.Id} » existe déjà.");
        var label = await CurrentLabelAsync(ct, l => l.CentreId = centre.Id);
        var errors = await NewViolationsAsync(d => RegistrySnapshot.WithMandates(RegistrySnapshot.With(d, centre), d.Mandates, label is null ? d.Labels : [.. d.Labels, label]), ct);
        if (errors.Count > 0) return WriteResult.Invalid(errors);
        db.Centres.Add(centre);
        if (label is not null) db.Labels.Add(label);
        await db.SaveChangesAsync(ct);
        return WriteResult.Ok;
    }

    /// <remarks>National administration only, as <see cref="CreateCentreAsync"/>: a new network is labelled.</remarks>
    public async Task<WriteResult> CreateNetworkAsync(Caller caller, Network network, CancellationToken ct = default)
    {
        if (!IsNational(caller)) return WriteResult.Forbidden;
        if (await db.Networks.AnyAsync(n => n.Id == network.Id, ct)) return WriteResult.Conflict($"Le réseau « {network.Id} » existe déjà.");
        var label = await CurrentLabelAsync(ct, l => l.NetworkId = network.Id);
        var errors = await NewViolationsAsync(d => RegistrySnapshot.WithMandates(RegistrySnapshot.With(d, network), d.Mandates, label is null ? d.Labels : [.. d.Labels, label]), ct);
        if (errors.Count > 0) return WriteResult.Invalid(errors);
        db.Networks.Add(network);
        if (label is not null) db.Labels.Add(label);
        await db.SaveChangesAsync(ct);
        return WriteResult.Ok;
    }

    /// <remarks>
    /// National administration only. A person is in the registry to hold mandates, and naming a head is the ministry's act
    /// (or a succession's decision, which registers the successor itself): a person created by anyone else would have no
    /// mandate, so would leave its creator's reach at once (a person's scope is the structures he or she heads today).
    /// </remarks>
    public async Task<WriteResult> CreatePersonAsync(Caller caller, Person person, CancellationToken ct = default)
    {
        if (!IsNational(caller)) return WriteResult.Forbidden;
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

    /// <summary>
    /// Names a new head of a centre from a date: the current mandate ends the day before. Naming or replacing a head is
    /// the ministry's act (the DGOS designates, annex of the interministerial note of 19 September 2018) or the effect of
    /// a succession's decision (ProcedureService), never a plain registry write by anyone else — not even the head himself.
    /// </summary>
    public Task<WriteResult> SetCentreHeadAsync(Caller caller, string centreId, string personId, DateOnly from, CancellationToken ct = default) =>
        SetCentreHeadAsync(caller, centreId, null, personId, from, ct);

    /// <param name="kind">The kind the caller addresses (the API's collection); a centre of another kind is not found.</param>
    public async Task<WriteResult> SetCentreHeadAsync(Caller caller, string centreId, CentreKind? kind, string personId, DateOnly from, CancellationToken ct = default)
    {
        if (!caller.IsAuthenticated || caller.Role != UserRole.NationalAdmin) return WriteResult.Forbidden;
        if (!await db.Centres.AnyAsync(c => c.Id == centreId && (kind == null || c.Kind == kind), ct)) return WriteResult.NotFound;
        if (!await db.People.AnyAsync(p => p.Id == personId, ct))
            return WriteResult.Invalid([new RuleViolation("R-PERSON", "mandate", centreId, "person_id", $"Personne « {personId} » inconnue.")]);
        var current = await db.Mandates.Where(m => m.CentreId == centreId && m.Role == MandateRole.CentreHead && (m.To == null || m.To >= from)).ToListAsync(ct);
        foreach (var m in current)
        {
            if (m.From >= from) return WriteResult.Invalid([new RuleViolation(RegistryRules.MandateOverlap, "mandate", RegistryRules.MandateKey(m), "from",
                $"Un mandat commence déjà le {French.Date(m.From)} : la nouvelle date doit être postérieure.")]);
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

    private static bool IsNational(Caller caller) => caller.IsAuthenticated && caller.Role == UserRole.NationalAdmin;

    /// <summary>
    /// A field only the national administration may change by a plain write: changing it is a procedure (change of seat,
    /// succession, labelling) or moves the object to another scope. <see cref="Value"/> reads the field's value.
    /// </summary>
    private sealed record Guard<T>(string Field, Func<T, string?> Value, string Message);

    private static readonly Guard<Centre>[] CentreGuards =
    [
        new("establishment_finess", c => c.EstablishmentFiness,
            "Changer l'établissement d'un centre est un transfert de siège : ouvrez la procédure de changement d'établissement siège."),
        new("network_id", c => c.NetworkId,
            "Changer le réseau d'un centre modifie la liste des centres labellisés : seule l'administration nationale le peut (campagne de labellisation)."),
        new("role", c => c.Role?.ToString(),
            "Changer le rôle d'un site (coordonnateur, constitutif) relève de la labellisation : seule l'administration nationale le peut."),
        new("attachments", c => string.Join(",", c.Attachments.Select(a => a.NetworkId).Order(StringComparer.Ordinal)),
            "Changer les réseaux de rattachement d'un centre relève de la labellisation : seule l'administration nationale le peut."),
    ];

    private static readonly Guard<Network>[] NetworkGuards =
    [
        new("filiere", n => n.FiliereAcronym,
            "Changer la filière d'un réseau relève de la labellisation : seule l'administration nationale le peut."),
    ];

    private static readonly Guard<Filiere>[] FiliereGuards =
    [
        new("host_finess", f => f.HostFiness,
            "Changer l'établissement siège d'une filière est un transfert de siège : seule l'administration nationale le peut, au vu de la demande de l'établissement d'accueil."),
    ];

    /// <summary>An association's conventions make it a party to the procedures of the centres and networks they name (it
    /// gives its opinion and reads the dossier): a convention is signed with them, not declared by the association alone.</summary>
    private static readonly Guard<Association>[] AssociationGuards =
    [
        new("conventions", a => string.Join(",", a.Conventions.Select(c => $"{c.TargetKind}:{c.TargetId}:{c.SignedOn:O}:{c.EndsOn:O}").Order(StringComparer.Ordinal)),
            "Les conventions d'une association sont enregistrées par l'administration nationale, au vu de la convention signée avec le centre ou le réseau."),
    ];

    private static readonly Guard<Platform>[] PlatformGuards =
    [
        new("host_finess", p => p.HostFiness,
            "Changer l'établissement porteur d'une plateforme relève de l'appel à projets : seule l'administration nationale le peut."),
        new("region", p => p.RegionCode,
            "Changer la région d'une plateforme relève de l'appel à projets : seule l'administration nationale le peut."),
    ];

    private async Task<WriteResult> UpdateAsync<T>(int? expectedVersion, Caller caller, string entity, string id, Func<Task<T?>> load, Action<T> apply,
        Func<T, CancellationToken, Task<ObjectScope>> scopeAfter, CancellationToken ct, IReadOnlyList<Guard<T>>? guards = null) where T : class, IVersioned
    {
        var item = await load();
        if (item is null) return WriteResult.NotFound;
        if (!await access.CanWriteAsync(caller, entity, id, ct)) return WriteResult.Forbidden;
        if (!Versioning.Expect(db, item, expectedVersion))
        {
            db.ChangeTracker.Clear();
            return await new Versions(db, clock).StaleAsync(entity, id, ct);
        }
        var before = (guards ?? []).Select(g => g.Value(item)).ToList();
        apply(item);
        if (caller.Role != UserRole.NationalAdmin && guards is not null)
        {
            var changed = guards.Where((g, i) => !string.Equals(before[i], g.Value(item), StringComparison.Ordinal))
                .Select(g => new RuleViolation("R-SCOPE", entity, id, g.Field, g.Message)).ToList();
            if (changed.Count > 0)
            {
                db.ChangeTracker.Clear();
                return WriteResult.Invalid(changed);
            }
        }
        // The object's identity is its key: a change of key is refused.
        var entry = db.Entry(item);
        if (entry.Properties.Any(p => p.Metadata.IsPrimaryKey() && p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)))
        {
            db.ChangeTracker.Clear();
            return WriteResult.Invalid([new RuleViolation("R-KEY", entity, id, "id", "L'identifiant ne peut pas être modifié.")]);
        }
        // The scope after the change, from the proposed values: the caller must cover the object both before and after.
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
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another write saved the object between our read and our UPDATE: refuse rather than overwrite.
            db.ChangeTracker.Clear();
            return await new Versions(db, clock).StaleAsync(entity, id, ct);
        }
        return WriteResult.Ok;
    }

    /// <summary>A network's scope from its proposed filière and its coordinating sites (not the stored filière).</summary>
    private async Task<ObjectScope> ScopeOfNetworkAsync(Network n, CancellationToken ct)
    {
        var s = new ObjectScope();
        s.Filieres.Add(n.FiliereAcronym);
        var coordinating = await db.Centres.AsNoTracking().Include(x => x.Attachments)
            .Where(x => x.NetworkId == n.Id && x.Role == SiteRole.Coordinating && x.ClosedOn == null).ToListAsync(ct);
        foreach (var c in coordinating)
        {
            s.Centres.Add(c.Id);
            await access.AddEstablishmentAsync(s, c.EstablishmentFiness, ct);
        }
        return s;
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
        var orpha = await Maillage.Core.Infrastructure.Nomenclature.OrphaCatalog.LoadAsync(db, ct);
        var known = RegistryRules.Validate(before, orpha).ToHashSet();
        return RegistryRules.Validate(change(before), orpha).Where(v => !known.Contains(v)).ToList();
    }
}
