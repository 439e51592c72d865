using Maillage.Core.Features.Filieres;
using Maillage.Domain.Registry;

namespace Maillage.Web.Api.Filieres;

/// <summary>A seat as sent (POST, PUT): <c>college</c> is one of centres, laboratories, associations, professional_societies, permanent_guests.</summary>
public sealed record GovernanceMemberBody(string? College, string? Name, string? Function, string? Organisation, string? CentreId, string? AssociationId,
    string? Email, DateOnly? From, DateOnly? To);

public sealed record GovernanceMeetingBody(DateOnly? Date, string? Agenda);

public sealed record GovernanceDocumentDto(int Id, string Kind, int? MeetingId, string FileName, long Size, int? PageCount, string Sha256, DateTimeOffset UploadedAt)
{
    public static GovernanceDocumentDto? From(GovernanceDocumentInfo? d) => d is null ? null
        : new(d.Id, d.Kind == GovernanceDocumentKind.Rules ? "rules" : "minutes", d.MeetingId, d.FileName, d.Size, d.PageCount, d.Sha256, d.UploadedAt);
}

/// <summary>A seat; <c>email</c> is null unless the caller manages the committee.</summary>
public sealed record GovernanceMemberDto(int Id, string College, string CollegeLabel, string Name, string? Function, string? Organisation, string? CentreId,
    string? CentreName, string? AssociationId, string? AssociationName, string? Email, DateOnly? From, DateOnly? To, bool Current)
{
    public static GovernanceMemberDto Of(GovernanceMemberView m) => new(m.Id, m.College.Code(), m.College.Label(), m.Name, m.Function, m.Organisation,
        m.CentreId, m.CentreName, m.AssociationId, m.AssociationName, m.Email, m.From, m.To, m.Current);
}

/// <summary>A meeting; <c>minutes</c> is described to those who may download it, <c>has_minutes</c> to all.</summary>
public sealed record GovernanceMeetingDto(int Id, DateOnly Date, string Agenda, bool HasMinutes, GovernanceDocumentDto? Minutes);

public sealed record CoordinatorMandateDto(string PersonId, string Name, DateOnly From, DateOnly? To, bool Current)
{
    public static CoordinatorMandateDto Of(CoordinatorMandateView m) => new(m.PersonId, m.Name, m.From, m.To, m.Current);
}

/// <summary>
/// A filière's governance committee. <c>version</c> is the committee's (its ETag; 0 before its first edit); <c>can_manage</c>:
/// the caller may edit it and reads the e-mails and the minutes.
/// </summary>
public sealed record GovernanceDto(string Filiere, string FiliereName, int Version, bool CanManage, DateOnly? RulesAdoptedOn, GovernanceDocumentDto? Rules,
    IReadOnlyList<GovernanceMemberDto> Members, IReadOnlyList<GovernanceMeetingDto> Meetings, IReadOnlyList<CoordinatorMandateDto> Coordinators)
{
    public static GovernanceDto From(GovernanceView v) => new(v.FiliereAcronym, v.FiliereName, v.Version, v.CanManage, v.RulesAdoptedOn, GovernanceDocumentDto.From(v.Rules),
        v.Members.Select(GovernanceMemberDto.Of).ToList(),
        // The minutes are described to those who may download them.
        v.Meetings.Select(m => new GovernanceMeetingDto(m.Id, m.Date, m.Agenda, m.Minutes is not null, v.CanManage ? GovernanceDocumentDto.From(m.Minutes) : null)).ToList(),
        v.Coordinators.Select(CoordinatorMandateDto.Of).ToList());
}

public sealed record AssociationSeatDto(string Filiere, string FiliereName, string Name, string? Function, DateOnly? From, DateOnly? To, bool Current)
{
    public static AssociationSeatDto Of(AssociationSeat s) => new(s.FiliereAcronym, s.FiliereName, s.Name, s.Function, s.From, s.To, s.Current);
}
