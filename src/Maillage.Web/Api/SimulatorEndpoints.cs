using Maillage.Core.Features.Compliance;
using Maillage.Core.Features.Funding;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Funding;
using Maillage.Web.Exports;
using Microsoft.AspNetCore.Mvc;
using Maillage.Web.Errors;

namespace Maillage.Web.Api;

/// <summary>
/// The follow-up committee's what-if simulator of the MIG variable part: run a scenario (envelope, weights) against the
/// current rules, save it, list, read, export and delete saved scenarios. National administrators only (the funding of
/// every centre is shown).
/// </summary>
public static class SimulatorEndpoints
{
    public static void MapSimulatorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Funding).WithTags("Financement").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapPost("/simulations", async Task<IResult> (FundingScenarios scenarios, HttpContext http, ScenarioInput input, CancellationToken ct) =>
                await GuardAsync(async () => TypedResults.Ok(await scenarios.RunAsync(Caller.From(http.User), input.ToSpec(), ct))))
            .WithName("SimulateMig").WithSummary("Simuler la part variable MIG : enveloppe et pondérations du scénario contre les règles actuelles, par centre et par établissement (n'enregistre rien)")
            .Produces<SimulationResult>().ProducesWriteProblems();

        api.MapGet("/scenarios", async Task<IResult> (FundingScenarios scenarios, HttpContext http, CancellationToken ct) =>
                await GuardAsync(async () => TypedResults.Ok((await scenarios.ListAsync(Caller.From(http.User), ct)).Select(ScenarioDto.From).ToList())))
            .WithName("ListScenarios").WithSummary("Les scénarios enregistrés").Produces<List<ScenarioDto>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/scenarios", async Task<IResult> (FundingScenarios scenarios, HttpContext http, ScenarioInput input, CancellationToken ct) =>
                await GuardAsync(async () =>
                {
                    var caller = Caller.From(http.User);
                    FundingSimulator.Authorise(caller);
                    if (string.IsNullOrWhiteSpace(input.Name))
                        return Results.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Donnez un nom au scénario."] }, statusCode: 422);
                    var scenario = await scenarios.SaveAsync(caller, input.ToSpec(), input.Name, input.Note, ct);
                    return TypedResults.Created($"{Routes.Api.Funding}/scenarios/{scenario.Id}", ScenarioDto.From(scenario));
                }))
            .WithName("SaveScenario").WithSummary("Enregistrer un scénario").Produces<ScenarioDto>(StatusCodes.Status201Created).ProducesWriteProblems();

        api.MapGet("/scenarios/{id}", async Task<IResult> (FundingScenarios scenarios, HttpContext http, string id, CancellationToken ct) =>
                await GuardAsync(async () =>
                {
                    var caller = Caller.From(http.User);
                    var s = await scenarios.FindAsync(caller, id, ct);
                    return s is null ? ApiResults.NotFound($"Scénario « {id} » introuvable.") : TypedResults.Ok(await scenarios.RunAsync(caller, s.Spec(), ct));
                }))
            .WithName("GetScenario").WithSummary("Un scénario enregistré, recalculé sur les rapports actuels").Produces<SimulationResult>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/scenarios/{id}/export", async Task<IResult> (FundingScenarios scenarios, HttpContext http, string id, [FromQuery] string? format, CancellationToken ct) =>
                await GuardAsync(async () =>
                {
                    var caller = Caller.From(http.User);
                    var s = await scenarios.FindAsync(caller, id, ct);
                    if (s is null) return ApiResults.NotFound($"Scénario « {id} » introuvable.");
                    var r = await scenarios.RunAsync(caller, s.Spec(), ct);
                    var table = new ExportTable("Scénario", FundingSimulator.CentreHeader, FundingSimulator.CentreRows(r).ToList());
                    return format switch
                    {
                        null or "csv" => TypedResults.File(TableExport.Csv(table), TableExport.CsvContentType, $"{s.Id}.csv"),
                        "xlsx" => TypedResults.File(TableExport.Xlsx(table), TableExport.XlsxContentType, $"{s.Id}.xlsx"),
                        _ => ApiResults.BadRequest($"Paramètre « format » : valeur « {format} » inconnue (csv, xlsx)."),
                    };
                }))
            .WithName("ExportScenario").WithSummary("Exporter un scénario par centre (CSV ou XLSX)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/scenarios/{id}", async Task<IResult> (FundingScenarios scenarios, HttpContext http, string id, CancellationToken ct) =>
                await GuardAsync(async () => await scenarios.DeleteAsync(Caller.From(http.User), id, ct)
                    ? TypedResults.NoContent() : ApiResults.NotFound($"Scénario « {id} » introuvable.")))
            .WithName("DeleteScenario").WithSummary("Supprimer un scénario").Produces(StatusCodes.Status204NoContent).ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Maps Core's refusals and input errors: 401/403 (<see cref="AccessRefusedException"/>), 422 (an invalid
    /// scenario), 400 (an unknown campaign referential).</summary>
    private static async Task<IResult> GuardAsync(Func<Task<IResult>> run)
    {
        try { return await run(); }
        catch (AccessRefusedException e) { return ActivityEndpoints.Refused(e); }
        catch (FundingInputException ex) { return Invalid(ex); }
        catch (Maillage.Core.Infrastructure.Campaigns.ReferentialException ex) { return ApiResults.BadRequest(ex.Message); }
    }

    private static IResult Invalid(FundingInputException ex) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] }, title: "Scénario invalide", detail: ex.Message, statusCode: 422);
}

public sealed record ScenarioInput(int Year, string? Campaign, decimal BaseEnvelope, decimal Envelope, Dictionary<string, decimal>? Weights, string? Name, string? Note)
{
    public ScenarioSpec ToSpec() => new(Year, string.IsNullOrWhiteSpace(Campaign) ? ComplianceCheck.DefaultCampaign : Campaign.Trim(), BaseEnvelope, Envelope,
        Weights ?? []);
}

public sealed record ScenarioDto(string Id, string Name, string? Note, int Year, string Campaign, decimal BaseEnvelope, decimal Envelope,
    IReadOnlyDictionary<string, decimal> Weights, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static ScenarioDto From(FundingScenario s) => new(s.Id, s.Name, s.Note, s.Year, s.Campaign, s.BaseEnvelope, s.Envelope, s.Spec().Weights,
        s.CreatedBy, s.CreatedAt);
}
