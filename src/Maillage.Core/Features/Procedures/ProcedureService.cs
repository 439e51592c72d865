using System.Globalization;
using System.Security.Cryptography;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Features.Procedures.Kinds;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Nomenclature;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Compliance;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures;

public enum ProcedureStatus
{
    Ok,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
    /// <summary>The write was made from a version of the dossier that is no longer the stored one.</summary>
    Stale,
}

/// <summary>The outcome of a procedure action: field errors (snake_case field, French message) for forms and problem details.</summary>
public sealed record ProcedureResult(ProcedureStatus Status, IReadOnlyList<FieldError> Errors, string? DossierId = null)
{
    public static ProcedureResult Ok(string id) => new(ProcedureStatus.Ok, [], id);
    public static readonly ProcedureResult NotFound = new(ProcedureStatus.NotFound, []);
    public static readonly ProcedureResult Forbidden = new(ProcedureStatus.Forbidden, []);
    public static ProcedureResult Invalid(params FieldError[] errors) => new(ProcedureStatus.Invalid, errors);
    public static ProcedureResult Invalid(IReadOnlyList<FieldError> errors) => new(ProcedureStatus.Invalid, errors);
    public static ProcedureResult Conflict(string field, string message) => new(ProcedureStatus.Conflict, [new FieldError(field, message)]);

    /// <summary>A stale write: <paramref name="message"/> says who changed the dossier in between, and when.</summary>
    public static ProcedureResult Stale(string id, string message, int currentVersion) =>
        new(ProcedureStatus.Stale, [new FieldError("version", message)], id) { CurrentVersion = currentVersion };

    /// <summary>The stored version, for a stale write.</summary>
    public int? CurrentVersion { get; init; }
}

/// <summary>The successor as entered when a succession opens: an existing person of the registry, or a new one.</summary>
public sealed record SuccessorInput(
    string? PersonId,
    string? Title,
    string? FirstName,
    string? LastName,
    string? Rpps,
    string? Email,
    HeadStatus? Status,
    DateOnly? BirthDate,
    bool? ClinicalActivity,
    /// <summary>The successor's establishment (ET) when it is not the centre's seat.</summary>
    string? Finess);

/// <summary>What a dossier needs, as computed from the registry when it is read.</summary>
public sealed record DossierRequirementsView(IReadOnlyList<RequiredItem> Items, IReadOnlyList<SectionSpec> Sections);

