using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>One recipient of a decision, resolved to an audience of the registry (role and scope, and the person when known).</summary>
public sealed record DecisionRecipient(string Reason, UserRole Role, string? ScopeId, string? PersonId, string Label)
{
    public (string Reason, UserRole Role, string? ScopeId, string? PersonId, string Label) ToTuple() => (Reason, Role, ScopeId, PersonId, Label);
}

/// <summary>A message a kind asks the dossier service to create for one audience (created as today's notifications are).</summary>
public sealed record NotificationMessage(string Reason, UserRole Role, string? ScopeId, string? PersonId, string Label, string Subject, string Body);

/// <summary>
/// Everything that differs between two procedures. <see cref="ProcedureService"/> is the generic dossier service (sections,
/// documents, opinions, the state machine, versions, history, notifications) and asks the dossier's kind for every
/// kind-specific decision: who opens and authors it, what it requires, what stops its submission, what a favourable
/// decision writes into the registry, who is told, and what waits for whom afterwards. One class per
/// <see cref="ProcedureKind"/>, resolved by <see cref="ProcedureKinds"/>.
/// </summary>
public interface IProcedureKind
{
    ProcedureKind Kind { get; }

    /// <summary>The prefix of the dossier's readable reference (<c>SUC-2026-0001</c>).</summary>
    string IdPrefix { get; }

    /// <summary>The typed sections the kind always asks for (a labelling application adds one per site).</summary>
    IReadOnlyList<SectionSpec> FixedSections { get; }

    /// <summary>The recipients of a decision, as the source lists them.</summary>
    IReadOnlyList<Recipient> DecisionRecipientKinds { get; }

    /// <summary>A filière coordinator may act for the dossier's holder (outgoing holder, successor, moving holder).</summary>
    bool HolderIsFiliereCoordinator { get; }

    /// <summary>An approved dossier goes into the yearly list of its decision's (or mandate's) year.</summary>
    bool EntersYearlyList { get; }

    /// <summary>The follow-up committee gives its opinion before the decision (the successions).</summary>
    bool HasCommitteeStep { get; }

    /// <summary>The call's jury assesses the dossier before the decision (the dossiers of a call).</summary>
    bool HasJuryStep { get; }

    /// <summary>The dossier is decided site by site (a labelling application), not approved or rejected as a whole.</summary>
    bool IsDecidedPerSite { get; }

    /// <summary>Is <paramref name="d"/> a dossier of this kind (for the steps only this kind has)?</summary>
    bool Owns(Dossier d);

    /// <summary>
    /// Whether a caller of a role with a scope (not the ministry: the service has let it through already) may open a dossier
    /// of this kind through the generic opening rule; false for the kinds opened in a call (their own rule).
    /// </summary>
    Task<bool> CanOpenAsync(Caller caller, string? centreId, string? seatOrReceivingFiness, string? filiere, CancellationToken ct);

    /// <summary>May the caller act as the dossier's authors (sections, own documents, submit, withdraw)? Fails closed.</summary>
    Task<bool> IsAuthorAsync(Caller caller, Dossier d, CancellationToken ct);

    /// <summary>The same rule with the establishments' legal entities from the caller (a list's read looks each one up once).</summary>
    Task<bool> IsAuthorAsync(Caller caller, Dossier d, Func<string, Task<string?>> legalEntityOf, CancellationToken ct);

    /// <summary>The audiences of the authors: told when the dossier is returned, or a campaign's results published.</summary>
    Task<IReadOnlyList<(UserRole Role, string? ScopeId)>> AuthorAudiencesAsync(Dossier d, CancellationToken ct);

    /// <summary>The items and sections the dossier needs, computed from the registry when it is read.</summary>
    Task<DossierRequirementsView> RequirementsAsync(Dossier d, CancellationToken ct);

    /// <summary>
    /// <see cref="RequirementsAsync(Dossier, CancellationToken)"/> for many dossiers of this kind in a few queries (the
    /// dossiers' lists, issue 14): the same answer for each, by dossier id.
    /// </summary>
    /// <param name="facts">The establishments already read by the list (the kind reads the others and adds them).</param>
    Task<IReadOnlyDictionary<string, DossierRequirementsView>> RequirementsAsync(IReadOnlyList<Dossier> dossiers, EstablishmentFacts? facts, CancellationToken ct);

    /// <summary>The successor's eligibility on <paramref name="asOf"/>; null for a procedure without a successor.</summary>
    Task<EligibilityResult?> EligibilityAsync(Dossier d, DateOnly asOf, CancellationToken ct);

    /// <summary>What stops the submission besides the missing items and the successor's eligibility (empty when nothing).</summary>
    Task<IReadOnlyList<FieldError>> SubmissionProblemsAsync(Dossier d, CancellationToken ct);

    /// <summary>What stops the ministry from closing the jury's review besides the assigned members' reviews.</summary>
    Task<IReadOnlyList<FieldError>> JuryCloseProblemsAsync(Dossier d, CancellationToken ct);

    /// <summary>
    /// Writes an approved dossier into the registry (in the transition's single save); null when done, the problem otherwise
    /// (nothing saved). <paramref name="start"/>: the effective date asked, or today when it is past.
    /// </summary>
    Task<ProcedureResult?> ApplyApprovalAsync(Dossier d, DateOnly start, CancellationToken ct);

    /// <summary>The extra audiences informed when the dossier is submitted (the ministry is always told).</summary>
    Task<IReadOnlyList<NotificationMessage>> SubmittedMessagesAsync(Dossier d, CancellationToken ct);

    /// <summary>The body of the approval or refusal notified to the recipients.</summary>
    Task<string> DecisionBodyAsync(Dossier d, DossierAction action, CancellationToken ct);

    /// <summary>The recipients of a decision, resolved to audiences of the registry.</summary>
    Task<IReadOnlyList<DecisionRecipient>> RecipientsAsync(Dossier d, CancellationToken ct);

    /// <summary>What a dossier in a final state still waits for from the caller (a platform's follow-up).</summary>
    Task<IReadOnlyList<TaskItem>> FollowUpTasksAsync(Caller caller, Dossier d, CancellationToken ct);
}
