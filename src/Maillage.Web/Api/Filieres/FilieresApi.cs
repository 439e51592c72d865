namespace Maillage.Web.Api.Filieres;

/// <summary>
/// A filière's governance committee (<c>/api/v1/filieres/{acronym}/governance</c>), its coordinators' mandates, the yearly
/// list of FSMR coordinators and the seats an association holds in the committees: the same
/// <see cref="Maillage.Core.Features.Filieres.GovernanceService"/> as the pages (docs/filieres.md). Reads are public except
/// the members' e-mails and the minutes (the filière's coordinator and the ministry); writes are theirs only, carry the
/// committee's version (If-Match, 412 when stale). One line per route; what each does, answers and refuses is on its handler.
/// </summary>
public static class FilieresApi
{
    public static void MapFiliereGovernanceApi(this IEndpointRouteBuilder app)
    {
        var filieres = app.MapGroup(Routes.Api.Filieres).WithTags("Filières : gouvernance et coordination");
        var governance = app.MapGroup(Routes.Api.Filieres + "/{acronym}/governance").WithTags("Filières : gouvernance et coordination");

        filieres.MapGet("/coordinator-lists/{year:int}", FiliereHandlers.CoordinatorList);
        filieres.MapGet("/{acronym}/coordinators", FiliereHandlers.Coordinators);
        app.MapGet(Routes.Api.Associations + "/{id}/governance-seats", FiliereHandlers.AssociationSeats).WithTags("Filières : gouvernance et coordination");

        governance.MapGet("", FiliereHandlers.Get).WithVersionETag("governance", "acronym");
        governance.MapPost("/members", FiliereHandlers.AddMember).WithVersionETag("governance", "acronym");
        governance.MapPut("/members/{memberId:int}", FiliereHandlers.UpdateMember).WithVersionETag("governance", "acronym");
        governance.MapDelete("/members/{memberId:int}", FiliereHandlers.RemoveMember).WithVersionETag("governance", "acronym");
        governance.MapPost("/meetings", FiliereHandlers.AddMeeting).WithVersionETag("governance", "acronym");
        governance.MapPut("/meetings/{meetingId:int}", FiliereHandlers.UpdateMeeting).WithVersionETag("governance", "acronym");
        governance.MapDelete("/meetings/{meetingId:int}", FiliereHandlers.RemoveMeeting).WithVersionETag("governance", "acronym");
        governance.MapPut("/meetings/{meetingId:int}/minutes", FiliereHandlers.UploadMinutes).WithVersionETag("governance", "acronym").DisableAntiforgery().Accepts<IFormFile>("multipart/form-data");
        governance.MapPut("/rules", FiliereHandlers.UploadRules).WithVersionETag("governance", "acronym").DisableAntiforgery().Accepts<IFormFile>("multipart/form-data");
        governance.MapGet("/documents/{documentId:int}", FiliereHandlers.Document);
    }
}