/// <summary>
/// Runs the procedures: opens dossiers, takes documents, sections and opinions from the parties the annex names, moves
/// dossiers through their state machine, writes the decision into the registry, and notifies. Every write is scoped
/// (fail closed) and audited; every step is in the dossier's history.
/// </summary>
public sealed partial class ProcedureService(MaillageDbContext db, AccessPolicy access, TimeProvider clock,
    ProcedureKinds kinds, ProcedureLookups lookups, CallService calls, Reports.ReportService reports, Versions versions)
{
    /// <summary>The largest document accepted (the platforms' letters of intent are the largest expected).</summary>
    public const long MaxDocumentBytes = 20 * 1024 * 1024;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    // ---------------------------------------------------------------- opening

    public async Task<ProcedureResult> OpenCentreHeadSuccessionAsync(Caller caller, string centreId, SuccessorInput successor, DateOnly? effectiveDate,
        DateOnly? deadline, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(successor);
        var centre = await db.Centres.AsNoTracking().Include(c => c.Network).FirstOrDefaultAsync(c => c.Id == centreId, ct);
        if (centre is null) return ProcedureResult.Invalid(new FieldError("centre_id", $"Centre « {centreId} » inconnu."));
        if (!await CanOpenAsync(caller, ProcedureKind.CentreHeadSuccession, centre.Id, centre.EstablishmentFiness, null, ct)) return ProcedureResult.Forbidden;
        if (centre.ClosedOn is not null) return ProcedureResult.Invalid(new FieldError("centre_id", $"Le centre « {centre.Name} » est fermé depuis le {French.Date(centre.ClosedOn)}."));
        if (await db.Set<Dossier>().AnyAsync(d => d.CentreId == centreId && d.Kind == ProcedureKind.CentreHeadSuccession
                && d.State != DossierState.Approved && d.State != DossierState.Rejected && d.State != DossierState.Withdrawn, ct))
            return ProcedureResult.Conflict("centre_id", "Une succession est déjà en cours pour ce centre.");
        var errors = await ValidateSuccessorAsync(successor, ct);
        if (errors.Count > 0) return ProcedureResult.Invalid(errors);
        var outgoing = await CurrentHolderAsync(MandateRole.CentreHead, centreId, null, ct);
        if (outgoing is not null && outgoing == successor.PersonId)
            return ProcedureResult.Invalid(new FieldError("successor.person_id", "Le successeur est déjà le responsable du centre."));
        var filiere = centre.Network?.FiliereAcronym ?? await FiliereOfCentreAsync(centreId, ct);
        var dossier = await NewDossierAsync(caller, ProcedureKind.CentreHeadSuccession, $"Succession du responsable — {centre.Name}", centre.EstablishmentFiness, ct);
        dossier.CentreId = centreId;
        dossier.FiliereAcronym = filiere;
        dossier.OutgoingPersonId = outgoing;
        dossier.EffectiveDate = effectiveDate;
        dossier.Deadline = deadline;
        await ApplySuccessorAsync(dossier, successor, ct);
        dossier.OtherFiness = successor.Finess is { } f && f != centre.EstablishmentFiness ? f : null;
        return await SaveNewAsync(caller, dossier, ct);
    }

    public async Task<ProcedureResult> OpenFiliereCoordinatorSuccessionAsync(Caller caller, string filiereAcronym, SuccessorInput successor, DateOnly? effectiveDate,
        DateOnly? deadline, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(successor);
        var filiere = await db.Filieres.AsNoTracking().FirstOrDefaultAsync(f => f.Acronym == filiereAcronym, ct);
        if (filiere is null) return ProcedureResult.Invalid(new FieldError("filiere", $"Filière « {filiereAcronym} » inconnue."));
        if (!await CanOpenAsync(caller, ProcedureKind.FiliereCoordinatorSuccession, null, filiere.HostFiness, filiere.Acronym, ct)) return ProcedureResult.Forbidden;
        if (await db.Set<Dossier>().AnyAsync(d => d.FiliereAcronym == filiereAcronym && d.Kind == ProcedureKind.FiliereCoordinatorSuccession
                && d.State != DossierState.Approved && d.State != DossierState.Rejected && d.State != DossierState.Withdrawn, ct))
            return ProcedureResult.Conflict("filiere", "Une succession du coordonnateur est déjà en cours pour cette filière.");
        var errors = await ValidateSuccessorAsync(successor, ct);
        if (errors.Count > 0) return ProcedureResult.Invalid(errors);
        var dossier = await NewDossierAsync(caller, ProcedureKind.FiliereCoordinatorSuccession, $"Succession du coordonnateur — filière {filiere.Acronym}", filiere.HostFiness ?? "", ct);
        dossier.FiliereAcronym = filiere.Acronym;
        dossier.OutgoingPersonId = await CurrentHolderAsync(MandateRole.FiliereCoordinator, null, filiere.Acronym, ct);
        dossier.EffectiveDate = effectiveDate;
        dossier.Deadline = deadline;
        await ApplySuccessorAsync(dossier, successor, ct);
        dossier.OtherFiness = successor.Finess is { } f && f != filiere.HostFiness ? f : null;
        return await SaveNewAsync(caller, dossier, ct);
    }

    /// <summary>A change of seat is asked by the direction of the receiving establishment (or the ministry on its behalf).</summary>
    public async Task<ProcedureResult> OpenSeatChangeAsync(Caller caller, string centreId, string receivingFiness, DateOnly? effectiveDate, CancellationToken ct = default)
    {
        var centre = await db.Centres.AsNoTracking().Include(c => c.Network).FirstOrDefaultAsync(c => c.Id == centreId, ct);
        if (centre is null) return ProcedureResult.Invalid(new FieldError("centre_id", $"Centre « {centreId} » inconnu."));
        var receiving = await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.Finess == receivingFiness, ct);
        if (receiving is null) return ProcedureResult.Invalid(new FieldError("receiving_finess", $"Établissement « {receivingFiness} » inconnu du registre."));
        if (receiving.Level != EstablishmentLevel.Site)
            return ProcedureResult.Invalid(new FieldError("receiving_finess", "Le nouvel établissement siège doit être un établissement géographique (ET)."));
        if (receivingFiness == centre.EstablishmentFiness)
            return ProcedureResult.Invalid(new FieldError("receiving_finess", "Cet établissement est déjà le siège du centre."));
        if (!await CanOpenAsync(caller, ProcedureKind.SeatChange, centre.Id, receivingFiness, null, ct)) return ProcedureResult.Forbidden;
        if (await db.Set<Dossier>().AnyAsync(d => d.CentreId == centreId && d.Kind == ProcedureKind.SeatChange
                && d.State != DossierState.Approved && d.State != DossierState.Rejected && d.State != DossierState.Withdrawn, ct))
            return ProcedureResult.Conflict("centre_id", "Un changement d'établissement siège est déjà en cours pour ce centre.");
        var dossier = await NewDossierAsync(caller, ProcedureKind.SeatChange, $"Changement d'établissement siège — {centre.Name}", centre.EstablishmentFiness, ct);
        dossier.CentreId = centreId;
        dossier.FiliereAcronym = centre.Network?.FiliereAcronym ?? await FiliereOfCentreAsync(centreId, ct);
        dossier.OtherFiness = receivingFiness;
        dossier.OutgoingPersonId = await CurrentHolderAsync(MandateRole.CentreHead, centreId, null, ct);
        dossier.EffectiveDate = effectiveDate;
        return await SaveNewAsync(caller, dossier, ct);
    }

    /// <summary>
    /// A change of a filière's seat when its coordinator moves: asked by the direction of the receiving establishment (or the
    /// ministry on its behalf) — note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe.
    /// </summary>
    public async Task<ProcedureResult> OpenFiliereSeatChangeAsync(Caller caller, string filiereAcronym, string receivingFiness, DateOnly? effectiveDate, CancellationToken ct = default)
    {
        var filiere = await db.Filieres.AsNoTracking().FirstOrDefaultAsync(f => f.Acronym == filiereAcronym, ct);
        if (filiere is null) return ProcedureResult.Invalid(new FieldError("filiere", $"Filière « {filiereAcronym} » inconnue."));
        if (filiere.HostFiness is null) return ProcedureResult.Invalid(new FieldError("filiere", $"La filière {filiere.Acronym} n'a pas d'établissement siège enregistré : renseignez-le dans le registre."));
        var receiving = await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.Finess == receivingFiness, ct);
        if (receiving is null) return ProcedureResult.Invalid(new FieldError("receiving_finess", $"Établissement « {receivingFiness} » inconnu du registre."));
        if (receiving.Level != EstablishmentLevel.Site)
            return ProcedureResult.Invalid(new FieldError("receiving_finess", "Le nouvel établissement siège doit être un établissement géographique (ET)."));
        if (receivingFiness == filiere.HostFiness)
            return ProcedureResult.Invalid(new FieldError("receiving_finess", "Cet établissement est déjà le siège de la filière."));
        if (!await CanOpenAsync(caller, ProcedureKind.FiliereSeatChange, null, receivingFiness, filiere.Acronym, ct)) return ProcedureResult.Forbidden;
        if (await db.Set<Dossier>().AnyAsync(d => d.FiliereAcronym == filiereAcronym && d.Kind == ProcedureKind.FiliereSeatChange
                && d.State != DossierState.Approved && d.State != DossierState.Rejected && d.State != DossierState.Withdrawn, ct))
            return ProcedureResult.Conflict("filiere", "Un changement d'établissement siège est déjà en cours pour cette filière.");
        var dossier = await NewDossierAsync(caller, ProcedureKind.FiliereSeatChange, $"Changement d'établissement siège — filière {filiere.Acronym}", filiere.HostFiness, ct);
        dossier.FiliereAcronym = filiere.Acronym;
        dossier.OtherFiness = receivingFiness;
        dossier.OutgoingPersonId = await CurrentHolderAsync(MandateRole.FiliereCoordinator, null, filiere.Acronym, ct);
        dossier.EffectiveDate = effectiveDate;
        return await SaveNewAsync(caller, dossier, ct);
    }

    /// <summary>
    /// Who may open a dossier of a given kind, from the annex of the interministerial note of 19 September 2018
    /// ("Procédure d'actualisation de la liste des CRMR et des FSMR"); anything else is refused (fails closed):
    /// <list type="bullet">
    /// <item>centre-head succession — the outgoing head "informant sa direction" (the centre's head), that direction (the
    /// legal entity of the centre's seat), or the ministry (DGOS designates); never the regional agency, the filière or an
    /// association, which give opinions;</item>
    /// <item>filière-coordinator succession — the coordinator "informant sa direction" (the filière's coordinator), that
    /// direction (the legal entity of the filière's host establishment), or the ministry;</item>
    /// <item>change of seat — "la demande est formulée par la direction de l'établissement d'accueil": the direction of the
    /// receiving establishment, or the ministry.</item>
    /// </list>
    /// <paramref name="seatOrReceivingFiness"/> is the centre's (or filière's) seat, or the receiving establishment of a change of seat.
    /// </summary>
    public async Task<bool> CanOpenAsync(Caller caller, ProcedureKind kind, string? centreId, string? seatOrReceivingFiness, string? filiere,
        CancellationToken ct = default)
    {
        if (!caller.IsAuthenticated) return false;
        if (caller.Role == UserRole.NationalAdmin) return true;
        if (string.IsNullOrEmpty(caller.ScopeId)) return false;
        return await kinds[kind].CanOpenAsync(caller, centreId, seatOrReceivingFiness, filiere, ct);
    }

    // ---------------------------------------------------------------- reading

    public Task<Dossier?> LoadAsync(string id, CancellationToken ct = default) =>
        db.Set<Dossier>().AsNoTracking().AsSplitQuery()
            .Include(d => d.Sections).Include(d => d.Opinions).Include(d => d.Events).Include(d => d.Sites)
            .Include(d => d.Documents.OrderBy(x => x.Id)).FirstOrDefaultAsync(d => d.Id == id, ct);

    public async Task<DossierRequirementsView> RequirementsAsync(Dossier d, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(d);
        return await kinds.Of(d).RequirementsAsync(d, ct);
    }

    /// <summary>The missing items and sections of a dossier.</summary>
    public async Task<IReadOnlyList<Gap>> GapsAsync(Dossier d, CancellationToken ct = default) => Gaps(d, await RequirementsAsync(d, ct));

    /// <summary>The missing items and sections of a dossier, for requirements already computed.</summary>
    public static IReadOnlyList<Gap> Gaps(Dossier d, DossierRequirementsView req)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(req);
        var present = d.Documents.Select(x => x.ItemId).Concat(d.Opinions.Select(o => o.ItemId)).ToHashSet(StringComparer.Ordinal);
        return Completeness.Check(req.Items, req.Sections, new DossierContent(present, d.Sections.ToDictionary(s => s.Key, s => (string?)s.Text, StringComparer.Ordinal)));
    }

    /// <summary>The successor's eligibility, on the date the mandate would start.</summary>
    public async Task<EligibilityResult?> EligibilityAsync(Dossier d, DateOnly asOf, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(d);
        return await kinds.Of(d).EligibilityAsync(d, asOf, ct);
    }

    /// <summary>The successor's eligibility on the day the mandate would start (the effective date, or today when it is past).</summary>
    public Task<EligibilityResult?> EligibilityAtStartAsync(Dossier d, CancellationToken ct = default) =>
        EligibilityAsync(d, d.EffectiveDate is { } e && e > Today ? e : Today, ct);

    /// <summary>May the caller see this dossier? The ministry, the parties named in it, the agency of its region, and the follow-up committee once referred.</summary>
    public async Task<bool> CanReadAsync(Caller caller, Dossier d, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (!caller.IsAuthenticated) return false;
        if (caller.Role == UserRole.NationalAdmin) return true;
        // The follow-up committee's members read the dossiers referred to the committee, and nothing else (docs/committee.md).
        if (caller.Role == UserRole.FollowUpCommittee) return await Committee.CommitteeService.IsReferredAsync(db, d, ct);
        if (AccessPolicy.Allows(caller, await DossierScopeAsync(d, ct))) return true;
        if (d.CallId is not null && await calls.IsAssignedAsync(caller, d.Id, ct)) return true;
        foreach (var item in (await RequirementsAsync(d, ct)).Items)
            if (await CanProvideAsync(caller, d, item, ct)) return true;
        return false;
    }

    /// <summary>
    /// May the caller read the successor's identifying data in this dossier (RPPS, status, birth date, clinical activity:
    /// <see cref="DataClass.IdentifyingPersonal"/>)? The ministry, the dossier's authors (who entered them), and the roles
    /// whose scope covers the dossier's structure (docs/security.md, "Who reads what"); not the associations nor the jury
    /// experts, who give their opinion on the successor's name, letter and CV.
    /// </summary>
    public async Task<bool> MayReadSuccessorIdentityAsync(Caller caller, Dossier d, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (!caller.IsAuthenticated) return false;
        if (caller.Role == UserRole.NationalAdmin || await IsAuthorAsync(caller, d, ct)) return true;
        return DataAccess.CanRead(caller, DataClass.IdentifyingPersonal, await DossierScopeAsync(d, ct));
    }

    /// <summary>May the caller act as the dossier's authors (sections, own documents, submit, withdraw)?</summary>
    public async Task<bool> IsAuthorAsync(Caller caller, Dossier d, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(d);
        return await kinds.Of(d).IsAuthorAsync(caller, d, ct);
    }

    /// <summary>May the caller provide this item? The party the annex names for it (the ministry may file anything received by post).</summary>
    public Task<bool> CanProvideAsync(Caller caller, Dossier d, RequiredItem item, CancellationToken ct) =>
        CanProvideAsync(caller, d, item, f => LegalEntityOfAsync(f, ct), () => IsAuthorAsync(caller, d, ct));

    /// <summary><see cref="CanProvideAsync(Caller, Dossier, RequiredItem, CancellationToken)"/>, with the registry's answers
    /// from the caller (a list's read looks each establishment up once, and the authors' rule once per dossier).</summary>
    private async Task<bool> CanProvideAsync(Caller caller, Dossier d, RequiredItem item, Func<string, Task<string?>> legalEntityOf, Func<Task<bool>> isAuthor)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(item);
        if (!caller.IsAuthenticated) return false;
        if (caller.Role == UserRole.NationalAdmin) return true;
        return item.Party switch
        {
            Party.OutgoingHolder or Party.Successor or Party.MovingHolder => caller.Role switch
            {
                UserRole.CentreHead => d.CentreId is not null && caller.ScopeId == d.CentreId,
                UserRole.FiliereCoordinator => kinds.Of(d).HolderIsFiliereCoordinator && caller.ScopeId == d.FiliereAcronym,
                UserRole.Establishment => await legalEntityOf(d.SeatFiness) == caller.ScopeId,
                _ => false,
            },
            Party.EstablishmentDirection => caller.Role == UserRole.Establishment && item.TargetId is { } finess && await legalEntityOf(finess) == caller.ScopeId,
            Party.ConstitutiveHead or Party.CoordinatingHead or Party.CentreHead => caller.Role == UserRole.CentreHead && caller.ScopeId == item.TargetId,
            Party.Filiere or Party.FiliereGovernance => caller.Role == UserRole.FiliereCoordinator && caller.ScopeId == item.TargetId,
            Party.Association => caller.Role == UserRole.Association && caller.ScopeId == item.TargetId,
            Party.Applicant => await isAuthor(),
            _ => false,
        };
    }

    /// <summary>The dossiers a caller may see, newest first (<see cref="CanReadAsync"/>'s rule, evaluated for the whole list).</summary>
    public async Task<IReadOnlyList<Dossier>> ListAsync(Caller caller, DossierState? state, CancellationToken ct = default) =>
        await ListAsync(caller, state, new ListContext(this, ct), ct);

    private async Task<List<Dossier>> ListAsync(Caller caller, DossierState? state, ListContext context, CancellationToken ct)
    {
        if (!caller.IsAuthenticated) return [];
        var q = db.Set<Dossier>().AsNoTracking().Include(d => d.Opinions).Include(d => d.Sections).AsSplitQuery();
        if (state is { } s) q = q.Where(d => d.State == s);
        // SQLite cannot order by a DateTimeOffset: sort in memory (dossiers are few).
        var all = (await q.ToListAsync(ct)).OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id, StringComparer.Ordinal).ToList();
        var docs = (await db.Set<DossierDocument>().AsNoTracking().Select(x => new { x.DossierId, x.ItemId }).ToListAsync(ct))
            .ToLookup(x => x.DossierId, x => x.ItemId, StringComparer.Ordinal);
        foreach (var d in all)
            d.Documents = docs[d.Id].Select(itemId => new DossierDocument
            {
                DossierId = d.Id, ItemId = itemId, FileName = "", ContentType = "", Sha256 = "", Content = [], UploadedBy = "",
            }).ToList();
        return await ReadableAsync(caller, all, context, ct);
    }

    /// <summary>« Ce qui m'attend » in one read: the caller's tasks and the dossiers it may see (one list for both).</summary>
    public async Task<(IReadOnlyList<TaskItem> Tasks, IReadOnlyList<Dossier> Dossiers)> OverviewAsync(Caller caller, CancellationToken ct = default)
    {
        var context = new ListContext(this, ct) { ForTasks = true };
        var dossiers = await ListAsync(caller, null, context, ct);
        return (await TasksAsync(caller, dossiers, context, ct), dossiers);
    }

    /// <summary>What is waiting for the caller: items he or she must provide, and decisions to take (the ministry).</summary>
    public async Task<IReadOnlyList<TaskItem>> TasksAsync(Caller caller, CancellationToken ct = default)
    {
        var context = new ListContext(this, ct) { ForTasks = true };
        return await TasksAsync(caller, await ListAsync(caller, null, context, ct), context, ct);
    }

    private async Task<IReadOnlyList<TaskItem>> TasksAsync(Caller caller, List<Dossier> dossiers, ListContext context, CancellationToken ct)
    {
        var tasks = new List<TaskItem>(await calls.TasksAsync(caller, ct));
        // The drafts' requirements (those the read did not compute already), in bulk.
        if (caller.Role != UserRole.NationalAdmin) await context.PrefetchAsync(dossiers.Where(d => d.State == DossierState.Draft));
        foreach (var d in dossiers)
        {
            if (DossierStateMachine.IsFinal(d.State))
            {
                tasks.AddRange(await kinds.Of(d).FollowUpTasksAsync(caller, d, ct));
                continue;
            }
            if (d.State == DossierState.Draft)
            {
                // The ministry files what it receives by post from the dossier's page: its drafts are not its tasks.
                if (caller.Role == UserRole.NationalAdmin) continue;
                var req = await context.RequirementsAsync(d);
                var present = d.Documents.Select(x => x.ItemId).Concat(d.Opinions.Select(o => o.ItemId)).ToHashSet(StringComparer.Ordinal);
                bool? isAuthor = null;
                async Task<bool> IsAuthor() => isAuthor ??= await IsAuthorAsync(caller, d, context);
                foreach (var item in req.Items.Where(i => !present.Contains(i.Id)))
                    if (await CanProvideAsync(caller, d, item, context.LegalEntityOfAsync, IsAuthor))
                        tasks.Add(new TaskItem(d.Id, d.Title, item.Id,
                            item.Type == ItemType.Opinion ? $"Donner l'avis : {item.Label}{Target(item)}" : $"Déposer la pièce {item.Number} : {item.Label}{Target(item)}", d.Deadline));
                if (await IsAuthor())
                    tasks.Add(new TaskItem(d.Id, d.Title, null, "Compléter et déposer le dossier", d.Deadline));
            }
            else if (caller.Role == UserRole.NationalAdmin)
            {
                var kind = kinds.Of(d);
                var what = d.State switch
                {
                    DossierState.Submitted when kind.HasJuryStep => "Transmettre au jury et désigner les évaluateurs (ou renvoyer pour complément)",
                    DossierState.Submitted => kind.HasCommitteeStep ? "Saisir le comité de suivi (ou renvoyer pour complément)" : "Décider",
                    DossierState.CommitteeReview => "Enregistrer l'avis du comité de suivi",
                    DossierState.JuryReview => "Suivre les évaluations du jury et clore l'évaluation",
                    DossierState.AwaitingDecision when kind.IsDecidedPerSite => "Décider site par site (labellisé, avec réserves, non retenu)",
                    DossierState.AwaitingDecision => "Décider (désignation ou refus)",
                    _ => null,
                };
                if (what is not null) tasks.Add(new TaskItem(d.Id, d.Title, null, what, null));
            }
            else if (caller.Role == UserRole.FollowUpCommittee && d.State == DossierState.CommitteeReview)
            {
                // A member of the follow-up committee: the dossiers waiting for its opinion (docs/committee.md).
                tasks.Add(new TaskItem(d.Id, d.Title, null, "Donner l'avis du comité de suivi", null));
            }
        }
        return tasks;
    }

    private static string Target(RequiredItem i) => i.TargetLabel is null ? "" : $" ({i.TargetLabel})";

    // ---------------------------------------------------------------- filling

    public Task<ProcedureResult> PutSectionAsync(Caller caller, string id, string key, string? text, CancellationToken ct = default) =>
        PutSectionAsync(caller, id, key, text, null, ct);

    /// <param name="expectedVersion">The dossier's version the caller read (If-Match, the page's hidden field); null accepts any.</param>
    public async Task<ProcedureResult> PutSectionAsync(Caller caller, string id, string key, string? text, int? expectedVersion, CancellationToken ct = default)
    {
        var d = await db.Set<Dossier>().Include(x => x.Sections).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return ProcedureResult.NotFound;
        if (!await IsAuthorAsync(caller, d, ct)) return ProcedureResult.Forbidden;
        if (!Versioning.Expect(db, d, expectedVersion)) return await StaleAsync(id, ct);
        if (d.State != DossierState.Draft) return NotDraft(d);
        var spec = (await RequirementsAsync(d, ct)).Sections.FirstOrDefault(s => s.Key == key);
        if (spec is null) return ProcedureResult.Invalid(new FieldError("key", $"Section « {key} » inconnue pour cette procédure."));
        if (text is { Length: var n } && n > spec.MaxLength) return ProcedureResult.Invalid(new FieldError(key, $"Le texte dépasse {spec.MaxLength} caractères ({n})."));
        var existing = d.Sections.FirstOrDefault(s => s.Key == key);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (existing is not null) d.Sections.Remove(existing);
        }
        else if (existing is null) d.Sections.Add(new DossierSection { DossierId = d.Id, Key = key, Text = text.Trim() });
        else existing.Text = text.Trim();
        Event(d, caller, "section", null, spec.Label);
        return await SaveOrStaleAsync(d, ct);
    }

    public Task<ProcedureResult> UploadDocumentAsync(Caller caller, string id, string itemId, string fileName, byte[] content, CancellationToken ct = default) =>
        UploadDocumentAsync(caller, id, itemId, fileName, content, null, ct);

    /// <summary>
    /// Files a PDF for an item. <paramref name="cosigners"/>: for an association's support letter, the other associations
    /// that co-signed it (Alliance maladies rares, fiche pratique « Centres de référence et de compétence », mai 2022, « Comment être acteur de la labellisation ? »: "une seule lettre cosignée"); the letter then stands for each of them.
    /// </summary>
    public async Task<ProcedureResult> UploadDocumentAsync(Caller caller, string id, string itemId, string fileName, byte[] content,
        IReadOnlyList<string>? cosigners, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var d = await db.Set<Dossier>().Include(x => x.Documents).Include(x => x.Sections).Include(x => x.Opinions).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return ProcedureResult.NotFound;
        var required = (await RequirementsAsync(d, ct)).Items;
        var item = required.FirstOrDefault(i => i.Id == itemId);
        if (item is null) return ProcedureResult.Invalid(new FieldError("item", $"Pièce « {itemId} » inconnue pour ce dossier."));
        if (!await CanProvideAsync(caller, d, item, ct)) return ProcedureResult.Forbidden;
        if (d.State != DossierState.Draft) return NotDraft(d);
        if (item.Type != ItemType.Document) return ProcedureResult.Invalid(new FieldError("item", $"« {item.Label} » est un avis : utilisez le formulaire d'avis."));
        var name = DocumentName(fileName, "document.pdf");
        if (content.Length == 0) return ProcedureResult.Invalid(new FieldError("file", $"{name} : fichier vide."));
        var (check, error) = await CheckPdfAsync(name, content, ct);
        if (error is not null) return ProcedureResult.Invalid(error);
        if (item.MaxPages is { } max && check!.PageCount is null)
            return ProcedureResult.Invalid(new FieldError("file", $"{name} : nombre de pages illisible ; « {item.Label} » est limité à {max} pages."));
        if (item.MaxPages is { } limit && check!.PageCount is { } pages && pages > limit)
            return ProcedureResult.Invalid(new FieldError("file", $"{name} : {pages} pages, au-delà des {limit} pages autorisées pour « {item.Label} »."));
        var items = new List<RequiredItem> { item };
        foreach (var other in (cosigners ?? []).Where(c => !string.IsNullOrWhiteSpace(c) && c != item.TargetId).Distinct(StringComparer.Ordinal))
        {
            if (item.Key != "association_support")
                return ProcedureResult.Invalid(new FieldError("cosigners", "Seule une lettre de soutien d'association peut être cosignée."));
            var cosigned = required.FirstOrDefault(i => i.Key == item.Key && i.TargetId == other);
            if (cosigned is null)
                return ProcedureResult.Invalid(new FieldError("cosigners", $"L'association « {other} » n'est pas liée à ce réseau par une convention."));
            items.Add(cosigned);
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        foreach (var it in items) FileDocument(d, it.Id, name, content, check!, sha, caller);
        Event(d, caller, "document", null, $"Pièce {item.Number} — {item.Label}{Target(item)} : {name}"
            + (items.Count > 1 ? $" (lettre cosignée par {string.Join(", ", items.Select(i => i.TargetLabel))})" : ""));
        await db.SaveChangesAsync(ct);
        return ProcedureResult.Ok(d.Id);
    }

    public Task<ProcedureResult> GiveOpinionAsync(Caller caller, string id, string itemId, OpinionValue value, string? reasons, string? alternative,
        CancellationToken ct = default) => GiveOpinionAsync(caller, id, itemId, value, reasons, alternative, null, ct);

    /// <param name="expectedVersion">The dossier's version the caller read (If-Match); null accepts any.</param>
    public Task<ProcedureResult> GiveOpinionAsync(Caller caller, string id, string itemId, OpinionValue value, string? reasons, string? alternative,
        int? expectedVersion, CancellationToken ct = default) => GiveOpinionAsync(caller, id, itemId, value, reasons, alternative, null, expectedVersion, ct);

    /// <param name="governanceMeetingId">
    /// For the governance committee's opinion on a filière coordinator's succession (and only for it): the meeting of the
    /// committee that gave it, held and with its minutes filed — the opinion is the collegial body's, not its author's
    /// (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe : « avis du comité de gouvernance de la FSMR »).
    /// </param>
    /// <param name="expectedVersion">The dossier's version the caller read (If-Match); null accepts any.</param>
    public async Task<ProcedureResult> GiveOpinionAsync(Caller caller, string id, string itemId, OpinionValue value, string? reasons, string? alternative,
        int? governanceMeetingId, int? expectedVersion, CancellationToken ct = default)
    {
        var d = await db.Set<Dossier>().Include(x => x.Opinions).Include(x => x.Documents).Include(x => x.Sections).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return ProcedureResult.NotFound;
        var item = (await RequirementsAsync(d, ct)).Items.FirstOrDefault(i => i.Id == itemId);
        if (item is null) return ProcedureResult.Invalid(new FieldError("item", $"Avis « {itemId} » inconnu pour ce dossier."));
        if (!await CanProvideAsync(caller, d, item, ct)) return ProcedureResult.Forbidden;
        if (!Versioning.Expect(db, d, expectedVersion)) return await StaleAsync(id, ct);
        if (d.State != DossierState.Draft) return NotDraft(d);
        if (item.Type != ItemType.Opinion) return ProcedureResult.Invalid(new FieldError("item", $"« {item.Label} » est une pièce : déposez un PDF."));
        var errors = OpinionRules.Validate(value, reasons, alternative).ToList();
        if (item.ReasonsRequired && string.IsNullOrWhiteSpace(reasons) && !errors.Any(e => e.Field == "reasons"))
            errors.Add(new FieldError("reasons", $"« {item.Label} » : l'avis doit être motivé, quel qu'il soit."));
        if (item.Party == Party.FiliereGovernance)
        {
            if (await GovernanceMeetingProblemAsync(item.TargetId!, governanceMeetingId, Today, ct) is { } problem) errors.Add(problem);
        }
        else if (governanceMeetingId is not null)
            errors.Add(new FieldError("meeting_id", "Seul l'avis du comité de gouvernance de la filière se rattache à une réunion du comité."));
        if (errors.Count > 0) return ProcedureResult.Invalid(errors);
        var existing = d.Opinions.FirstOrDefault(o => o.ItemId == itemId);
        if (existing is null)
        {
            existing = new DossierOpinion { DossierId = d.Id, ItemId = itemId, Party = item.Party, GivenBy = caller.UserName! };
            d.Opinions.Add(existing);
        }
        existing.Value = value;
        existing.Reasons = string.IsNullOrWhiteSpace(reasons) ? null : reasons.Trim();
        existing.AlternativeCandidate = string.IsNullOrWhiteSpace(alternative) ? null : alternative.Trim();
        existing.GivenBy = caller.UserName!;
        existing.GivenAt = clock.GetUtcNow();
        existing.GovernanceMeetingId = item.Party == Party.FiliereGovernance ? governanceMeetingId : null;
        var meetingNote = item.Party == Party.FiliereGovernance && governanceMeetingId is { } mid
            ? $" (réunion du comité du {French.Date((await db.GovernanceMeetings.AsNoTracking().Where(m => m.Id == mid).Select(m => m.Date).FirstAsync(ct)))})" : "";
        Event(d, caller, "opinion", null, $"{item.Label}{Target(item)} : {value.Label()}{meetingNote}");
        return await SaveOrStaleAsync(d, ct);
    }

    // ---------------------------------------------------------------- transitions

    /// <summary>
    /// Moves a dossier. <paramref name="note"/> is the reason of a return, a refusal or a withdrawal (required for the
    /// first two), or the decision's text; <paramref name="opinion"/> and <paramref name="note"/> carry the committee's
    /// opinion and its reasons.
    /// </summary>
    public Task<ProcedureResult> TransitionAsync(Caller caller, string id, DossierAction action, string? note, OpinionValue? opinion,
        CancellationToken ct = default) => TransitionAsync(caller, id, action, note, opinion, null, ct);

    /// <summary>The actions the caller may take on the dossier now: those its state allows, for which the caller is the actor.</summary>
    public async Task<IReadOnlyList<DossierAction>> AllowedActionsAsync(Caller caller, Dossier d, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(d);
        var actions = new List<DossierAction>();
        bool? isAuthor = null; // asked of the procedure kind once, and only if an author's action is possible
        foreach (var a in DossierStateMachine.AllowedActions(d.Kind, d.State))
            if (MayAct(caller, d, a, DossierStateMachine.Actor(a) is Party.Ministry or Party.FollowUpCommittee ? false : isAuthor ??= await IsAuthorAsync(caller, d, ct)))
                actions.Add(a);
        return actions;
    }

    /// <summary>Is the caller the party who takes this action on this dossier?</summary>
    private async Task<bool> MayActAsync(Caller caller, Dossier d, DossierAction action, CancellationToken ct) =>
        MayAct(caller, d, action, DossierStateMachine.Actor(action) is Party.Ministry or Party.FollowUpCommittee ? false : await IsAuthorAsync(caller, d, ct));

    private static bool MayAct(Caller caller, Dossier d, DossierAction action, bool isAuthor) =>
        DossierStateMachine.Actor(action) switch
        {
            Party.Ministry => caller.Role == UserRole.NationalAdmin,
            // The committee's opinion is entered by its secretariat (the ministry) or by one of its members.
            Party.FollowUpCommittee => caller.Role is UserRole.NationalAdmin or UserRole.FollowUpCommittee,
            _ => isAuthor
                // Whoever opened a dossier may withdraw it, even when no longer (or never) one of its authors: a stray dossier
                // must not block the centre's or filière's other procedures with nobody able to close it.
                || (action == DossierAction.Withdraw && caller.IsAuthenticated && caller.UserName == d.CreatedBy),
        };

    /// <param name="expectedVersion">The dossier's version the caller read; null accepts any.</param>
    private async Task<ProcedureResult> TransitionCoreAsync(Caller caller, string id, DossierAction action, string? note, OpinionValue? opinion,
        int? expectedVersion, CancellationToken ct = default)
    {
        var d = await db.Set<Dossier>().Include(x => x.Sections).Include(x => x.Opinions).Include(x => x.Documents).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return ProcedureResult.NotFound;
        if (!await MayActAsync(caller, d, action, ct)) return ProcedureResult.Forbidden;
        // After the authorisation: a stale answer names who changed the dossier, which only its parties may learn.
        if (!Versioning.Expect(db, d, expectedVersion)) return await StaleAsync(id, ct);
        var t = DossierStateMachine.Next(d.Kind, d.State, action);
        if (!t.Allowed) return ProcedureResult.Conflict("action", t.Refusal!);
        var from = d.State;
        switch (action)
        {
            case DossierAction.Submit:
            {
                if (d.Deadline is { } deadline && Today > deadline)
                    return ProcedureResult.Conflict("deadline", $"Dépôt refusé : la date limite était le {French.Date(deadline)} (nous sommes le {French.Date(Today)}).");
                var gaps = await GapsAsync(d, ct);
                if (gaps.Count > 0) return ProcedureResult.Invalid(gaps.Select(g => new FieldError(g.ItemOrSection, g.Message)).ToList());
                if (await kinds.Of(d).SubmissionProblemsAsync(d, ct) is { Count: > 0 } problems)
                    return ProcedureResult.Invalid(problems);
                if (await EligibilityAtStartAsync(d, ct) is { Eligible: false } el)
                    return ProcedureResult.Invalid(el.Checks.Where(c => !c.Passed).Select(c => new FieldError("successor", $"{c.Message} ({c.Rule})")).ToList());
                d.SubmittedAt = clock.GetUtcNow();
                break;
            }
            case DossierAction.CloseJuryReview:
            {
                IReadOnlyList<FieldError> problems = [.. await calls.CloseProblemsAsync(d.Id, ct), .. await kinds.Of(d).JuryCloseProblemsAsync(d, ct)];
                if (problems.Count > 0) return ProcedureResult.Invalid(problems);
                break;
            }
            case DossierAction.Decide:
            {
                if (await ValidateSiteDecisionsAsync(d, ct) is { } invalid) return invalid;
                d.DecisionText = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
                d.DecidedAt = clock.GetUtcNow();
                break;
            }
            case DossierAction.ReturnForCompletion:
                if (string.IsNullOrWhiteSpace(note)) return ProcedureResult.Invalid(new FieldError("note", "Indiquez ce qui manque ou doit être corrigé."));
                d.ReturnReason = note.Trim();
                break;
            case DossierAction.RecordCommitteeOpinion:
            {
                if (opinion is not { } value) return ProcedureResult.Invalid(new FieldError("opinion", "Indiquez l'avis du comité de suivi."));
                var errors = OpinionRules.Validate(value, note, null);
                if (errors.Count > 0) return ProcedureResult.Invalid(errors.Select(e => e with { Field = e.Field == "reasons" ? "note" : e.Field }).ToList());
                d.CommitteeOpinion = value;
                d.CommitteeReasons = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
                break;
            }
            case DossierAction.Reject:
                if (string.IsNullOrWhiteSpace(note)) return ProcedureResult.Invalid(new FieldError("note", "Une décision de refus doit être motivée."));
                d.DecisionText = note.Trim();
                d.DecidedAt = clock.GetUtcNow();
                d.ListYear = null;
                break;
            case DossierAction.Approve:
            {
                var result = await ApplyDecisionAsync(d, ct);
                if (result is not null) return result;
                d.DecisionText = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
                d.DecidedAt = clock.GetUtcNow();
                d.ListYear = kinds.Of(d).EntersYearlyList ? d.MandateFrom?.Year ?? Today.Year : null;
                break;
            }
        }
        d.State = t.To!.Value;
        Event(d, caller, action.Code(), from, note);
        var notifications = await NotificationsForAsync(d, action, ct);
        db.Set<Notification>().AddRange(notifications);
        if (await SaveOrStaleAsync(d, ct) is { Status: ProcedureStatus.Stale } stale) return stale;
        return ProcedureResult.Ok(d.Id);
    }

    /// <summary>Writes an approved dossier into the registry; null when done, the problem otherwise (nothing saved).</summary>
    private async Task<ProcedureResult?> ApplyDecisionAsync(Dossier d, CancellationToken ct)
    {
        var start = d.EffectiveDate is { } e && e > Today ? e : Today;
        return await kinds.Of(d).ApplyApprovalAsync(d, start, ct);
    }

    // ---------------------------------------------------------------- notifications

    private async Task<List<Notification>> NotificationsForAsync(Dossier d, DossierAction action, CancellationToken ct)
    {
        var list = new List<Notification>();
        var now = clock.GetUtcNow();
        async Task Add(string reason, UserRole role, string? scopeId, string? personId, string label, string subject, string body) =>
            list.AddRange(await NotificationsToAsync(d, reason, role, scopeId, personId, label, subject, body, ct));

        switch (action)
        {
            case DossierAction.Submit:
                await Add("submitted", UserRole.NationalAdmin, null, null, "Mission maladies rares (DGOS)",
                    $"[Maillage] Dossier déposé : {d.Title}", $"Le dossier {d.Id} « {d.Title} » a été déposé le {French.Date(now, clock.LocalTimeZone)} et attend son instruction.");
                foreach (var m in await kinds.Of(d).SubmittedMessagesAsync(d, ct))
                    await Add(m.Reason, m.Role, m.ScopeId, m.PersonId, m.Label, m.Subject, m.Body);
                break;
            case DossierAction.ReturnForCompletion:
                foreach (var (role, scope) in await AuthorAudiencesAsync(d, ct))
                    await Add("returned", role, scope, null, "Auteurs du dossier", $"[Maillage] Dossier à compléter : {d.Title}",
                        $"La DGOS renvoie le dossier {d.Id} pour complément : {d.ReturnReason}");
                break;
            case DossierAction.Decide:
            {
                var sites = await db.Set<DossierSite>().AsNoTracking().Where(x => x.DossierId == d.Id).OrderBy(x => x.Id).ToListAsync(ct);
                var siteIds = sites.Select(x => x.CentreId).ToList();
                var names = await db.Centres.AsNoTracking().Where(c => siteIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
                var lines = string.Join("\n", sites.Select(x => $"- {names.GetValueOrDefault(x.CentreId) ?? x.CentreId} : {DecisionLabel(x.Decision ?? LabelDecision.NotRetained)}"
                    + (x.KeepsCompetenceLabel ? " (reste labellisé centre de compétence)" : "") + (x.Reservations is null ? "" : $" — réserves : {x.Reservations}")));
                foreach (var r in await kinds.Of(d).RecipientsAsync(d, ct))
                    await Add(r.Reason, r.Role, r.ScopeId, r.PersonId, r.Label, $"[Maillage] Décision de labellisation : {d.Title}",
                        $"La DGOS a statué sur la candidature {d.Id}, site par site :\n{lines}\nLa liste officielle est publiée à la clôture de la campagne.");
                break;
            }
            case DossierAction.Approve:
            case DossierAction.Reject:
            {
                var decision = action == DossierAction.Approve ? "accepté" : "refusé";
                var subject = $"[Maillage] Décision de la DGOS : {d.Title}";
                var body = await kinds.Of(d).DecisionBodyAsync(d, action, ct);
                foreach (var r in await RecipientsAsync(d, ct))
                    await Add(r.Reason, r.Role, r.ScopeId, r.PersonId, r.Label, subject, $"{body}\nDécision : {decision}.");
                break;
            }
        }
        return list;
    }

    /// <summary>The notifications of one message to one audience: one per e-mail address found (the person's, the accounts'), or one without e-mail.</summary>
    private async Task<List<Notification>> NotificationsToAsync(Dossier d, string reason, UserRole role, string? scopeId, string? personId, string label,
        string subject, string body, CancellationToken ct)
    {
        var list = new List<Notification>();
        var now = clock.GetUtcNow();
        var emails = new List<string>();
        // The successor may have been created by this very decision (not saved yet): look in the context first.
        var personEmail = personId is null ? null
            : db.People.Local.FirstOrDefault(p => p.Id == personId)?.Email
                ?? await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Email).FirstOrDefaultAsync(ct);
        if (personEmail is { Length: > 0 }) emails.Add(personEmail);
        emails.AddRange(await db.Users.AsNoTracking().Where(u => u.Role == role && (scopeId == null ? u.ScopeId == null : u.ScopeId == scopeId) && u.Email != null)
            .Select(u => u.Email!).ToListAsync(ct));
        var distinct = emails.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (distinct.Count == 0) distinct.Add("");
        foreach (var email in distinct)
            list.Add(new Notification
            {
                DossierId = d.Id, Reason = reason, AudienceRole = role, AudienceScopeId = scopeId, PersonId = personId,
                Email = email.Length == 0 ? null : email, RecipientLabel = label, Subject = subject, Body = body, CreatedAt = now,
            });
        return list;
    }

    /// <summary>The recipients of a decision (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe « Procédure d'actualisation de la liste des CRMR et des FSMR »), resolved to audiences of the registry.</summary>
    public async Task<IReadOnlyList<(string Reason, UserRole Role, string? ScopeId, string? PersonId, string Label)>> RecipientsAsync(Dossier d, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(d);
        return (await kinds.Of(d).RecipientsAsync(d, ct)).Select(r => r.ToTuple()).ToList();
    }

    /// <summary>The notifications a caller sees in the application, newest first.</summary>
    public async Task<IReadOnlyList<Notification>> InboxAsync(Caller caller, int take, CancellationToken ct = default)
    {
        if (!caller.IsAuthenticated) return [];
        // Those to the caller's role and scope, and (Mon espace) those addressed to the caller's account.
        var q = db.Set<Notification>().AsNoTracking().Where(Home.HomeService.VisibleTo(caller));
        var rows = await q.OrderByDescending(n => n.Id).Take(take * 4).ToListAsync(ct);
        // One line per message in the application, whatever the number of e-mail addresses it went to.
        return rows.GroupBy(n => (n.DossierId, n.Reason, n.Subject, n.CreatedAt)).Select(g => g.First()).Take(take).ToList();
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>The shipped campaign referential covering <paramref name="year"/> (the latest one after the last campaign).</summary>
    internal static Domain.Referential.Referential CampaignFor(int year) =>
        CampaignCatalogue.Shipped.Get(CampaignCatalogue.Shipped.Activity.CampaignOf(year) ?? CampaignCatalogue.Shipped.Latest!);

    private Task<IReadOnlyList<(UserRole Role, string? ScopeId)>> AuthorAudiencesAsync(Dossier d, CancellationToken ct) =>
        kinds.Of(d).AuthorAudiencesAsync(d, ct);

    private async Task<ObjectScope> DossierScopeAsync(Dossier d, CancellationToken ct)
    {
        var s = d.CentreId is not null ? await access.ScopeOfAsync("centre", d.CentreId, ct) : new ObjectScope();
        if (d.FiliereAcronym is not null) s.Filieres.Add(d.FiliereAcronym);
        await access.AddEstablishmentAsync(s, d.SeatFiness, ct);
        if (d.OtherFiness is not null) await access.AddEstablishmentAsync(s, d.OtherFiness, ct);
        return s;
    }

    private Task<string?> LegalEntityOfAsync(string finess, CancellationToken ct) => lookups.LegalEntityOfAsync(finess, ct);

    private Task<string?> FiliereOfCentreAsync(string centreId, CancellationToken ct) => lookups.FiliereOfCentreAsync(centreId, ct);

    private Task<string?> CurrentHolderAsync(MandateRole role, string? centreId, string? filiere, CancellationToken ct) =>
        lookups.CurrentHolderAsync(role, centreId, filiere, ct);

    private async Task<List<FieldError>> ValidateSuccessorAsync(SuccessorInput s, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (s.PersonId is { Length: > 0 } pid)
        {
            if (!await db.People.AnyAsync(p => p.Id == pid, ct)) errors.Add(new FieldError("successor.person_id", $"Personne « {pid} » inconnue du registre."));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(s.FirstName)) errors.Add(new FieldError("successor.first_name", "Prénom du successeur requis."));
            if (string.IsNullOrWhiteSpace(s.LastName)) errors.Add(new FieldError("successor.last_name", "Nom du successeur requis."));
            if (s.Status is null) errors.Add(new FieldError("successor.status", "Statut du successeur requis."));
            if (s.Rpps is { Length: > 0 } rpps && Rpps.Validate(rpps) is { } rppsError)
                errors.Add(new FieldError("successor.rpps", rppsError));
            if (s.BirthDate is { } b && (b > Today || b.Year < 1900)) errors.Add(new FieldError("successor.birth_date", "Date de naissance invalide."));
        }
        if (s.Finess is { Length: > 0 } f && !await db.Establishments.AnyAsync(e => e.Finess == f, ct))
            errors.Add(new FieldError("successor.finess", $"Établissement « {f} » inconnu du registre."));
        return errors;
    }

    private async Task ApplySuccessorAsync(Dossier d, SuccessorInput s, CancellationToken ct)
    {
        if (s.PersonId is { Length: > 0 } pid)
        {
            var p = await db.People.AsNoTracking().FirstAsync(x => x.Id == pid, ct);
            d.SuccessorPersonId = p.Id;
            d.SuccessorTitle = p.Title;
            d.SuccessorFirstName = p.FirstName;
            d.SuccessorLastName = p.LastName;
            d.SuccessorRpps = p.Rpps;
            d.SuccessorEmail = p.Email;
            d.SuccessorStatus = p.Status;
            d.SuccessorBirthDate = p.BirthDate;
            d.SuccessorClinicalActivity = p.ClinicalActivity;
            return;
        }
        d.SuccessorTitle = s.Title?.Trim();
        d.SuccessorFirstName = s.FirstName!.Trim();
        d.SuccessorLastName = s.LastName!.Trim();
        d.SuccessorRpps = string.IsNullOrWhiteSpace(s.Rpps) ? null : s.Rpps.Trim();
        d.SuccessorEmail = string.IsNullOrWhiteSpace(s.Email) ? null : s.Email.Trim();
        d.SuccessorStatus = s.Status;
        d.SuccessorBirthDate = s.BirthDate;
        d.SuccessorClinicalActivity = s.ClinicalActivity;
    }

    private async Task<Dossier> NewDossierAsync(Caller caller, ProcedureKind kind, string title, string seat, CancellationToken ct)
    {
        var prefix = kinds[kind].IdPrefix;
        var id = await SequentialIds.NextAsync(db.Set<Dossier>().Select(x => x.Id), $"{prefix}-{Today.Year.ToString(CultureInfo.InvariantCulture)}-", "0000", ct);
        return new Dossier
        {
            Id = id, Kind = kind, State = DossierState.Draft, Title = title.Length > 300 ? title[..300] : title, SeatFiness = seat,
            CreatedBy = caller.UserName!, CreatedAt = clock.GetUtcNow(),
        };
    }

    /// <summary>A stale write to a dossier: who changed it last and when, from the audit trail.</summary>
    private async Task<ProcedureResult> StaleAsync(string id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await versions.CurrentAsync("dossier", id, ct) ?? 0;
        return ProcedureResult.Stale(id, await versions.StaleMessageAsync("dossier", id, current, ct), current);
    }

    /// <summary>Saves a dossier's change; a concurrent write since our read (version moved) is refused as stale, not a 500.</summary>
    private async Task<ProcedureResult> SaveOrStaleAsync(Dossier d, CancellationToken ct)
    {
        var read = (int)db.Entry(d).Property(Versioning.Property).OriginalValue!;
        try
        {
            await db.SaveChangesAsync(ct);
            return ProcedureResult.Ok(d.Id) with { CurrentVersion = d.Version };
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await versions.CurrentAsync("dossier", d.Id, ct) == read) throw;
            return await StaleAsync(d.Id, ct);
        }
    }

    private async Task<ProcedureResult> SaveNewAsync(Caller caller, Dossier d, CancellationToken ct)
    {
        Event(d, caller, "created", null, d.Kind.Label());
        db.Set<Dossier>().Add(d);
        // The dossier and the notifications to the parties asked (Mon espace) are written together: the requirements are
        // read from the database (a platform project's establishments), so the dossier is saved first, in one transaction.
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await db.SaveChangesAsync(ct);
            db.Set<Notification>().AddRange(await AskedNotificationsAsync(caller, d, ct));
            await db.SaveChangesAsync(ct);
            if (own is not null) await own.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two dossiers numbered at once: the second gets the next number.
            if (own is not null) await own.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return ProcedureResult.Conflict("id", "Numéro de dossier déjà pris : réessayez.");
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
        return ProcedureResult.Ok(d.Id);
    }

    private void Event(Dossier d, Caller caller, string action, DossierState? from, string? note) =>
        d.Events.Add(new DossierEvent
        {
            DossierId = d.Id, At = clock.GetUtcNow(), UserName = caller.UserName ?? "?", Action = action, FromState = from,
            ToState = from is null ? null : d.State, Note = note is { Length: > 8000 } ? note[..8000] : note,
        });

    private static string DocumentName(string? fileName, string fallback)
    {
        var name = Path.GetFileName(fileName ?? "");
        return string.IsNullOrWhiteSpace(name) ? fallback : name;
    }

    /// <summary>A non-empty file within the size limit that is a PDF: its inspection, or the error naming the file.</summary>
    private static async Task<(PdfCheck? Check, FieldError? Error)> CheckPdfAsync(string name, byte[] content, CancellationToken ct)
    {
        if (content.Length > MaxDocumentBytes)
            return (null, new FieldError("file", $"{name} : {content.Length / 1024.0 / 1024.0:0.0} Mo, au-delà de la taille maximale de {MaxDocumentBytes / 1024 / 1024} Mo."));
        var check = await PdfInspector.InspectAsync(content, ct);
        return check.IsPdf ? (check, null) : (null, new FieldError("file", $"{name} : {check.Error} Seuls les PDF lisibles sont acceptés."));
    }

    /// <summary>Files a checked PDF under an item of the dossier, replacing the earlier one.</summary>
    private void FileDocument(Dossier d, string itemId, string name, byte[] content, PdfCheck check, string sha, Caller caller)
    {
        foreach (var old in d.Documents.Where(x => x.ItemId == itemId).ToList()) d.Documents.Remove(old);
        d.Documents.Add(new DossierDocument
        {
            DossierId = d.Id, ItemId = itemId, FileName = name, ContentType = "application/pdf", Size = content.Length,
            Sha256 = sha, PageCount = check.PageCount, Content = content, UploadedBy = caller.UserName!, UploadedAt = clock.GetUtcNow(),
        });
    }

    /// <summary>
    /// Why a meeting cannot carry the governance committee's opinion for <paramref name="filiere"/> (null when it can): the
    /// opinion names a meeting of that filière's committee, held by <paramref name="asOf"/>, whose minutes are filed. The note
    /// of 19 September 2018 (annexe, succession d'un coordonnateur de FSMR) asks for the « avis du comité de gouvernance de la
    /// FSMR »: a collegial body's opinion, evidenced by its meeting and minutes — not the outgoing coordinator's own word.
    /// </summary>
    /// <summary>The date of a governance committee's meeting (public, as the committee's meetings are).</summary>
    public Task<DateOnly?> GovernanceMeetingDateAsync(int meetingId, CancellationToken ct = default) =>
        db.GovernanceMeetings.AsNoTracking().Where(m => m.Id == meetingId).Select(m => (DateOnly?)m.Date).FirstOrDefaultAsync(ct);

    public async Task<FieldError?> GovernanceMeetingProblemAsync(string filiere, int? meetingId, DateOnly asOf, CancellationToken ct)
    {
        if (meetingId is not { } id)
            return new FieldError("meeting_id", "L'avis du comité de gouvernance est celui d'un organe collégial : indiquez la réunion du comité qui l'a rendu (sa date et son compte rendu).");
        var meeting = await db.GovernanceMeetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.FiliereAcronym == filiere, ct);
        if (meeting is null) return new FieldError("meeting_id", $"Réunion « {id} » inconnue pour le comité de gouvernance de la filière {filiere}.");
        if (meeting.Date > asOf) return new FieldError("meeting_id", $"La réunion du {French.Date(meeting.Date)} n'a pas encore eu lieu : son avis ne peut pas être enregistré.");
        if (!await db.GovernanceDocuments.AnyAsync(x => x.MeetingId == id && x.Kind == Filieres.GovernanceDocumentKind.Minutes, ct))
            return new FieldError("meeting_id", $"Le compte rendu de la réunion du {French.Date(meeting.Date)} n'est pas déposé : déposez-le sur la page du comité de gouvernance avant d'enregistrer son avis.");
        return null;
    }

    private static ProcedureResult NotDraft(Dossier d) =>
        ProcedureResult.Conflict("state", $"Le dossier est « {d.State.Label()} » : il ne peut plus être modifié.");
}

/// <summary>Something waiting for a user.</summary>
public sealed record TaskItem(string DossierId, string DossierTitle, string? ItemId, string What, DateOnly? Deadline, string? Href = null)
{
    /// <summary>Where the task is done: the call's page for a jury declaration, the dossier's page otherwise.</summary>
    public string Link => Href ?? $"/procedures/{Uri.EscapeDataString(DossierId)}#{(ItemId is null ? "actions" : "piece-" + ItemId.Replace(':', '-'))}";
}
