using Maillage.Web.Errors;

namespace Maillage.Web.Api.Budget;

/// <summary>
/// The MIG budget chain (<c>/api/v1/budget</c>): years and envelopes, circulars C1–C3 and their delegations per
/// establishment (FINESS EJ) and line, exports in the ARS' tabular form, declarations of use per centre, the ARS check and
/// the national view of gaps — the same <see cref="Maillage.Core.Features.Budget.BudgetService"/> as the pages and the CLI.
/// One line per route; what each does, answers and refuses is on its handler (<see cref="BudgetHandlers"/>). Years,
/// circulars and declarations carry their version as ETag; writes honour If-Match (412 when stale).
/// </summary>
public static class BudgetApi
{
    public static void MapBudgetApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Budget).WithTags("Budget MIG").CheckParameterRanges(); // years: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/years", BudgetHandlers.ListYears);
        api.MapPost("/years", BudgetHandlers.OpenYear);
        api.MapGet("/years/{year:int}", BudgetHandlers.GetYear).WithVersionETag("budget_year", "year");
        api.MapPut("/years/{year:int}", BudgetHandlers.UpdateYear).WithVersionETag("budget_year", "year");
        api.MapGet("/years/{year:int}/circulars/{circular}", BudgetHandlers.GetCircular).WithVersionETag("budget_circular", BudgetHandlers.CircularKey);
        api.MapGet("/years/{year:int}/circulars/{circular}/export", BudgetHandlers.ExportCircular);
        api.MapPost("/years/{year:int}/circulars/{circular}/compute", BudgetHandlers.Compute).WithVersionETag("budget_circular", BudgetHandlers.CircularKey);
        api.MapPut("/years/{year:int}/circulars/{circular}/delegations", BudgetHandlers.SetDelegation).WithVersionETag("budget_circular", BudgetHandlers.CircularKey);
        api.MapPost("/years/{year:int}/circulars/{circular}/publish", BudgetHandlers.Publish).WithVersionETag("budget_circular", BudgetHandlers.CircularKey);
        api.MapGet("/years/{year:int}/declarations", BudgetHandlers.ListDeclarations);
        api.MapPut("/years/{year:int}/declarations", BudgetHandlers.Declare);
        api.MapPost("/declarations/{id}/review", BudgetHandlers.Review).WithVersionETag("budget_declaration");
        api.MapGet("/years/{year:int}/gaps", BudgetHandlers.Gaps);
        api.MapGet("/years/{year:int}/gaps/export", BudgetHandlers.ExportGaps);
    }
}
