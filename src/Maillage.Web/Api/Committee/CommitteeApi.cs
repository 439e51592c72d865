using Maillage.Web.Errors;

namespace Maillage.Web.Api.Committee;

/// <summary>
/// The follow-up committee of the labelling (<c>/api/v1/committee/…</c>): members, meetings with agendas and minutes, the
/// register of opinions linked to dossiers, and the dossiers referred to it. Read by the committee's members and the
/// national administration (its secretariat); meetings and members written by the secretariat; opinions entered by
/// either (docs/committee.md). One line per route; each handler says what it answers and refuses (<see cref="CommitteeHandlers"/>).
/// </summary>
public static class CommitteeApi
{
    public static void MapCommitteeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Committee).WithTags("Comité de suivi de la labellisation").CheckParameterRanges();

        api.MapGet("", CommitteeHandlers.Overview);
        api.MapGet("/members", CommitteeHandlers.Members);
        api.MapPost("/members", CommitteeHandlers.CreateMember);
        api.MapPut("/members/{id}", CommitteeHandlers.UpdateMember);
        api.MapGet("/meetings", CommitteeHandlers.Meetings);
        api.MapPost("/meetings", CommitteeHandlers.CreateMeeting);
        api.MapGet("/meetings/{id}", CommitteeHandlers.Meeting);
        api.MapPut("/meetings/{id}", CommitteeHandlers.UpdateMeeting);
        api.MapPut("/meetings/{id}/minutes", CommitteeHandlers.UploadMinutes);
        api.MapGet("/meetings/{id}/minutes", CommitteeHandlers.DownloadMinutes);
        api.MapGet("/dossiers", CommitteeHandlers.Referred);
        api.MapGet("/opinions", CommitteeHandlers.Register);
        api.MapPost("/opinions", CommitteeHandlers.RecordOpinion);
    }
}
