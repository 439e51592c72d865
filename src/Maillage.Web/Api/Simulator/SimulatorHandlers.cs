using Maillage.Core.Features.Funding;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Funding;
using Maillage.Web.Exports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api.Simulator;

/// <summary>
/// The simulator's handlers: call <see cref="FundingScenarios"/> with the caller, map the answer. Core's refusals are
/// 401/403, an invalid scenario 422 (the field named), an unknown campaign referential 400.
/// </summary>
public static class SimulatorHandlers
{
    [EndpointName("SimulateMig")]
    [EndpointSummary("Simuler la part variable MIG : enveloppe et pondérations du scénario contre les règles actuelles, par centre et par établissement (n'enregistre rien)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest),
     ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<SimulationResult>, ProblemHttpResult>> Simulate(
        FundingScenarios scenarios, HttpContext http, ScenarioInput input, CancellationToken ct) =>
        GuardAsync<Ok<SimulationResult>>(async () => TypedResults.Ok(await scenarios.RunAsync(Caller.From(http.User), input.ToSpec(), ct)));

    [EndpointName("ListScenarios")]
    [EndpointSummary("Les scénarios enregistrés")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<List<ScenarioDto>>, ProblemHttpResult>> List(FundingScenarios scenarios, HttpContext http, CancellationToken ct) =>
        GuardAsync<Ok<List<ScenarioDto>>>(async () => TypedResults.Ok((await scenarios.ListAsync(Caller.From(http.User), ct)).Select(ScenarioDto.From).ToList()));

    [EndpointName("SaveScenario")]
    [EndpointSummary("Enregistrer un scénario")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest),
     ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Created<ScenarioDto>, ProblemHttpResult>> Save(
        FundingScenarios scenarios, HttpContext http, ScenarioInput input, CancellationToken ct) =>
        GuardAsync<Created<ScenarioDto>>(async () =>
        {
            ArgumentNullException.ThrowIfNull(input);
            var caller = Caller.From(http.User);
            FundingSimulator.Authorise(caller);
            if (string.IsNullOrWhiteSpace(input.Name))
                return Unprocessable(new Dictionary<string, string[]> { ["name"] = ["Donnez un nom au scénario."] });
            var scenario = await scenarios.SaveAsync(caller, input.ToSpec(), input.Name, input.Note, ct);
            return TypedResults.Created($"{Routes.Api.Funding}/scenarios/{scenario.Id}", ScenarioDto.From(scenario));
        });

    [EndpointName("GetScenario")]
    [EndpointSummary("Un scénario enregistré, recalculé sur les rapports actuels")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static Task<Results<Ok<SimulationResult>, ProblemHttpResult>> Get(FundingScenarios scenarios, HttpContext http, string id, CancellationToken ct) =>
        GuardAsync<Ok<SimulationResult>>(async () =>
        {
            var caller = Caller.From(http.User);
            var s = await scenarios.FindAsync(caller, id, ct);
            if (s is null) return NotFound(id);
            return TypedResults.Ok(await scenarios.RunAsync(caller, s.Spec(), ct));
        });

    [EndpointName("ExportScenario")]
    [EndpointSummary("Exporter un scénario par centre (CSV ou XLSX)")]
    [ProducesFile(TableExport.CsvContentType)]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        FundingScenarios scenarios, HttpContext http, string id, [AsParameters] ScenarioExportQuery query, CancellationToken ct) =>
        GuardAsync<FileContentHttpResult>(async () =>
        {
            ArgumentNullException.ThrowIfNull(query);
            var caller = Caller.From(http.User);
            var s = await scenarios.FindAsync(caller, id, ct);
            if (s is null) return NotFound(id);
            var r = await scenarios.RunAsync(caller, s.Spec(), ct);
            var table = new ExportTable("Scénario", FundingSimulator.CentreHeader, FundingSimulator.CentreRows(r).ToList());
            if (ExportFormats.Sheet.Parse(query.Format, out var format) is { } problem) return problem;
            return format == ExportFormat.Xlsx
                ? TypedResults.File(TableExport.Xlsx(table), TableExport.XlsxContentType, $"{s.Id}.xlsx")
                : TypedResults.File(TableExport.Csv(table), TableExport.CsvContentType, $"{s.Id}.csv");
        });

    [EndpointName("DeleteScenario")]
    [EndpointSummary("Supprimer un scénario")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest),
     ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static Task<Results<NoContent, ProblemHttpResult>> Delete(FundingScenarios scenarios, HttpContext http, string id, CancellationToken ct) =>
        GuardAsync<NoContent>(async () =>
        {
            if (await scenarios.DeleteAsync(Caller.From(http.User), id, ct)) return TypedResults.NoContent();
            return NotFound(id);
        });

    /// <summary>Maps Core's refusals and input errors: 401/403 (<see cref="AccessRefusedException"/>), 422 (an invalid
    /// scenario), 400 (an unknown campaign referential).</summary>
    private static async Task<Results<T, ProblemHttpResult>> GuardAsync<T>(Func<Task<Results<T, ProblemHttpResult>>> run) where T : IResult
    {
        try { return await run(); }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
        catch (FundingInputException ex) { return Unprocessable(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] }, "Scénario invalide", ex.Message); }
        catch (ReferentialException ex) { return ApiResults.Invalid(ex.Message); }
    }

    private static ProblemHttpResult NotFound(string id) => ApiResults.Unknown($"Scénario « {id} » introuvable.");

    /// <summary>422 with the errors by field (as <see cref="Results.ValidationProblem"/> with that status).</summary>
    private static ProblemHttpResult Unprocessable(Dictionary<string, string[]> errors, string? title = null, string? detail = null)
    {
        var problem = new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status422UnprocessableEntity, Detail = detail };
        if (title is not null) problem.Title = title;
        return TypedResults.Problem(problem);
    }
}
