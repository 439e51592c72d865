using Maillage.Web.Errors;

namespace Maillage.Web.Api.Filieres;

/// <summary>
/// A filière's activity under <c>/api/v1/filieres/{acronym}/…</c> (docs/filieres-reports.md): annual report to the DGOS
/// and the ARS (same workflow and deadline as the centres' reports), 5-year action plan, training and information census,
/// laboratories, registries and cohorts. One line per route; what each does, answers and refuses is on its handler
/// (<see cref="FiliereReportHandlers"/>); the routes naming one report carry its version as ETag.
/// </summary>
public static class FiliereReportApi
{
    public static void MapFiliereReportApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup(Routes.Api.Filieres).WithTags("Filières : rapport, plan d'actions, recensement").CheckParameterRanges();

        g.MapGet("/census/export", FiliereReportHandlers.ExportCensus);
        g.MapGet("/{acronym}/reports", FiliereReportHandlers.ListReports);
        g.MapGet("/{acronym}/reports/{year:int}", FiliereReportHandlers.GetReport).WithVersionETag("filiere_report", FiliereReportHandlers.ReportETagKey);
        g.MapPut("/{acronym}/reports/{year:int}", FiliereReportHandlers.SaveReport).WithVersionETag("filiere_report", FiliereReportHandlers.ReportETagKey);
        g.MapPost("/{acronym}/reports/{year:int}/transitions", FiliereReportHandlers.TransitionReport).WithVersionETag("filiere_report", FiliereReportHandlers.ReportETagKey);
        g.MapGet("/{acronym}/action-plan", FiliereReportHandlers.GetActionPlan);
        g.MapPost("/{acronym}/action-plan/actions", FiliereReportHandlers.CreateAction);
        g.MapPut("/{acronym}/action-plan/actions/{id}", FiliereReportHandlers.UpdateAction);
        g.MapPut("/{acronym}/action-plan/actions/{id}/reviews/{year:int}", FiliereReportHandlers.ReviewAction);
        g.MapGet("/{acronym}/census", FiliereReportHandlers.GetCensus);
        g.MapPost("/{acronym}/census/trainings", FiliereReportHandlers.CreateTraining);
        g.MapPut("/{acronym}/census/trainings/{id}", FiliereReportHandlers.UpdateTraining);
        g.MapDelete("/{acronym}/census/trainings/{id}", FiliereReportHandlers.DeleteTraining);
        g.MapPost("/{acronym}/census/laboratories", FiliereReportHandlers.CreateLaboratory);
        g.MapPut("/{acronym}/census/laboratories/{id}", FiliereReportHandlers.UpdateLaboratory);
        g.MapDelete("/{acronym}/census/laboratories/{id}", FiliereReportHandlers.DeleteLaboratory);
        g.MapPost("/{acronym}/census/registries", FiliereReportHandlers.CreateRegistry);
        g.MapPut("/{acronym}/census/registries/{id}", FiliereReportHandlers.UpdateRegistry);
        g.MapDelete("/{acronym}/census/registries/{id}", FiliereReportHandlers.DeleteRegistry);
    }
}
