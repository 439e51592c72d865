using System.Globalization;
using System.Text.Json;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Funding;
using Maillage.Domain.Registry;
using Maillage.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Funding;

/// <summary>What the follow-up committee changes: the envelope and the indicators' weights (percent, summing to 100).</summary>
public sealed record ScenarioSpec(int Year, string Campaign, decimal BaseEnvelope, decimal Envelope, IReadOnlyDictionary<string, decimal> Weights);

public sealed record SimulationCentre(string CentreId, string Name, string Finess, string EstablishmentName, decimal Base, decimal Scenario, decimal Delta);

public sealed record SimulationEstablishment(string Finess, string Name, int Centres, decimal Base, decimal Scenario, decimal Delta);

public sealed record SimulationWeight(string IndicatorId, string Label, decimal Base, decimal Scenario);

/// <summary>Each centre's and each establishment's amount under the current rules and under the scenario, and the difference.</summary>
public sealed record SimulationResult(ScenarioSpec Spec, int ReportsUsed, IReadOnlyList<SimulationWeight> Weights, decimal BaseTotal, decimal ScenarioTotal,
    IReadOnlyList<SimulationCentre> Centres, IReadOnlyList<SimulationEstablishment> Establishments, IReadOnlyList<string> Notes);

/// <summary>A saved scenario (table <c>funding_scenarios</c>).</summary>
public sealed class FundingScenario
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? Note { get; set; }
    public int Year { get; set; }
    public required string Campaign { get; set; }
    public decimal BaseEnvelope { get; set; }
    public decimal Envelope { get; set; }
    /// <summary>Indicator id → weight in percent, as JSON.</summary>
    public required string WeightsJson { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public ScenarioSpec Spec() => new(Year, Campaign, BaseEnvelope, Envelope,
        JsonSerializer.Deserialize<Dictionary<string, decimal>>(WeightsJson) ?? []);
}

/// <summary>
/// The what-if simulator of the MIG variable part: the year's validated or transmitted annual reports of the funded
/// centres (reference sites and CRC: the "473 centres" of the MIG, présentation DGOS du 7 avril 2022) are shared twice with
/// <see cref="MigCalculator"/> — with the campaign referential's weights and the base envelope (the current rules), and
/// with the scenario's envelope and weights — and compared per centre and per establishment. A figure missing from a
/// report counts as 0. Nothing is written.
/// </summary>
public static class FundingSimulator
{
    public const string Refused = "Le simulateur est réservé à l'administration nationale (comité de suivi) : il montre le financement de chaque centre.";

    /// <summary>Who may run and keep scenarios: the national administration (the follow-up committee), who sees every
    /// centre's funding. Anyone else is refused with <see cref="AccessRefusedException"/>.</summary>
    public static void Authorise(Caller caller) => AccessRefusedException.ThrowUnlessNational(caller, Refused);

