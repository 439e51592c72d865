using Maillage.Core.Features.FiliereReports;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Filieres;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Filieres.Activite;

/// <summary>
/// Edits one line of a filière's training and information census (type, title, year, link) through
/// <see cref="FiliereCensusService.UpdateTrainingAsync"/>: the filière's coordinator and the ministry; the version read
/// is checked, and a stale or refused save keeps the user's input (docs/filieres-reports.md).
/// </summary>
public sealed class FormationModifierModel(FiliereCensusService service) : PageModel
{
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public int Year { get; set; }
    [BindProperty] public string? Link { get; set; }
    [BindProperty] public int? Version { get; set; }
    public string Acronym { get; private set; } = "";
    public string LineId { get; private set; } = "";
    public string? Conflict { get; private set; }

    public static string PathOf(string acronym, string id) => $"{RecensementModel.PathOf(acronym)}/formations/{Uri.EscapeDataString(id)}/modifier";

    private async Task<(IActionResult? Early, FiliereTraining? Line)> LoadAsync(Caller caller, string acronym, string id, CancellationToken ct)
    {
        try
        {
            var t = await service.TrainingForEditAsync(caller, acronym, id, ct);
            (Acronym, LineId) = (acronym, id);
            return t is null ? (NotFound(), null) : (null, t);
        }
        catch (AccessRefusedException e) { return (e.Unauthenticated ? Challenge() : StatusCode(StatusCodes.Status403Forbidden), null); }
    }

    public async Task<IActionResult> OnGetAsync(string acronym, string id, CancellationToken ct)
    {
        var (early, t) = await LoadAsync(Caller.From(User), acronym, id, ct);
        if (early is not null) return early;
        (Kind, Title, Year, Link, Version) = (FiliereActivityCodes.TrainingKinds.Code(t!.Kind), t.Title, t.Year, t.Link, t.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string acronym, string id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var (early, _) = await LoadAsync(caller, acronym, id, ct);
        if (early is not null) return early;
        var result = await service.UpdateTrainingAsync(caller, id, new TrainingInput(Kind, Title, Year, Link), Version, ct);
        switch (result.Status)
        {
            case WriteStatus.Ok:
                TempData["Success"] = $"La ligne {id} du recensement a été modifiée.";
                return Redirect(RecensementModel.PathOf(acronym));
            case WriteStatus.NotFound: return NotFound();
            case WriteStatus.Forbidden: return caller.IsAuthenticated ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
            case WriteStatus.Stale:
                // Input kept; the form now carries the current version, so saving again replaces it knowingly.
                Conflict = result.Errors.FirstOrDefault()?.Message;
                Version = result.CurrentVersion;
                break;
            default:
                foreach (var e in result.Errors) ModelState.AddModelError("", e.Message);
                break;
        }
        return Page();
    }
}
