using Maillage.Core.Features.FiliereReports;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Filieres.Activite;

/// <summary>
/// A filière's census (public): trainings and PNDS, laboratories, registries and cohorts of its networks; its coordinator
/// and the ministry add and remove lines (docs/filieres-reports.md).
/// </summary>
public sealed class RecensementModel(FiliereCensusService service) : PageModel
{
    public CensusView Census { get; private set; } = default!;
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public int Year { get; set; }
    [BindProperty] public string? Link { get; set; }
    [BindProperty] public string? Establishment { get; set; }
    [BindProperty] public string? EstablishmentFiness { get; set; }
    [BindProperty] public string? NetworkId { get; set; }
    [BindProperty] public int? StartYear { get; set; }
    [BindProperty] public string? LineId { get; set; }
    [BindProperty] public int? Version { get; set; }
    public string? Conflict { get; private set; }

    public static string PathOf(string acronym) => $"/filieres/{Uri.EscapeDataString(acronym)}/recensement";

    public async Task<IActionResult> OnGetAsync(string acronym, CancellationToken ct)
    {
        Year = DateTime.Today.Year;
        return await LoadAsync(acronym, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostTrainingAsync(string acronym, CancellationToken ct) =>
        await AfterAsync((await service.AddTrainingAsync(Caller.From(User), acronym, new TrainingInput(Kind, Title, Year, Link), ct)).Result, acronym, "La ligne a été ajoutée au recensement.", ct);

    public async Task<IActionResult> OnPostLaboratoryAsync(string acronym, CancellationToken ct) =>
        await AfterAsync((await service.AddLaboratoryAsync(Caller.From(User), acronym, new LaboratoryInput(Kind, Title, Establishment, EstablishmentFiness), ct)).Result, acronym, "Le laboratoire a été ajouté.", ct);

    public async Task<IActionResult> OnPostRegistryAsync(string acronym, CancellationToken ct) =>
        await AfterAsync((await service.AddRegistryAsync(Caller.From(User), acronym, new RegistryInput(NetworkId, Kind, Title, StartYear, Link), ct)).Result, acronym, "Le registre ou la cohorte a été ajouté.", ct);

    public async Task<IActionResult> OnPostDeleteAsync(string acronym, CancellationToken ct)
    {
        var id = LineId ?? "";
        var caller = Caller.From(User);
        var result = id.StartsWith("FOR-", StringComparison.Ordinal) ? await service.DeleteTrainingAsync(caller, id, Version, ct)
            : id.StartsWith("LAB-", StringComparison.Ordinal) ? await service.DeleteLaboratoryAsync(caller, id, Version, ct)
            : id.StartsWith("REG-", StringComparison.Ordinal) ? await service.DeleteRegistryAsync(caller, id, Version, ct)
            : WriteResult.NotFound;
        return await AfterAsync(result, acronym, "La ligne a été supprimée.", ct);
    }

    private async Task<IActionResult> AfterAsync(WriteResult result, string acronym, string message, CancellationToken ct)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                TempData["Success"] = message;
                return Redirect(PathOf(acronym));
            case WriteStatus.NotFound: return NotFound();
            case WriteStatus.Forbidden: return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
            case WriteStatus.Stale: Conflict = result.Errors.FirstOrDefault()?.Message; break;
            case WriteStatus.Invalid or WriteStatus.Conflict:
                foreach (var e in result.Errors) ModelState.AddModelError("", e.Message);
                break;
        }
        return await LoadAsync(acronym, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(string acronym, CancellationToken ct)
    {
        if (await service.ReadAsync(Caller.From(User), acronym, ct) is not { } c) return NotFound();
        Census = c;
        return null;
    }
}
