using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Filieres;

/// <summary>A part of a filière's governance committee (a member, a meeting, a document): its edits bump the committee's version.</summary>
public interface IGovernancePart
{
    string FiliereAcronym { get; }

    /// <summary>The part's name in the audit trail (<c>updated:member</c>).</summary>
    string AuditName { get; }
}

/// <summary>
/// A filière's governance committee (table <c>governance_committees</c>), created at its first edit: its version covers its
/// members, meetings and documents (one ETag for the committee). Note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §2 « Gouvernance ».
/// </summary>
public sealed class GovernanceCommittee : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    public required string FiliereAcronym { get; set; }

    /// <summary>The date the current règlement intérieur was adopted.</summary>
    public DateOnly? RulesAdoptedOn { get; set; }
}

/// <summary>A seat in the committee: a person (or an organisation) in a college, with dates.</summary>
public sealed class GovernanceMember : IGovernancePart
{
    public int Id { get; set; }
    public required string FiliereAcronym { get; set; }
    public GovernanceCollege College { get; set; }
    /// <summary>The representative's name (or the organisation's when no person is named).</summary>
    public required string Name { get; set; }
    /// <summary>The function in the committee (« président », « représentant du site coordonnateur »…).</summary>
    public string? Function { get; set; }
    /// <summary>The organisation represented (centre, laboratory, association, society), as written.</summary>
    public string? Organisation { get; set; }
    /// <summary>For the centres' college: the centre of the registry represented.</summary>
    public string? CentreId { get; set; }
    /// <summary>For the associations' college: the association of the registry represented.</summary>
    public string? AssociationId { get; set; }
    /// <summary>Personal data: shown to the committee's managers only.</summary>
    public string? Email { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }

    public string AuditName => "member";

    public bool SitsOn(DateOnly d) => (From is null || From <= d) && (To is null || To >= d);
}

/// <summary>A meeting of the committee: its date and agenda; its minutes are a <see cref="GovernanceDocument"/>.</summary>
public sealed class GovernanceMeeting : IGovernancePart
{
    public int Id { get; set; }
    public required string FiliereAcronym { get; set; }
    public DateOnly Date { get; set; }
    public required string Agenda { get; set; }

    public string AuditName => "meeting";
}

public enum GovernanceDocumentKind
{
    /// <summary>The règlement intérieur (one in force: a new upload replaces it).</summary>
    Rules,
    /// <summary>A meeting's minutes (one per meeting).</summary>
    Minutes,
}

/// <summary>A PDF of the committee: the règlement intérieur, or a meeting's minutes.</summary>
public sealed class GovernanceDocument : IGovernancePart
{
    public int Id { get; set; }
    public required string FiliereAcronym { get; set; }
    public GovernanceDocumentKind Kind { get; set; }
    public int? MeetingId { get; set; }
    public required string FileName { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public int? PageCount { get; set; }
    public required byte[] Content { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }

    public string AuditName => Kind == GovernanceDocumentKind.Rules ? "rules" : "minutes";
}
