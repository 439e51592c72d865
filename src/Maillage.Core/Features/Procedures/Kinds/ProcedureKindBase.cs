using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>What most kinds share: the fail-closed start of the authors' rule, and "nothing more" for the optional steps.</summary>
public abstract class ProcedureKindBase(ProcedureLookups lookups) : IProcedureKind
{
    protected ProcedureLookups Lookups { get; } = lookups;

    public abstract ProcedureKind Kind { get; }
    public abstract string IdPrefix { get; }
    public virtual IReadOnlyList<SectionSpec> FixedSections => DossierRequirements.Sections(Kind);
    public virtual IReadOnlyList<Recipient> DecisionRecipientKinds => DecisionRecipients.For(Kind);
    public virtual bool HolderIsFiliereCoordinator => false;
    public virtual bool EntersYearlyList => true;
    public bool HasCommitteeStep => DossierStateMachine.HasCommitteeStep(Kind);
    public bool HasJuryStep => DossierStateMachine.HasJuryStep(Kind);
    public bool IsDecidedPerSite => DossierStateMachine.IsDecidedPerSite(Kind);

    public bool Owns(Dossier d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return d.Kind == Kind;
    }

    public abstract Task<bool> CanOpenAsync(Caller caller, string? centreId, string? seatOrReceivingFiness, string? filiere, CancellationToken ct);

    /// <summary>Is the caller the direction (legal entity) of this establishment?</summary>
    protected async Task<bool> IsDirectionOfAsync(Caller caller, string? finess, CancellationToken ct) =>
        !string.IsNullOrEmpty(finess) && await Lookups.LegalEntityOfAsync(finess, ct) is { } le && le == caller.ScopeId;

    public Task<bool> IsAuthorAsync(Caller caller, Dossier d, CancellationToken ct) => IsAuthorAsync(caller, d, f => Lookups.LegalEntityOfAsync(f, ct), ct);

    public async Task<bool> IsAuthorAsync(Caller caller, Dossier d, Func<string, Task<string?>> legalEntityOf, CancellationToken ct)
    {
        if (!caller.IsAuthenticated) return false;
        if (caller.Role == UserRole.NationalAdmin) return true;
        if (caller.Role is UserRole.RegionalAgency or UserRole.Association) return false;
        return await IsAuthorByRoleAsync(caller, d, legalEntityOf, ct);
    }

    /// <summary>The kind's part of the authors' rule, for a signed-in caller who is neither the ministry, an agency nor an association
    /// (<paramref name="legalEntityOf"/>: an establishment's legal entity, as <see cref="ProcedureLookups.LegalEntityOfAsync"/> answers).</summary>
    protected abstract Task<bool> IsAuthorByRoleAsync(Caller caller, Dossier d, Func<string, Task<string?>> legalEntityOf, CancellationToken ct);

    public virtual async Task<IReadOnlyList<(UserRole Role, string? ScopeId)>> AuthorAudiencesAsync(Dossier d, CancellationToken ct)
    {
        var list = new List<(UserRole, string?)>();
        if (d.CentreId is not null) list.Add((UserRole.CentreHead, d.CentreId));
        list.Add((UserRole.Establishment, await Lookups.LegalEntityOfAsync(d.SeatFiness, ct)));
        return list;
    }

    public abstract Task<DossierRequirementsView> RequirementsAsync(Dossier d, CancellationToken ct);

    public async Task<IReadOnlyDictionary<string, DossierRequirementsView>> RequirementsAsync(IReadOnlyList<Dossier> dossiers, EstablishmentFacts? facts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dossiers);
        var result = new Dictionary<string, DossierRequirementsView>(StringComparer.Ordinal);
        var mine = dossiers.Where(d => d.Kind == Kind).DistinctBy(d => d.Id, StringComparer.Ordinal).ToList();
        if (mine.Count == 0) return result;
        foreach (var (id, view) in await BulkRequirementsAsync(mine, facts ?? new EstablishmentFacts(), ct)) result[id] = view;
        // What the bulk read could not build (a dossier whose registry facts are missing) takes the one-dossier path and its answer.
        foreach (var d in mine.Where(d => !result.ContainsKey(d.Id))) result[d.Id] = await RequirementsAsync(d, ct);
        return result;
    }

    /// <summary>
    /// The kind's bulk part of <see cref="RequirementsAsync(IReadOnlyList{Dossier}, EstablishmentFacts, CancellationToken)"/>, for dossiers of
    /// this kind: the requirements it could build from a few queries (a dossier left out takes the one-dossier path).
    /// </summary>
    protected abstract Task<IReadOnlyDictionary<string, DossierRequirementsView>> BulkRequirementsAsync(IReadOnlyList<Dossier> dossiers, EstablishmentFacts facts, CancellationToken ct);

    public virtual Task<EligibilityResult?> EligibilityAsync(Dossier d, DateOnly asOf, CancellationToken ct) => Task.FromResult<EligibilityResult?>(null);

    public virtual Task<IReadOnlyList<FieldError>> SubmissionProblemsAsync(Dossier d, CancellationToken ct) => Task.FromResult<IReadOnlyList<FieldError>>([]);

    public virtual Task<IReadOnlyList<FieldError>> JuryCloseProblemsAsync(Dossier d, CancellationToken ct) => Task.FromResult<IReadOnlyList<FieldError>>([]);

    public abstract Task<ProcedureResult?> ApplyApprovalAsync(Dossier d, DateOnly start, CancellationToken ct);

    public virtual Task<IReadOnlyList<NotificationMessage>> SubmittedMessagesAsync(Dossier d, CancellationToken ct) => Task.FromResult<IReadOnlyList<NotificationMessage>>([]);

    public virtual Task<string> DecisionBodyAsync(Dossier d, DossierAction action, CancellationToken ct) =>
        Task.FromResult(action == DossierAction.Approve ? ApprovalBody(d) : $"La DGOS refuse la demande (dossier {d.Id}) : {d.DecisionText}");

    /// <summary>The body of an approval's notification (the refusal's is the same for every procedure decided as a whole).</summary>
    protected virtual string ApprovalBody(Dossier d) =>
        $"La DGOS désigne {d.SuccessorDisplayName} (dossier {d.Id}) à compter du {French.Date(d.MandateFrom)} jusqu'au {French.Date(d.MandateTo)}, fin de la période de labellisation.";

    public abstract Task<IReadOnlyList<DecisionRecipient>> RecipientsAsync(Dossier d, CancellationToken ct);

    public virtual Task<IReadOnlyList<TaskItem>> FollowUpTasksAsync(Caller caller, Dossier d, CancellationToken ct) => Task.FromResult<IReadOnlyList<TaskItem>>([]);
}
