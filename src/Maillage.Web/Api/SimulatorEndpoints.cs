using Maillage.Core.Compliance;
using Maillage.Core.Data;
using Maillage.Core.Funding;
using Maillage.Core.Referentials;
using Maillage.Core.Security;
using Maillage.Domain.Funding;
using Maillage.Web.Exports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
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
        var api = app.MapGroup(RegistryEndpoints.Prefix + "/funding").WithTags("Financement").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapPost("/simulations", async Task<IResult> (MaillageDbContext db, HttpContext http, ScenarioInput input, CancellationToken ct) =>
            {
                if (Refuse(http) is { } refused) return refused;
                return await RunAsync(db, input.ToSpec(), ct);
            })
            .WithName("SimulateMig").WithSummary("Simuler la part variable MIG : enveloppe et pondérations du scénario contre les règles actuelles, par centre et par établissement (n'enregistre rien)")
            .Produces<SimulationResult>().ProducesWriteProblems();

        api.MapGet("/scenarios", async Task<IResult> (MaillageDbContext db, HttpContext http, CancellationToken ct) =>
            {
                if (Refuse(http) is { } refused) return refused;
                var list = (await db.Set<FundingScenario>().AsNoTracking().ToListAsync(ct)).OrderByDescending(s => s.CreatedAt)
                    .Select(ScenarioDto.From).ToList();
                return TypedResults.Ok(list);
            })
            .WithName("ListScenarios").WithSummary("Les scénarios enregistrés").Produces<List<ScenarioDto>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/scenarios", async Task<IResult> (MaillageDbContext db, TimeProvider clock, HttpContext http, ScenarioInput input, CancellationToken ct) =>
            {
                if (Refuse(http) is { } refused) return refused;
                if (string.IsNullOrWhiteSpace(input.Name))
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Donnez un nom au scénario."] }, statusCode: 422);
                var spec = input.ToSpec();
                try { await FundingSimulator.RunAsync(db, spec, ct); }
                catch (FundingInputException ex) { return Invalid(ex); }
                var scenario = await FundingSimulator.SaveAsync(db, spec, input.Name, input.Note, http.User.Identity!.Name!, clock.GetUtcNow(), ct);
                return TypedResults.Created($"{RegistryEndpoints.Prefix}/funding/scenarios/{scenario.Id}", ScenarioDto.From(scenario));
            })
            .WithName("SaveScenario").WithSummary("Enregistrer un scénario").Produces<ScenarioDto>(StatusCodes.Status201Created).ProducesWriteProblems();

        api.MapGet("/scenarios/{id}", async Task<IResult> (MaillageDbContext db, HttpContext http, string id, CancellationToken ct) =>
            {
                if (Refuse(http) is { } refused) return refused;
                var s = await db.Set<FundingScenario>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
                return s is null ? ApiResults.NotFound($"Scénario « {id} » introuvable.") : await RunAsync(db, s.Spec(), ct);
            })
            .WithName("GetScenario").WithSummary("Un scénario enregistré, recalculé sur les rapports actuels").Produces<SimulationResult>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/scenarios/{id}/export", async Task<IResult> (MaillageDbContext db, HttpContext http, string id, [FromQuery] string? format, CancellationToken ct) =>
            {
                if (Refuse(http) is { } refused) return refused;
                var s = await db.Set<FundingScenario>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
                if (s is null) return ApiResults.NotFound($"Scénario « {id} » introuvable.");
                SimulationResult r;
                try { r = await FundingSimulator.RunAsync(db, s.Spec(), ct); }
                catch (FundingInputException ex) { return Invalid(ex); }
                var table = new ExportTable("Scénario", FundingSimulator.CentreHeader, FundingSimulator.CentreRows(r).ToList());
                return format switch
                {
                    null or "csv" => TypedResults.File(TableExport.Csv(table), TableExport.CsvContentType, $"{s.Id}.csv"),
                    "xlsx" => TypedResults.File(TableExport.Xlsx(table), TableExport.XlsxContentType, $"{s.Id}.xlsx"),
                    _ => ApiResults.BadRequest($"Paramètre « format » : valeur « {format} » inconnue (csv, xlsx)."),
                };
            })
            .WithName("ExportScenario").WithSummary("Exporter un scénario par centre (CSV ou XLSX)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/scenarios/{id}", async Task<IResult> (MaillageDbContext db, HttpContext http, string id, CancellationToken ct) =>
            {
                if (Refuse(http) is { } refused) return refused;
                var s = await db.Set<FundingScenario>().FirstOrDefaultAsync(x => x.Id == id, ct);
                if (s is null) return ApiResults.NotFound($"Scénario « {id} » introuvable.");
                db.Remove(s);
                await db.SaveChangesAsync(ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteScenario").WithSummary("Supprimer un scénario").Produces(StatusCodes.Status204NoContent).ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> RunAsync(MaillageDbContext db, ScenarioSpec spec, CancellationToken ct)
    {
        try { return TypedResults.Ok(await FundingSimulator.RunAsync(db, spec, ct)); }
        catch (FundingInputException ex) { return Invalid(ex); }
        catch (Maillage.Core.Referentials.ReferentialException ex) { return ApiResults.BadRequest(ex.Message); }
    }

    private static IResult Invalid(FundingInputException ex) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] }, title: "Scénario invalide", detail: ex.Message, statusCode: 422);

    private static IResult? Refuse(HttpContext http)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsAuthenticated)
            return TypedResults.Problem(statusCode: 401, title: "Authentification requise", detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …).");
        return caller.Role == UserRole.NationalAdmin ? null
            : TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "Le simulateur est réservé à l'administration nationale (comité de suivi).");
    }
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
