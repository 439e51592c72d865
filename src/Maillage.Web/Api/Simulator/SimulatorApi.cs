using Maillage.Web.Errors;

namespace Maillage.Web.Api.Simulator;

/// <summary>
/// The follow-up committee's what-if simulator of the MIG variable part (<c>/api/v1/funding/…</c>): run a scenario
/// (envelope, weights) against the current rules, save it, list, read, export and delete saved scenarios. National
/// administrators only (the funding of every centre is shown). One line per route; what each does, answers and refuses
/// is on its handler (<see cref="SimulatorHandlers"/>).
/// </summary>
public static class SimulatorApi
{
    public static void MapSimulatorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Funding).WithTags("Financement").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapPost("/simulations", SimulatorHandlers.Simulate);
        api.MapGet("/scenarios", SimulatorHandlers.List);
        api.MapPost("/scenarios", SimulatorHandlers.Save);
        api.MapGet("/scenarios/{id}", SimulatorHandlers.Get);
        api.MapGet("/scenarios/{id}/export", SimulatorHandlers.Export);
        api.MapDelete("/scenarios/{id}", SimulatorHandlers.Delete);
    }
}
