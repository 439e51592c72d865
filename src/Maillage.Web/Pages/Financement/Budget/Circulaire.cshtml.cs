using System.Globalization;
using Maillage.Core.Features.Budget;
using Maillage.Core.Features.Funding;
using Maillage.Domain.Funding;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Pages.Financement.Budget;

/// <summary>A circular and its delegations (in the caller's scope); the national administration computes, adjusts and publishes it.</summary>
[RequestSizeLimit(Maillage.Web.Api.Calculator.CalculatorApi.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = Maillage.Web.Api.Calculator.CalculatorApi.MaxUploadBytes)]
public sealed class CirculaireModel(BudgetService budget) : BudgetPageModel(budget)
{
    [BindProperty(SupportsGet = true, Name = "annee")] public int Annee { get; set; }
    [BindProperty(SupportsGet = true, Name = "c")] public string? C { get; set; }
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public List<string> Lines { get; set; } = [];
    [BindProperty] public string? AmountF17 { get; set; }
    [BindProperty] public string? Finess { get; set; }
    [BindProperty] public string? Line { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Note { get; set; }

    public CircularView? View { get; private set; }
    public IReadOnlyList<string> Notes { get; private set; } = [];
    public MigLineCode PlatformLine { get; private set; } = MigLines.DefaultPlatformLine;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await RunAsync(() => LoadAsync(ct)) ?? Page();

    public async Task<IActionResult> OnPostComputeAsync(IFormFile? file, CancellationToken ct)
    {
        IReadOnlyList<string> notes = [];
        var refused = await RunAsync(async () =>
        {
            BudgetService.AuthoriseNational(Me);
            var lines = Lines.Take(20).Select(l => BudgetCodes.Line(l, "lines")).ToList();
            var amounts = new Dictionary<MigLineCode, decimal>();
            if (!string.IsNullOrWhiteSpace(AmountF17)) amounts[MigLineCode.F17] = Euros(AmountF17, "amounts");
            IReadOnlyList<DpiFunding>? dpi = null;
            if (file is { Length: > 0 })
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                dpi = FundingFiles.ComputeDpi(Path.GetFileName(file.FileName), buffer.ToArray());
            }
            var r = await Budget.ComputeAsync(Me, Annee, BudgetCodes.Circular(C), new BudgetComputeInput(lines, amounts, dpi), Version, ct);
            notes = r.Notes;
        });
        return await AfterAsync(refused, "Délégations calculées. " + string.Join(" ", notes), ct);
    }

    public async Task<IActionResult> OnPostDelegateAsync(CancellationToken ct)
    {
        var refused = await RunAsync(async () =>
        {
            BudgetService.AuthoriseNational(Me);
            await Budget.SetDelegationAsync(Me, Annee, BudgetCodes.Circular(C), new DelegationInput(Finess ?? "", BudgetCodes.Line(Line), Euros(Amount, "amount"), Note), Version, ct);
        });
        return await AfterAsync(refused, "Délégation enregistrée.", ct);
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        var refused = await RunAsync(async () => await Budget.PublishAsync(Me, Annee, BudgetCodes.Circular(C), Version, ct));
        return await AfterAsync(refused, "Circulaire publiée : elle est visible des ARS et des établissements et ne change plus.", ct);
    }

    private async Task<IActionResult> AfterAsync(IActionResult? refused, string success, CancellationToken ct)
    {
        if (refused is not null) return refused;
        if (Succeeded)
        {
            TempData["Success"] = success;
            return Redirect($"{Routes.Pages.Budget}/circulaire?annee={Annee.ToString(CultureInfo.InvariantCulture)}&c={Uri.EscapeDataString(C ?? "")}");
        }
        var version = Version;
        var again = await RunAsync(() => LoadAsync(ct));
        if (Conflict is null) Version = version; // a rule error: the form keeps the version it was filled from
        return again ?? Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var code = BudgetCodes.Circular(C);
        View = await Budget.CircularAsync(Me, Annee, code, ct);
        Version = View.Version;
        PlatformLine = (await Budget.YearAsync(Me, Annee, ct)).PlatformLine;
    }
}
