using Maillage.Core.Features.Committee;
using Maillage.Domain.Committee;
using Maillage.Domain.Procedures;

namespace Maillage.Web.Api.Committee;

public sealed record CommitteeMemberDto(string Id, string Name, string? Organisation, CommitteeSeat Seat, CommitteeCollege College, AppointingBody? AppointedBy,
    string? UserName, DateOnly From, DateOnly? To, int Version)
{
    public static CommitteeMemberDto Of(CommitteeMember m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Id, m.Name, m.Organisation, m.Seat, m.College, m.AppointedBy, m.UserName, m.From, m.To, m.Version);
    }
}

public sealed record MeetingRowDto(string Id, DateOnly Date, string Title, MeetingStatus Status, bool HasMinutes, int OpinionCount, int Version)
{
    public static MeetingRowDto From(MeetingRow m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Id, m.Date, m.Title, m.Status, m.HasMinutes, m.OpinionCount, m.Version);
    }
}

public sealed record MinutesDto(string FileName, long Size, int? PageCount, string Sha256, string? UploadedBy, DateTimeOffset? UploadedAt, string Href);

public sealed record RegisterEntryDto(string Id, string DossierId, string DossierTitle, ProcedureKind DossierKind, string? MeetingId, DateOnly? MeetingDate,
    CommitteeSubject Subject, OpinionValue Value, string? Reasons, DateOnly GivenOn, string EnteredBy, DateTimeOffset EnteredAt)
{
    public static RegisterEntryDto From(RegisterEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var o = e.Opinion;
        return new(o.Id, o.DossierId, e.DossierTitle, e.DossierKind, o.MeetingId, e.MeetingDate, o.Subject, o.Value, o.Reasons, o.GivenOn, o.EnteredBy, o.EnteredAt);
    }
}

public sealed record ReferredDossierDto(string Id, string Title, ProcedureKind Kind, DossierState State, DateTimeOffset? SubmittedAt, OpinionValue? CommitteeOpinion,
    bool AwaitingOpinion, int Version)
{
    public static ReferredDossierDto From(ReferredDossier d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Id, d.Title, d.Kind, d.State, d.SubmittedAt, d.CommitteeOpinion, d.AwaitingOpinion, d.Version);
    }
}

/// <summary>The committee for a year. <c>meetings_warning</c>: fewer than two meetings planned or held that year (note of 2018, §5).</summary>
public sealed record CommitteeOverviewDto(int Year, int MinimumMeetingsPerYear, string? MeetingsWarning, IReadOnlyList<CommitteeMemberDto> Members,
    IReadOnlyList<MeetingRowDto> Meetings, IReadOnlyList<ReferredDossierDto> Referred, IReadOnlyList<RegisterEntryDto> Register);

public sealed record MeetingDto(string Id, DateOnly Date, string Title, MeetingStatus Status, string? Agenda, MinutesDto? Minutes,
    IReadOnlyList<RegisterEntryDto> Opinions, IReadOnlyList<ReferredDossierDto> Awaiting, IReadOnlyDictionary<string, string> Tools, int Version);

public sealed record MeetingBody(DateOnly? Date, string? Title, MeetingStatus? Status, string? Agenda);

public sealed record MemberBody(string? Name, string? Organisation, CommitteeSeat? Seat, CommitteeCollege? College, AppointingBody? AppointedBy, string? UserName,
    DateOnly? From, DateOnly? To);

/// <param name="DossierVersion">The dossier's version read (optional): a stale one is refused (412).</param>
public sealed record OpinionBody(string? DossierId, string? MeetingId, CommitteeSubject? Subject, OpinionValue? Value, string? Reasons, DateOnly? GivenOn,
    int? DossierVersion);
