using System.Globalization;
using Maillage.Core.Compliance;
using Maillage.Core.Data;
using Maillage.Core.Funding;
using Maillage.Core.Referentials;
using Maillage.Core.Security;
using Maillage.Domain.Funding;
using Maillage.Domain.Referential;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Financement;

/// <summary>The follow-up committee's what-if simulator of the MIG variable part (national administrators).</summary>
public sealed class SimulateurModel(MaillageDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty] public int Year { get; set; }
    [BindProperty] public string BaseEnvelope { get; set; } = "1000000.00";
    [BindProperty] public string Envelope { get; set; } = "1000000.00";
    [BindProperty] public Dictionary<string, string> Weights { get; set; } = [];
    [BindProperty] public string? Name { get; set; }

    public Referential Referential { get; } = ReferentialLoader.LoadCampaign(ComplianceCheck.DefaultCampaign);
    public SimulationResult? Result { get; private set; }
    public IReadOnlyList<FundingScenario> Saved { get; private set; } = [];
    public string? LoadedScenario { get; private set; }

    private IActionResult? Refuse()
    {
        var caller = Caller.From(User);
        if (!caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        return caller.Role == UserRole.NationalAdmin ? null : StatusCode(StatusCodes.Status403Forbidden);
    }

    public async Task<IActionResult> OnGetAsync(string? scenario, CancellationToken ct)
    {
        if (Refuse() is { } refused) return refused;
        Year = await db.AnnualReports.AsNoTracking().Select(r => (int?)r.Year).MaxAsync(ct) ?? clock.GetLocalNow().Year - 1;
        foreach (var i in Referential.Mig) Weights[i.Id] = i.WeightPct.ToString("0.###", CultureInfo.InvariantCulture);
        if (scenario is not null && await db.Set<FundingScenario>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == scenario, ct) is { } s)
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
        var s = await FundingSimulator.SaveAsync(db, spec, Name!, null, User.Identity!.Name!, clock.GetUtcNow(), ct);
        TempData["Success"] = $"Scénario {s.Id} « {s.Name} » enregistré.";
        return Redirect($"/financement/simulateur?scenario={Uri.EscapeDataString(s.Id)}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken ct)
    {
        if (Refuse() is { } refused) return refused;
        var s = await db.Set<FundingScenario>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null) return NotFound();
        db.Remove(s);
        await db.SaveChangesAsync(ct);
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
        try { Result = await FundingSimulator.RunAsync(db, spec, ct); }
        catch (FundingInputException ex) { ModelState.AddModelError(ex.Field == "weights" ? "" : ex.Field == "envelope" ? "Envelope" : ex.Field == "base_envelope" ? "BaseEnvelope" : "", ex.Message); }
    }

    private async Task LoadSavedAsync(CancellationToken ct) =>
        Saved = (await db.Set<FundingScenario>().AsNoTracking().ToListAsync(ct)).OrderByDescending(s => s.CreatedAt).ToList();
}
