using Maillage.Web.Errors;

namespace Maillage.Web.Api.Associations;

/// <summary>
/// The associations' space: <c>/api/v1/associations/{id}/space</c> (what an association is asked for across procedures,
/// its surveys and collaborative actions), <c>/api/v1/surveys</c> (surveys of patients' experience, responses, results
/// aggregated with small counts suppressed) and <c>/api/v1/collaborative-actions</c>. An association writes only its own;
/// a centre head or filière coordinator reads the surveys run with them (docs/associations.md).
/// </summary>
public static class AssociationSpaceApi
{
    public static void MapAssociationSpaceApi(this IEndpointRouteBuilder app)
    {
        var associations = app.MapGroup(Routes.Api.Associations).WithTags("Associations : espace").CheckParameterRanges();
        var surveys = app.MapGroup(Routes.Api.Surveys).WithTags("Associations : espace").CheckParameterRanges();
        var actions = app.MapGroup(Routes.Api.CollaborativeActions).WithTags("Associations : espace").CheckParameterRanges();

        associations.MapGet("/{id}/space", AssociationSpaceHandlers.Space);
        surveys.MapGet("", AssociationSpaceHandlers.Surveys);
        surveys.MapPost("", AssociationSpaceHandlers.CreateSurvey);
        surveys.MapGet("/{id}", AssociationSpaceHandlers.Survey);
        surveys.MapPut("/{id}", AssociationSpaceHandlers.UpdateSurvey);
        surveys.MapPost("/{id}/responses", AssociationSpaceHandlers.AddResponses);
        actions.MapPost("", AssociationSpaceHandlers.CreateAction);
        actions.MapGet("/{id}", AssociationSpaceHandlers.Action);
        actions.MapPut("/{id}", AssociationSpaceHandlers.UpdateAction);
    }
}
