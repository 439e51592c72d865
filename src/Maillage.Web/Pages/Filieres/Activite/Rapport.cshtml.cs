using Maillage.Core.Features.FiliereReports;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Filieres;
using Maillage.Domain.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Filieres.Activite;

/// <summary>A filière's annual activity report: read, edit the mission texts, submit, mark received, reopen (docs/filieres-reports.md).</summary>
public sealed class RapportModel(FiliereReportService service) : PageModel
{
    public FiliereReportView View { get; private set; } = default!;
    public IReadOnlyList<FiliereReportRow> Years { get; private set; } = [];
    [BindProperty] public Dictionary<string, string?> Texts { get; set; } = [];
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public string? Conflict { get; private set; }

    public static string PathOf(string acronym, int year) => $"/filieres/{Uri.EscapeDataString(acronym)}/rapport/{year}";

    public async Task<IActionResult> OnGetAsync(string acronym, int year, CancellationToken ct)
    {
        if (await LoadAsync(acronym, year, ct) is { } r) return r;
        Texts = FiliereActivityCodes.Missions.Values.ToDictionary(m => FiliereActivityCodes.Missions.Code(m), View.Report.Text);
        Version = View.Stored ? View.Report.Version : 0;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string acronym, int year, CancellationToken ct)
    {
        var input = new FiliereReportInput(FiliereActivityCodes.Missions.Values.ToDictionary(m => m, m => Texts.GetValueOrDefault(FiliereActivityCodes.Missions.Code(m))));
        return await AfterAsync(await service.SaveAsync(Caller.From(User), acronym, year, input, Version, ct), acronym, year, "Le rapport a été enregistré.", ct);
    }

    public Task<IActionResult> OnPostSubmitAsync(string acronym, int year, CancellationToken ct) =>
        TransitionAsync(acronym, year, ReportAction.Submit, "Le rapport a été soumis au ministère et à l'ARS du siège.", ct);

    public Task<IActionResult> OnPostMarkReceivedAsync(string acronym, int year, CancellationToken ct) =>
        TransitionAsync(acronym, year, ReportAction.MarkReceived, "Le rapport est marqué reçu : il est verrouillé et public.", ct);

    public Task<IActionResult> OnPostReopenAsync(string acronym, int year, CancellationToken ct) =>
        TransitionAsync(acronym, year, ReportAction.Reopen, "Le rapport a été rouvert : il repasse en brouillon.", ct);

    private async Task<IActionResult> TransitionAsync(string acronym, int year, ReportAction action, string message, CancellationToken ct) =>
        await AfterAsync(await service.TransitionAsync(Caller.From(User), acronym, year, action, Reason, Version, ct), acronym, year, message, ct);

    private async Task<IActionResult> AfterAsync(WriteResult result, string acronym, int year, string message, CancellationToken ct)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                TempData["Success"] = message;
                return Redirect(PathOf(acronym, year));
            case WriteStatus.NotFound:
                return NotFound();
            case WriteStatus.Forbidden:
                return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
            case WriteStatus.Stale:
                Conflict = result.Errors.FirstOrDefault()?.Message;
                Version = result.CurrentVersion;
                ModelState.Remove(nameof(Version));
                break;
            case WriteStatus.Invalid or WriteStatus.Conflict:
                foreach (var e in result.Errors) ModelState.AddModelError(e.Field == "status" || e.Field == "reason" ? "" : "Texts[" + e.Field + "]", e.Message);
                break;
        }
        // The user's input is kept (the texts are not reloaded).
        return await LoadAsync(acronym, year, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(string acronym, int year, CancellationToken ct)
    {
        try
        {
            if (await service.ReadAsync(Caller.From(User), acronym, year, ct) is not { } v) return NotFound();
            View = v;
            Years = await service.ListAsync(Caller.From(User), acronym, ct) ?? [];
            return null;
        }
        catch (AccessRefusedException e)
        {
            return e.Unauthenticated ? Challenge() : StatusCode(StatusCodes.Status403Forbidden);
        }
    }
}