    public static async Task<SimulationResult> RunAsync(MaillageDbContext db, Caller caller, ScenarioSpec spec, CancellationToken ct)
    {
        Authorise(caller);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(spec);
        var referential = CampaignCatalogue.Shipped.Get(spec.Campaign);
        if (spec.BaseEnvelope <= 0 || decimal.Round(spec.BaseEnvelope, 2) != spec.BaseEnvelope)
            throw new FundingInputException("base_envelope", "L'enveloppe de référence doit être un montant positif en euros, au centime près.");
        if (spec.Envelope <= 0 || decimal.Round(spec.Envelope, 2) != spec.Envelope)
            throw new FundingInputException("envelope", "L'enveloppe du scénario doit être un montant positif en euros, au centime près.");
        foreach (var id in spec.Weights.Keys.Where(k => referential.Mig.All(i => i.Id != k)))
            throw new FundingInputException("weights", $"Indicateur « {id} » inconnu du référentiel {referential.CampaignId} (indicateurs : {string.Join(", ", referential.Mig.Select(i => i.Id))}).");
        foreach (var (id, w) in spec.Weights.Where(x => x.Value < 0))
            throw new FundingInputException("weights", $"Poids négatif pour « {id} » ({w}).");
        var scenarioIndicators = referential.Mig.Select(i => spec.Weights.TryGetValue(i.Id, out var w) ? i with { WeightPct = w } : i).ToList();
        var sum = scenarioIndicators.Sum(i => i.WeightPct);
        if (Math.Abs(sum - 100m) > 0.001m)
            throw new FundingInputException("weights", $"Les poids doivent totaliser 100 % (ils totalisent {sum.ToString("0.###", CultureInfo.InvariantCulture)} %).");

        var (inputs, centres) = await FundedCentresAsync(db, spec.Year, ct);
        if (inputs.Count == 0)
            throw new FundingInputException("year", $"Aucun rapport annuel validé ou transmis pour {spec.Year} parmi les sites de référence et CRC : rien à répartir.");

        var baseline = MigCalculator.Allocate(referential.Mig, inputs, spec.BaseEnvelope);
        var scenario = MigCalculator.Allocate(scenarioIndicators, inputs, spec.Envelope);
        var scenarioById = scenario.Centres.ToDictionary(c => c.CentreId, StringComparer.Ordinal);
        var rows = baseline.Centres.Select(b =>
        {
            var c = centres[b.CentreId];
            var s = scenarioById[b.CentreId].Amount;
            return new SimulationCentre(b.CentreId, b.Name, c.EstablishmentFiness, c.Establishment?.Name ?? "", b.Amount, s, s - b.Amount);
        }).OrderByDescending(r => Math.Abs(r.Delta)).ThenBy(r => r.CentreId, StringComparer.Ordinal).ToList();
        var establishments = rows.GroupBy(r => (r.Finess, r.EstablishmentName))
            .Select(g => new SimulationEstablishment(g.Key.Finess, g.Key.EstablishmentName, g.Count(), g.Sum(r => r.Base), g.Sum(r => r.Scenario), g.Sum(r => r.Delta)))
            .OrderByDescending(e => Math.Abs(e.Delta)).ThenBy(e => e.Finess, StringComparer.Ordinal).ToList();
        var weights = referential.Mig.Zip(scenarioIndicators, (b, s) => new SimulationWeight(b.Id, b.Label, b.WeightPct, s.WeightPct)).ToList();
        var notes = new List<string>
        {
            $"{inputs.Count} centres financés (sites de référence et CRC) avec un rapport {spec.Year} validé ou transmis ; une donnée manquante compte pour 0.",
            $"Règles actuelles : pondérations du référentiel {referential.CampaignId}, enveloppe {spec.BaseEnvelope.ToString("N2", CultureInfo.GetCultureInfo("fr-FR"))} €.",
        };
        notes.AddRange(scenario.Notes);
        return new SimulationResult(spec, inputs.Count, weights, baseline.Total, scenario.Total, rows, establishments, notes);
    }

    /// <summary>
    /// The MIG inputs of the funded centres (reference sites and CRC) with a validated or transmitted report of
    /// <paramref name="year"/>, in centre id order, and those centres with their establishment (a missing figure counts as
    /// 0). Shared by the simulator and the budget chain's C1 computation (Features/Budget).
    /// </summary>
    public static async Task<(List<MigCentreInput> Inputs, Dictionary<string, Centre> Centres)> FundedCentresAsync(MaillageDbContext db, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var reports = await db.AnnualReports.AsNoTracking()
            .Where(r => r.Year == year && (r.Status == ReportStatus.Validated || r.Status == ReportStatus.Transmitted)).ToListAsync(ct);
        var centreIds = reports.Select(r => r.CentreId).ToList();
        var centres = await db.Centres.AsNoTracking().Include(c => c.Establishment).Include(c => c.Network)
            .Where(c => centreIds.Contains(c.Id) && (c.Kind == CentreKind.ReferenceSite || c.Kind == CentreKind.ResourceCentre))
            .ToDictionaryAsync(c => c.Id, ct);
        var inputs = reports.Where(r => centres.ContainsKey(r.CentreId)).OrderBy(r => r.CentreId, StringComparer.Ordinal).Select(r => new MigCentreInput(r.CentreId, centres[r.CentreId].Name,
            new Dictionary<string, decimal>(StringComparer.Ordinal)
            {
                ["active_patients"] = r.ActivePatients ?? 0, ["consultations"] = r.Consultations ?? 0, ["full_hospital_stays"] = r.FullHospitalStays ?? 0,
                ["day_hospital_stays"] = r.DayHospitalStays ?? 0, ["expert_opinions"] = r.ExpertOpinions ?? 0, ["sigaps_points_4y"] = r.SigapsPoints4y ?? 0,
                ["du_diu_coordinated"] = r.DuDiuCoordinated ?? 0, ["rcp_national_attended"] = r.RcpAttended ?? 0, ["rcp_local_organised"] = r.RcpOrganised ?? 0,
            })).ToList();
        return (inputs, centres);
    }

    public static IReadOnlyList<string> CentreHeader { get; } = ["centre_id", "centre", "finess", "etablissement", "montant_actuel", "montant_scenario", "ecart"];

    public static IEnumerable<IReadOnlyList<string?>> CentreRows(SimulationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Centres.Select(c => (IReadOnlyList<string?>)[c.CentreId, c.Name, c.Finess, c.EstablishmentName, Money(c.Base), Money(c.Scenario), Money(c.Delta)]);
    }

    private static string Money(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Saves a scenario already run (so it is valid) under a new id, in the caller's name.</summary>
    public static async Task<FundingScenario> SaveAsync(MaillageDbContext db, Caller caller, ScenarioSpec spec, string name, string? note,
        DateTimeOffset at, CancellationToken ct)
    {
        Authorise(caller);
        var createdBy = caller.UserName!;
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(spec);
        var scenario = new FundingScenario
        {
            Id = await NewIdAsync(db, spec.Year, ct), Name = name.Trim(), Note = note?.Trim(), Year = spec.Year, Campaign = spec.Campaign,
            BaseEnvelope = spec.BaseEnvelope, Envelope = spec.Envelope, WeightsJson = JsonSerializer.Serialize(spec.Weights), CreatedBy = createdBy, CreatedAt = at,
        };
        db.Add(scenario);
        await db.SaveChangesAsync(ct);
        return scenario;
    }

    public static Task<string> NewIdAsync(MaillageDbContext db, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return SequentialIds.NextAsync(db.Set<FundingScenario>().Select(s => s.Id), $"SCN-{year.ToString(CultureInfo.InvariantCulture)}-", "000", ct);
    }
}
