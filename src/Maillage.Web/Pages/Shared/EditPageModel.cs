using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Shared;

/// <summary>
/// Common steps of the edit forms: refuse anonymous (sign-in) and out-of-scope callers (403) before showing or
/// saving, and turn the service's rule violations into messages next to the fields.
/// </summary>
public abstract class EditPageModel(AccessPolicy access) : PageModel
{
    /// <summary>Service field names (snake_case) → form field names (<c>Input.X</c>).</summary>
    protected abstract IReadOnlyDictionary<string, string> FieldMap { get; }

    /// <summary>The object's version the form was filled from (hidden field; docs/security.md, "No silent lost update").</summary>
    [BindProperty] public int? Version { get; set; }

    /// <summary>Set on a stale save: who changed the object in between, and when (the user's input is kept).</summary>
    public string? Conflict { get; private set; }

    /// <summary>Null when the caller may edit the object; otherwise the response that refuses.</summary>
    protected async Task<IActionResult?> RefuseAsync(string entity, string id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!caller.IsAuthenticated)
            return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        return await access.CanWriteAsync(caller, entity, id, ct) ? null : StatusCode(StatusCodes.Status403Forbidden);
    }

    /// <summary>Adds an error next to a form field (or to the summary when <paramref name="field"/> is empty).</summary>
    protected void Error(string field, string message) => ModelState.AddModelError(field, message);

    /// <summary>The page's answer to a write: redirect with a success message, 403/404, or null to redisplay with errors.</summary>
    protected IActionResult? Outcome(WriteResult result, string successUrl, string successMessage)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                TempData["Success"] = successMessage;
                return Redirect(successUrl);
            case WriteStatus.NotFound:
                return NotFound();
            case WriteStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            case WriteStatus.Stale:
                // Keep the input; the next save, now from the current version, is a deliberate replacement.
                Conflict = result.Errors.FirstOrDefault()?.Message;
                Version = result.CurrentVersion;
                return null;
            default:
                foreach (var v in result.Errors) AddViolation(v);
                if (result.Errors.Count == 0) Error("", "L'enregistrement a été refusé.");
                return null;
        }
    }

    private void AddViolation(RuleViolation v)
    {
        var key = FieldMap.TryGetValue(v.Field, out var k) ? k : "";
        Error(key, v.Message);
    }
}
