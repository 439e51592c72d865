using System.Globalization;
using Maillage.Core.Features.Compliance;
using Maillage.Core.Features.Funding;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Funding;
using Maillage.Domain.Referential;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Financement;

/// <summary>The follow-up committee's what-if simulator of the MIG variable part (national administrators).</summary>
public sealed class SimulateurModel(FundingScenarios scenarios) : PageModel
{
    [BindProperty] public int Year { get; set; }
    [BindProperty] public string BaseEnvelope { get; set; } = "1000000.00";
    [BindProperty] public string Envelope { get; set; } = "1000000.00";
    [BindProperty] public Dictionary<string, string> Weights { get; set; } = [];
    [BindProperty] public string? Name { get; set; }

    public Referential Referential { get; } = CampaignCatalogue.Shipped.Get(ComplianceCheck.DefaultCampaign);
    public SimulationResult? Result { get; private set; }
    public IReadOnlyList<FundingScenario> Saved { get; private set; } = [];
    public string? LoadedScenario { get; private set; }

    private Caller Me => Caller.From(User);

    /// <summary>Core's rule (<see cref="FundingSimulator.Authorise"/>), asked first so that a refused caller gets a plain 403.</summary>
    private IActionResult? Refuse()
    {
        var caller = Me;
        try
        {
            FundingSimulator.Authorise(caller);
            return null;
        }
        catch (AccessRefusedException)
        {
            if (!caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
            return StatusCode(StatusCodes.Status403Forbidden);
        }
    }

    public async Task<IActionResult> OnGetAsync(string? scenario, CancellationToken ct)
    {
        if (Refuse() is { } refused) return refused;
        Year = await scenarios.DefaultYearAsync(Me, ct);
        foreach (var i in Referential.Mig) Weights[i.Id] = i.WeightPct.ToString("0.###", CultureInfo.InvariantCulture);
        if (scenario is not null && await scenarios.FindAsync(Me, scenario, ct) is { } s)
        {
            var spec = s.Spec();
            Year = spec.Year;
            BaseEnvelope = spec.BaseEnvelope.ToString("0.00", CultureInfo.InvariantCulture);
            Envelope = spec.Envelope.ToString("0.00", CultureInfo.InvariantCulture);
            foreach (var (k, v) in spec.Weights) Weights[k] = v.ToString("0.###", CultureInfo.InvariantCulture);
            LoadedScenario = s.Id;
            await RunAsync(spec, ct);
        }
        await LoadSavedAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSimulateAsync(CancellationToken ct)
    {
        if (Refuse() is { } refused) return refused;
        if (Spec() is { } spec) await RunAsync(spec, ct);
        await LoadSavedAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (Refuse() is { } refused) return refused;
        if (string.IsNullOrWhiteSpace(Name)) ModelState.AddModelError("Name", "Donnez un nom au scénario pour l'enregistrer.");
        var spec = Spec();
        if (spec is not null) await RunAsync(spec, ct);
        if (spec is null || Result is null || !ModelState.IsValid)
        {
            await LoadSavedAsync(ct);
            return Page();
        }
        var s = await scenarios.SaveAsync(Me, spec, Name!, null, ct);
        TempData["Success"] = $"Scénario {s.Id} « {s.Name} » enregistré.";
        return Redirect($"/financement/simulateur?scenario={Uri.EscapeDataString(s.Id)}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken ct)
    {
        if (Refuse() is { } refused) return refused;
        if (!await scenarios.DeleteAsync(Me, id, ct)) return NotFound();
        TempData["Success"] = $"Scénario {id} supprimé.";
        return Redirect("/financement/simulateur");
    }

    private ScenarioSpec? Spec()
    {
        decimal baseEnvelope = 0, envelope = 0;
        try { baseEnvelope = FundingCalculators.ParseEnvelope(BaseEnvelope); }
        catch (FundingInputException ex) { ModelState.AddModelError("BaseEnvelope", ex.Message); }
        try { envelope = FundingCalculators.ParseEnvelope(Envelope); }
        catch (FundingInputException ex) { ModelState.AddModelError("Envelope", ex.Message); }
        var weights = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var i in Referential.Mig)
        {
            var text = Weights.GetValueOrDefault(i.Id)?.Trim().Replace(',', '.');
            if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var w)) weights[i.Id] = w;
            else ModelState.AddModelError($"Weights[{i.Id}]", $"{i.Label} : « {text} » n'est pas un pourcentage.");
        }
        return ModelState.IsValid ? new ScenarioSpec(Year, Referential.CampaignId, baseEnvelope, envelope, weights) : null;
    }

    private async Task RunAsync(ScenarioSpec spec, CancellationToken ct)
    {
        try { Result = await scenarios.RunAsync(Me, spec, ct); }
        catch (FundingInputException ex) { ModelState.AddModelError(ex.Field == "weights" ? "" : ex.Field == "envelope" ? "Envelope" : ex.Field == "base_envelope" ? "BaseEnvelope" : "", ex.Message); }
    }

    private async Task LoadSavedAsync(CancellationToken ct) =>
        Saved = await scenarios.ListAsync(Me, ct);
}
