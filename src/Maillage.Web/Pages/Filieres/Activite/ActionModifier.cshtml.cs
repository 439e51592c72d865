using Maillage.Core.Features.FiliereReports;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Filieres.Activite;

/// <summary>
/// Edits one action of a filière's 5-year plan (title, mission, owner, status, milestones) through
/// <see cref="FiliereActionPlanService.UpdateAsync"/>: the filière's coordinator and the ministry; the version read is
/// checked, and a stale or refused save keeps the user's input (docs/filieres-reports.md).
/// </summary>
public sealed class ActionModifierModel(FiliereActionPlanService service) : PageModel
{
    [BindProperty] public PlanActionsModel.ActionForm Input { get; set; } = new();
    [BindProperty] public int? Version { get; set; }
    public string Acronym { get; private set; } = "";
    public string ActionId { get; private set; } = "";
    public string? Conflict { get; private set; }

    public static string PathOf(string acronym, string id) => $"{PlanActionsModel.PathOf(acronym)}/{Uri.EscapeDataString(id)}/modifier";

    public async Task<IActionResult> OnGetAsync(string acronym, string id, CancellationToken ct)
    {
        ActionView? a;
        try { a = await service.ActionForEditAsync(Caller.From(User), acronym, id, ct); }
        catch (AccessRefusedException e) { return e.Unauthenticated ? Challenge() : StatusCode(StatusCodes.Status403Forbidden); }
        if (a is null) return NotFound();
        (Acronym, ActionId) = (acronym, id);
        Input = new PlanActionsModel.ActionForm
        {
            Title = a.Action.Title, Mission = Maillage.Domain.Filieres.FiliereActivityCodes.Missions.Code(a.Action.Mission), Owner = a.Action.Owner,
            Status = Maillage.Domain.Filieres.FiliereActivityCodes.ActionStatuses.Code(a.Action.Status), PlanStart = a.Action.PlanStart,
            Milestones = PlanActionsModel.FormatMilestones(a.Milestones),
        };
        Version = a.Action.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string acronym, string id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        try
        {
            // The action must be of the filière the address names (and the caller its editor).
            if (await service.ActionForEditAsync(caller, acronym, id, ct) is null) return NotFound();
        }
        catch (AccessRefusedException e) { return e.Unauthenticated ? Challenge() : StatusCode(StatusCodes.Status403Forbidden); }
        (Acronym, ActionId) = (acronym, id);
        var milestones = PlanActionsModel.ParseMilestones(Input.Milestones, ModelState, "Input.Milestones");
        if (ModelState.ErrorCount > 0) return Page();
        var result = await service.UpdateAsync(caller, id, new ActionInput(Input.Title, Input.Mission, Input.Owner, Input.Status, Input.PlanStart, milestones), Version, ct);
        switch (result.Status)
        {
            case WriteStatus.Ok:
                TempData["Success"] = $"L'action {id} a été modifiée.";
                return Redirect(PlanActionsModel.PathOf(acronym) + "?debut=" + Input.PlanStart);
            case WriteStatus.NotFound: return NotFound();
            case WriteStatus.Forbidden: return caller.IsAuthenticated ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
            case WriteStatus.Stale:
                // Input kept; the form now carries the current version, so saving again replaces it knowingly.
                Conflict = result.Errors.FirstOrDefault()?.Message;
                Version = result.CurrentVersion;
                ModelState.Remove(nameof(Version));
                break;
            default:
                foreach (var e in result.Errors) ModelState.AddModelError("", e.Message);
                break;
        }
        return Page();
    }
}
