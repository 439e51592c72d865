using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Procedures;

/// <summary>
/// A call that dossiers answer (table <c>calls</c>): a labelling campaign (one dossier per CRMR network) or the expertise
/// platforms' call for projects. It carries the calendar, the referential used for the compliance preview, and its jury.
/// </summary>
public sealed class Call
{
    /// <summary>A readable id, e.g. <c>LAB-2027</c> or <c>AAP-PEMR-2027</c>.</summary>
    public required string Id { get; set; }
    public CallKind Kind { get; set; }
    public required string Title { get; set; }
    /// <summary>What the call asks for (shown on its page, quoted in the letters).</summary>
    public string? Description { get; set; }
    public DateOnly OpensOn { get; set; }
    /// <summary>The hard deadline: a dossier submitted after this day is refused (note DGOS/MMR/2020/221 du 7 décembre 2020: "aucun dossier déposé ultérieurement ne sera considéré").</summary>
    public DateOnly Deadline { get; set; }
    public DateOnly? JurySessionOn { get; set; }
    /// <summary>The campaign referential (<c>referentials/&lt;id&gt;.yaml</c>) whose rules the compliance preview applies.</summary>
    public string? ReferentialCampaign { get; set; }
    /// <summary>The labelling period the decisions open (labelling campaign), e.g. <c>2028-2032</c>.</summary>
    public string? PeriodId { get; set; }
    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the results were published (the labels written into the registry, the official list issued).</summary>
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }

    public List<JuryMember> Jury { get; set; } = [];

    public bool IsOpenOn(DateOnly day) => PublishedAt is null && day >= OpensOn && day <= Deadline;
}

/// <summary>A member of a call's jury: the account he or she signs in with, the seat held, and the declarations.</summary>
public sealed class JuryMember
{
    public int Id { get; set; }
    public required string CallId { get; set; }
    /// <summary>The user name (account) of the member; the member files the declaration and the reviews with it.</summary>
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public JurySeat Seat { get; set; }
    public bool IsChair { get; set; }
    /// <summary>The establishment (ET or EJ FINESS) the member works in; used to keep him or her off its dossiers.</summary>
    public string? Finess { get; set; }
    /// <summary>The filière the member belongs to; used to keep him or her off its dossiers.</summary>
    public string? FiliereAcronym { get; set; }
    public string? Email { get; set; }
    /// <summary>The declaration of interests (links with establishments, industry, associations…).</summary>
    public string? InterestsDeclaration { get; set; }
    public DateTimeOffset? DeclaredAt { get; set; }
    /// <summary>When the member signed the ethics charter (charte de déontologie).</summary>
    public DateTimeOffset? CharterSignedAt { get; set; }
}

/// <summary>A jury member assigned to assess a dossier (table <c>jury_assignments</c>).</summary>
public sealed class JuryAssignment
{
    public int Id { get; set; }
    public required string DossierId { get; set; }
    public int MemberId { get; set; }
    public required string AssignedBy { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
}

/// <summary>A jury member's review of a dossier: a score out of 20, a recommendation and comments.</summary>
public sealed class DossierReview
{
    public int Id { get; set; }
    public required string DossierId { get; set; }
    public int MemberId { get; set; }
    public int Score { get; set; }
    public OpinionValue Recommendation { get; set; }
    public string? Comments { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
}

/// <summary>
/// A site of a labelling application (table <c>dossier_sites</c>): a centre of the network, the role it applies for,
/// and the ministry's decision for it.
/// </summary>
public sealed class DossierSite
{
    public int Id { get; set; }
    public required string DossierId { get; set; }
    public required string CentreId { get; set; }
    /// <summary>The role applied for: coordinating or constitutive site, or competence centre (null: competence centre or CRC).</summary>
    public SiteRole? ProposedRole { get; set; }
    public CentreKind ProposedKind { get; set; }
    public LabelDecision? Decision { get; set; }
    public string? Reservations { get; set; }
    /// <summary>A competence centre refused as constitutive site keeps its competence label (présentation DGOS du 7 avril 2022, « Questions concernant la relabellisation en mai 2022 »).</summary>
    public bool KeepsCompetenceLabel { get; set; }
}
