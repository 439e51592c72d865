using Maillage.Core.Features.Associations;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Validation;
using Maillage.Domain.Associations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Associations;

/// <summary>
/// An association's space: what it is asked for across procedures (support letters and opinions, expected or received),
/// its surveys of patients' experience and its collaborative actions, with the forms to add them. The association itself
/// and the national administration only.
/// </summary>
public sealed class EspaceModel(AssociationSpaceService service) : PageModel
{
    public const int QuestionRows = 6;

    public sealed class SurveyForm
    {
        public string? Title { get; set; }
        public string? Introduction { get; set; }
        public string? PartnerKind { get; set; }
        public string? PartnerId { get; set; }
        public List<string?> QuestionTexts { get; set; } = [];
        public List<string?> QuestionScales { get; set; } = [];
    }

    public sealed class ActionForm
    {
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? PartnerKind { get; set; }
        public string? PartnerId { get; set; }
        public string? Initiative { get; set; }
        public string? Status { get; set; }
        public DateOnly? StartsOn { get; set; }
        public DateOnly? EndsOn { get; set; }
    }

    [BindProperty] public SurveyForm Survey { get; set; } = new();
    [BindProperty] public ActionForm Action { get; set; } = new();
    public AssociationSpace Space { get; private set; } = default!;
    public string? Conflict { get; private set; }

    private IActionResult Refused() => Caller.From(User).IsAuthenticated ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();

    private async Task<IActionResult?> LoadAsync(string id, CancellationToken ct)
    {
        try
        {
            if (await service.SpaceAsync(Caller.From(User), id, ct) is not { } s) return NotFound();
            Space = s;
            return null;
        }
        catch (AccessRefusedException) { return Refused(); }
    }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    private static T? Parse<T>(Domain.EnumTable<T> table, string? code) where T : struct, Enum => table.TryParse(code, out var v) ? v : null;

    public async Task<IActionResult> OnPostSurveyAsync(string id, CancellationToken ct)
    {
        var questions = Enumerable.Range(0, Math.Min(Survey.QuestionTexts.Count, 30))
            .Where(i => !string.IsNullOrWhiteSpace(Survey.QuestionTexts[i]))
            .Select(i => new QuestionInput(Survey.QuestionTexts[i], Parse(AssociationSpaceTables.Scales, i < Survey.QuestionScales.Count ? Survey.QuestionScales[i] : null)))
            .ToList();
        var input = new SurveyInput(id, Survey.Title, Survey.Introduction, Parse(AssociationSpaceTables.Partners, Survey.PartnerKind), Survey.PartnerId, SurveyStatus.Draft,
            null, null, questions);
        var r = await service.SaveSurveyAsync(Caller.From(User), null, input, null, ct);
        if (r.Status == EditStatus.Ok)
        {
            TempData["Success"] = $"Enquête {r.Id} créée (brouillon).";
            return Redirect($"{Routes.Pages.Surveys}/{Uri.EscapeDataString(r.Id!)}");
        }
        return await FailAsync(id, r, "Survey.", ct);
    }

    public async Task<IActionResult> OnPostActionAsync(string id, CancellationToken ct)
    {
        var input = new ActionInput(id, Action.Title, Action.Description, Parse(AssociationSpaceTables.Partners, Action.PartnerKind), Action.PartnerId,
            Parse(AssociationSpaceTables.Initiatives, Action.Initiative), Action.StartsOn, Action.EndsOn, Parse(AssociationSpaceTables.ActionStatuses, Action.Status));
        var r = await service.SaveActionAsync(Caller.From(User), null, input, null, ct);
        if (r.Status == EditStatus.Ok)
        {
            TempData["Success"] = $"Action {r.Id} ajoutée.";
            return Redirect($"{Routes.Pages.Associations}/{Uri.EscapeDataString(id)}/espace");
        }
        return await FailAsync(id, r, "Action.", ct);
    }

    /// <summary>Changes an action's status from the table (the version shown is checked).</summary>
    public async Task<IActionResult> OnPostActionStatusAsync(string id, string actionId, string? status, int? version, CancellationToken ct)
    {
        var caller = Caller.From(User);
        CollaborativeAction? a;
        try { a = await service.ActionAsync(caller, actionId, ct); }
        catch (AccessRefusedException) { return Refused(); }
        if (a is null || a.AssociationId != id) return NotFound();
        var input = new ActionInput(a.AssociationId, a.Title, a.Description, a.PartnerKind, a.PartnerId, a.Initiative, a.StartsOn, a.EndsOn,
            Parse(AssociationSpaceTables.ActionStatuses, status) ?? a.Status);
        var r = await service.SaveActionAsync(caller, actionId, input, version, ct);
        if (r.Status == EditStatus.Ok)
        {
            TempData["Success"] = $"Action {actionId} : statut enregistré.";
            return Redirect($"{Routes.Pages.Associations}/{Uri.EscapeDataString(id)}/espace");
        }
        return await FailAsync(id, r, "", ct);
    }

    private async Task<IActionResult> FailAsync(string id, EditResult r, string prefix, CancellationToken ct)
    {
        if (r.Status == EditStatus.Forbidden) return Refused();
        if (r.Status == EditStatus.NotFound) return NotFound();
        if (r.Status == EditStatus.Stale) Conflict = r.Errors[0].Message;
        else foreach (var e in r.Errors) ModelState.AddModelError(prefix + e.Field, e.Message);
        return await LoadAsync(id, ct) ?? Page();
    }
}
