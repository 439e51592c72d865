using Maillage.Web.Errors;

namespace Maillage.Web.Api.Reports;

/// <summary>
/// Annual reports (<c>/api/v1/reports</c>) and compliance on stored reports (<c>/api/v1/compliance/dashboard</c>):
/// the same <see cref="Maillage.Core.Features.Reports.ReportService"/> as the pages. Signed-in callers only, scoped
/// (docs/adr/0007-annual-reports.md). One line per route; what each does, answers and refuses is on its handler
/// (<see cref="ReportHandlers"/>); the routes naming one report carry its version as ETag.
/// </summary>
public static class ReportsApi
{
    public static void MapReportApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup(Routes.Api.Reports).WithTags("Rapports annuels et conformité").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)
        var compliance = app.MapGroup(Routes.Api.Compliance).WithTags("Rapports annuels et conformité").CheckParameterRanges();

        reports.MapGet("", ReportHandlers.List);
        reports.MapGet("/{centreId}/{year:int}", ReportHandlers.Get).WithVersionETag("annual_report", ReportHandlers.ETagKey);
        reports.MapPut("/{centreId}/{year:int}", ReportHandlers.Save).WithVersionETag("annual_report", ReportHandlers.ETagKey);
        reports.MapPost("/{centreId}/{year:int}/transitions", ReportHandlers.Transition).WithVersionETag("annual_report", ReportHandlers.ETagKey);
        reports.MapPut("/{centreId}/{year:int}/exception", ReportHandlers.DecideException).WithVersionETag("annual_report", ReportHandlers.ETagKey);
        reports.MapGet("/{centreId}/{year:int}/compliance", ReportHandlers.Compliance);
        reports.MapGet("/{centreId}/{year:int}/checklist", ReportHandlers.Checklist);
        reports.MapGet("/{centreId}/{year:int}/pdf", ReportHandlers.Pdf);
        reports.MapGet("/export", ReportHandlers.Export);
        reports.MapPost("/import", ReportHandlers.Import);
        // Campaign tracking (docs/campaign-tracking.md): literal segments, so they win over /{centreId}/{year}.
        reports.MapGet(Routes.Api.ReportCampaign[Routes.Api.Reports.Length..], CampaignHandlers.Get);
        reports.MapPost(Routes.Api.ReportCampaignReminders[Routes.Api.Reports.Length..], CampaignHandlers.Remind);
        compliance.MapGet("/dashboard", ReportHandlers.Dashboard);
        compliance.MapGet("/dashboard/export", ReportHandlers.DashboardExport);
    }
}
