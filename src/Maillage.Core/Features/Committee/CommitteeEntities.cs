using Maillage.Core.Infrastructure.Auditing;
using Maillage.Domain.Committee;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Committee;

/// <summary>A member of the follow-up committee (table <c>committee_members</c>), with the seat and the period of the appointment.</summary>
public sealed class CommitteeMember : IVersioned, IAuditSubject
{
    public int Version { get; set; }
    /// <summary>MBR-0001…</summary>
    public required string Id { get; set; }
    string IAuditSubject.AuditEntity => "committee_member";
    string IAuditSubject.AuditId => Id;
    public required string Name { get; set; }
    public string? Organisation { get; set; }
    public CommitteeSeat Seat { get; set; }
    public CommitteeCollege College { get; set; }
    /// <summary>For the president and vice-president: the directorate that named them (DGOS or DGRI).</summary>
    public AppointingBody? AppointedBy { get; set; }
    /// <summary>The account (user name) the member signs in with, when he or she has one (role FollowUpCommittee).</summary>
    public string? UserName { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
}

/// <summary>A meeting of the committee (table <c>committee_meetings</c>): date, agenda, and the minutes' description (their file is in <see cref="CommitteeMinutes"/>).</summary>
public sealed class CommitteeMeeting : IVersioned, IAuditSubject
{
    public int Version { get; set; }
    /// <summary>RCS-2026-01… (« réunion du comité de suivi »).</summary>
    public required string Id { get; set; }
    string IAuditSubject.AuditEntity => "committee_meeting";
    string IAuditSubject.AuditId => Id;
    public DateOnly Date { get; set; }
    public required string Title { get; set; }
    public MeetingStatus Status { get; set; }
    /// <summary>The agenda, one item per line.</summary>
    public string? Agenda { get; set; }
    public string? MinutesFileName { get; set; }
    public long? MinutesSize { get; set; }
    public int? MinutesPageCount { get; set; }
    public string? MinutesSha256 { get; set; }
    public string? MinutesUploadedBy { get; set; }
    public DateTimeOffset? MinutesUploadedAt { get; set; }
}

/// <summary>The minutes' PDF of one meeting (table <c>committee_minutes</c>), read only when downloaded.</summary>
public sealed class CommitteeMinutes
{
    public required string MeetingId { get; set; }
    public required byte[] Content { get; set; }
}

/// <summary>One opinion of the committee's register (table <c>committee_opinions</c>), linked to the dossier that asked for it.</summary>
public sealed class CommitteeOpinion : IVersioned, IAuditSubject
{
    public int Version { get; set; }
    /// <summary>AVC-2026-0001… (« avis du comité »).</summary>
    public required string Id { get; set; }
    string IAuditSubject.AuditEntity => "committee_opinion";
    string IAuditSubject.AuditId => Id;
    public required string DossierId { get; set; }
    /// <summary>The meeting where it was given, if any (an opinion may be given in writing between meetings).</summary>
    public string? MeetingId { get; set; }
    public CommitteeSubject Subject { get; set; }
    public OpinionValue Value { get; set; }
    public string? Reasons { get; set; }
    public DateOnly GivenOn { get; set; }
    /// <summary>Who entered it: a member (role FollowUpCommittee) or the secretariat (national administration).</summary>
    public required string EnteredBy { get; set; }
    public DateTimeOffset EnteredAt { get; set; }
}
