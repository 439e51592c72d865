using Maillage.Core.Features.Associations;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Validation;
using Maillage.Domain.Associations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Associations;

/// <summary>
/// Edits one collaborative action of an association (title, description, partner, initiative, dates, status) through
/// <see cref="AssociationSpaceService.SaveActionAsync"/>: the association itself and the national administration; the
/// version read is checked, and a stale or refused save keeps the user's input (docs/associations.md).
/// </summary>
public sealed class ActionModifierModel(AssociationSpaceService service) : PageModel
{
    [BindProperty] public EspaceModel.ActionForm Action { get; set; } = new();
    [BindProperty] public int? Version { get; set; }
    public string AssociationId { get; private set; } = "";
    public string ActionId { get; private set; } = "";
    public string? Conflict { get; private set; }

    public static string PathOf(string associationId, string actionId) =>
        $"{Routes.Pages.Associations}/{Uri.EscapeDataString(associationId)}/actions/{Uri.EscapeDataString(actionId)}/modifier";

    private static T? Parse<T>(Domain.EnumTable<T> table, string? code) where T : struct, Enum => table.TryParse(code, out var v) ? v : null;

    private async Task<(IActionResult? Early, CollaborativeAction? Action)> LoadAsync(Caller caller, string id, string actionId, CancellationToken ct)
    {
        (AssociationId, ActionId) = (id, actionId);
        try
        {
            var a = await service.ActionAsync(caller, actionId, ct);
            // An action of another association under this address is unknown here.
            return a is null || !string.Equals(a.AssociationId, id, StringComparison.Ordinal) ? (NotFound(), null) : (null, a);
        }
        catch (AccessRefusedException e) { return (e.Unauthenticated ? Challenge() : StatusCode(StatusCodes.Status403Forbidden), null); }
    }

    public async Task<IActionResult> OnGetAsync(string id, string actionId, CancellationToken ct)
    {
        var (early, a) = await LoadAsync(Caller.From(User), id, actionId, ct);
        if (early is not null) return early;
        Action = new EspaceModel.ActionForm
        {
            Title = a!.Title, Description = a.Description, PartnerKind = a.PartnerKind.Code(), PartnerId = a.PartnerId, Initiative = a.Initiative.Code(),
            Status = a.Status.Code(), StartsOn = a.StartsOn, EndsOn = a.EndsOn,
        };
        Version = a.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string actionId, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var (early, _) = await LoadAsync(caller, id, actionId, ct);
        if (early is not null) return early;
        var input = new ActionInput(id, Action.Title, Action.Description, Parse(AssociationSpaceTables.Partners, Action.PartnerKind), Action.PartnerId,
            Parse(AssociationSpaceTables.Initiatives, Action.Initiative), Action.StartsOn, Action.EndsOn, Parse(AssociationSpaceTables.ActionStatuses, Action.Status));
        var r = await service.SaveActionAsync(caller, actionId, input, Version, ct);
        switch (r.Status)
        {
            case EditStatus.Ok:
                TempData["Success"] = $"Action {actionId} modifiée.";
                return Redirect($"{Routes.Pages.Associations}/{Uri.EscapeDataString(id)}/espace");
            case EditStatus.Forbidden: return caller.IsAuthenticated ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
            case EditStatus.NotFound: return NotFound();
            case EditStatus.Stale:
                // Input kept; the form now carries the current version, so saving again replaces it knowingly.
                Conflict = r.Errors[0].Message;
                Version = r.Version;
                break;
            default:
                foreach (var e in r.Errors) ModelState.AddModelError("Action." + e.Field, e.Message);
                break;
        }
        return Page();
    }
}
