using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Procedures;

/// <summary>
/// A procedure's dossier (table <c>dossiers</c>): a succession, a change of seat. Its id is a readable reference made by
/// the application (e.g. <c>SUC-2026-0001</c>) so the audit trail and the letters can cite it from the start.
/// </summary>
public sealed class Dossier : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    public required string Id { get; set; }
    public ProcedureKind Kind { get; set; }
    public DossierState State { get; set; }
    public required string Title { get; set; }
    /// <summary>The call the dossier answers (labelling campaign, call for projects).</summary>
    public string? CallId { get; set; }
    /// <summary>The CRMR network applying (labelling campaign).</summary>
    public string? NetworkId { get; set; }
    /// <summary>The centre concerned (centre-head succession, change of seat of a centre).</summary>
    public string? CentreId { get; set; }
    /// <summary>The filière concerned (its coordinator's succession; the centre's filière otherwise).</summary>
    public string? FiliereAcronym { get; set; }
    /// <summary>The establishment (ET) that is the seat when the dossier opens.</summary>
    public required string SeatFiness { get; set; }
    /// <summary>The establishment the successor works in, when it differs from the seat, or the receiving one of a change of seat.</summary>
    public string? OtherFiness { get; set; }
    /// <summary>The outgoing head or coordinator (or the head who moves).</summary>
    public string? OutgoingPersonId { get; set; }
    /// <summary>The successor, when already in the registry.</summary>
    public string? SuccessorPersonId { get; set; }
    public string? SuccessorTitle { get; set; }
    public string? SuccessorFirstName { get; set; }
    public string? SuccessorLastName { get; set; }
    public string? SuccessorRpps { get; set; }
    public string? SuccessorEmail { get; set; }
    public HeadStatus? SuccessorStatus { get; set; }
    public DateOnly? SuccessorBirthDate { get; set; }
    public bool? SuccessorClinicalActivity { get; set; }
    /// <summary>The date the new mandate (or the new seat) is to start; the decision date when empty.</summary>
    public DateOnly? EffectiveDate { get; set; }
    /// <summary>A submission after this date is refused.</summary>
    public DateOnly? Deadline { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public OpinionValue? CommitteeOpinion { get; set; }
    public string? CommitteeReasons { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionText { get; set; }
    public string? ReturnReason { get; set; }
    /// <summary>The mandate written into the registry by the decision.</summary>
    public DateOnly? MandateFrom { get; set; }
    public DateOnly? MandateTo { get; set; }
    /// <summary>The yearly list (arrêté) the change must appear in, and whether it has been sent to Orphanet.</summary>
    public int? ListYear { get; set; }
    public DateTimeOffset? OrphanetSentAt { get; set; }

    public List<DossierSection> Sections { get; set; } = [];
    public List<DossierDocument> Documents { get; set; } = [];
    public List<DossierOpinion> Opinions { get; set; } = [];
    public List<DossierEvent> Events { get; set; } = [];
    public List<DossierSite> Sites { get; set; } = [];

    public string? SuccessorDisplayName => SuccessorLastName is null ? null
        : string.Join(' ', new[] { SuccessorTitle, SuccessorFirstName, SuccessorLastName }.Where(s => !string.IsNullOrWhiteSpace(s)));
}

/// <summary>A typed text section (e.g. the successor's project for one mission).</summary>
public sealed class DossierSection
{
    public int Id { get; set; }
    public required string DossierId { get; set; }
    public required string Key { get; set; }
    public required string Text { get; set; }
}

/// <summary>A PDF document for one required item; the latest upload for an item replaces the earlier one.</summary>
public sealed class DossierDocument
{
    public int Id { get; set; }
    public required string DossierId { get; set; }
    public required string ItemId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public int? PageCount { get; set; }
    public required byte[] Content { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>An opinion for one required item (director, advisory, filière, association, governance committee).</summary>
public sealed class DossierOpinion
{
    public int Id { get; set; }
    public required string DossierId { get; set; }
    public required string ItemId { get; set; }
    public Party Party { get; set; }
    public OpinionValue Value { get; set; }
    public string? Reasons { get; set; }
    public string? AlternativeCandidate { get; set; }
    public required string GivenBy { get; set; }
    public DateTimeOffset GivenAt { get; set; }
    /// <summary>
    /// For the governance committee's opinion (a filière coordinator's succession): the committee's meeting that gave it,
    /// whose minutes are filed (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe : « avis du comité de gouvernance de la FSMR »).
    /// </summary>
    public int? GovernanceMeetingId { get; set; }
}

/// <summary>One step of a dossier's history (created, item added, transition), shown on its page and in its export.</summary>
public sealed class DossierEvent
{
    public int Id { get; set; }
    public required string DossierId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string UserName { get; set; }
    public required string Action { get; set; }
    public DossierState? FromState { get; set; }
    public DossierState? ToState { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// A notification: shown in the application to the users whose role and scope match, and e-mailed to
/// <see cref="Email"/> when an SMTP server is configured.
/// </summary>
public sealed class Notification
{
    public int Id { get; set; }
    public string? DossierId { get; set; }
    /// <summary>Why this recipient is told (outgoing_holder, establishment_directors, …).</summary>
    public required string Reason { get; set; }
    /// <summary>Who sees it in the application: a role and a scope id (a centre, an EJ, a region, a filière…).</summary>
    public UserRole? AudienceRole { get; set; }
    public string? AudienceScopeId { get; set; }
    public string? PersonId { get; set; }
    public string? Email { get; set; }
    public required string RecipientLabel { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EmailSentAt { get; set; }
    /// <summary>The last delivery error; with <see cref="EmailNextAttemptAt"/> null and no <see cref="EmailSentAt"/>, the outbox gave up.</summary>
    public string? EmailError { get; set; }

    // The mail outbox is this table (Infrastructure/Mail/MailOutbox.cs, docs/operations.md "Courrier électronique").
    /// <summary>When the outbox worker may (re)try the e-mail; null when there is nothing left to send (sent, gave up, no address).</summary>
    public DateTimeOffset? EmailNextAttemptAt { get; set; }
    /// <summary>Delivery attempts made so far.</summary>
    public int EmailAttempts { get; set; }
    /// <summary>The node whose worker holds the message until <see cref="EmailLeaseUntil"/>.</summary>
    public string? EmailClaimedBy { get; set; }
    public DateTimeOffset? EmailLeaseUntil { get; set; }

    /// <summary>
    /// For a notification raised by a scheduled check rather than by a dossier (the age-limit alerts, schema 0015): a key
    /// unique in the table, so that the alert is raised once even when two nodes look at the same time; null otherwise.
    /// </summary>
    public string? DedupKey { get; set; }

    /// <summary>
    /// Mon espace (schema 0020): the one account a notification is addressed to (a jury member named or assigned a
    /// dossier), seen by that account only; null for a notification to an audience (role and scope).
    /// </summary>
    public string? RecipientUserName { get; set; }
}
