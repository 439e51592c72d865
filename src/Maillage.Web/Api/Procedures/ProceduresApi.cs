using Maillage.Web.Errors;

namespace Maillage.Web.Api.Procedures;

/// <summary>
/// The procedures API (tag « Procédures »): dossiers (successions of a centre head or a filière coordinator, change of
/// seat, labelling applications, platform projects), calls and their juries, the expertise platforms' follow-up, the
/// caller's tasks and notifications, the yearly list. Everything but the calls' list and the yearly list needs a
/// signed-in caller; each action is scoped to the party the texts name. One line per route; what each does, answers and
/// refuses is on its handler (<see cref="ProcedureHandlers"/>, <see cref="CallHandlers"/>, <see cref="PlatformHandlers"/>);
/// the routes that write a dossier with If-Match carry its version as ETag.
/// </summary>
public static class ProceduresApi
{
    public static void MapProcedureApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Prefix).WithTags("Procédures").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/procedures/dossiers", ProcedureHandlers.List);
        api.MapPost("/procedures/dossiers", ProcedureHandlers.Open);
        api.MapGet("/procedures/dossiers/{id}", ProcedureHandlers.Get).WithVersionETag("dossier");
        api.MapPut("/procedures/dossiers/{id}/sections/{key}", ProcedureHandlers.PutSection).WithVersionETag("dossier");
        api.MapPost("/procedures/dossiers/{id}/documents/{item}", ProcedureHandlers.UploadDocument).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data", "application/pdf");
        api.MapGet("/procedures/dossiers/{id}/documents/{documentId:int}", ProcedureHandlers.Document);
        api.MapPut("/procedures/dossiers/{id}/opinions/{item}", ProcedureHandlers.GiveOpinion).WithVersionETag("dossier");
        api.MapPost("/procedures/dossiers/{id}/transitions", ProcedureHandlers.Move).WithVersionETag("dossier");
        api.MapGet("/procedures/dossiers/{id}/decision.pdf", ProcedureHandlers.Decision);
        api.MapGet("/procedures/dossiers/{id}/export", ProcedureHandlers.Export);
        api.MapGet("/procedures/tasks", ProcedureHandlers.Tasks);
        api.MapGet("/labelling/lists/{year:int}", ProcedureHandlers.YearlyList);
        api.MapGet("/notifications", ProcedureHandlers.Notifications);
    }

    public static void MapCallApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Prefix).WithTags("Procédures").CheckParameterRanges();

        api.MapGet("/calls", CallHandlers.List);
        api.MapPost("/calls", CallHandlers.Create);
        api.MapGet("/calls/{id}", CallHandlers.Get);
        api.MapPost("/calls/{id}/jury", CallHandlers.AddMember);
        api.MapDelete("/calls/{id}/jury/{memberId:int}", CallHandlers.RemoveMember);
        api.MapPut("/calls/{id}/jury/declaration", CallHandlers.Declare);
        api.MapPost("/calls/{id}/labelling-applications", CallHandlers.OpenApplication);
        api.MapPost("/calls/{id}/publish", CallHandlers.Publish);
        api.MapPut("/procedures/dossiers/{id}/sites/{centreId}", CallHandlers.PutSite);
        api.MapDelete("/procedures/dossiers/{id}/sites/{centreId}", CallHandlers.RemoveSite);
        api.MapGet("/procedures/dossiers/{id}/checks", CallHandlers.Checks);
        api.MapPost("/procedures/dossiers/{id}/jury", CallHandlers.Assign);
        api.MapDelete("/procedures/dossiers/{id}/jury/{memberId:int}", CallHandlers.Unassign);
        api.MapPut("/procedures/dossiers/{id}/review", CallHandlers.Review);
        api.MapPut("/procedures/dossiers/{id}/sites/{centreId}/decision", CallHandlers.DecideSite);
    }

    public static void MapPlatformApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Prefix).WithTags("Procédures").CheckParameterRanges();

        api.MapPost("/calls/{id}/platform-projects", PlatformHandlers.Open);
        api.MapGet("/procedures/platform-centres", PlatformHandlers.CandidateCentres);
        api.MapPut("/procedures/dossiers/{id}/platform", PlatformHandlers.Update);
        api.MapPut("/procedures/dossiers/{id}/platform/credits", PlatformHandlers.RecordCredits);
        api.MapPost("/procedures/dossiers/{id}/platform/checkpoint", PlatformHandlers.RecordCheckpoint).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data");
        api.MapPut("/procedures/dossiers/{id}/platform/indicators/{year:int}", PlatformHandlers.FileIndicators).WithMetadata(ParameterRanges.YearOfOperation); // {year} is 1 or 2 here, not a calendar year
        api.MapPut("/procedures/dossiers/{id}/platform/renewal", PlatformHandlers.DecideRenewal);
    }
}
