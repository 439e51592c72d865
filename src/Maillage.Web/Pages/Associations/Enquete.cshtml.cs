using System.Globalization;
using Maillage.Core.Features.Associations;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Validation;
using Maillage.Domain.Associations;
using Maillage.Domain.Procedures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Associations;

/// <summary>
/// A survey: its questions and its results aggregated (nothing under 10 answers to a question, counts under 10 hidden);
/// for its association, the status (draft → open → closed) and the entry of questionnaires' answers.
/// </summary>
public sealed class EnqueteModel(AssociationSpaceService service) : PageModel
{
    public const int MaxLines = 2000;

    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? Responses { get; set; }
    public SurveyView View { get; private set; } = default!;
    public string? Conflict { get; private set; }

    private IActionResult Refused() => Caller.From(User).IsAuthenticated ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();

    private async Task<IActionResult?> LoadAsync(string id, bool fillVersion, CancellationToken ct)
    {
        try
        {
            if (await service.SurveyAsync(Caller.From(User), id, ct) is not { } v) return NotFound();
            View = v;
            if (fillVersion) Version = v.Survey.Version;
            return null;
        }
        catch (AccessRefusedException) { return Refused(); }
    }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => await LoadAsync(id, true, ct) ?? Page();

    public async Task<IActionResult> OnPostStatusAsync(string id, string? status, CancellationToken ct)
    {
        if (await LoadAsync(id, false, ct) is { } refused) return refused;
        var s = View.Survey;
        var target = AssociationSpaceTables.SurveyStatuses.TryParse(status, out var st) ? st : s.Status;
        var input = new SurveyInput(s.AssociationId, s.Title, s.Introduction, s.PartnerKind, s.PartnerId, target, s.OpensOn, s.ClosesOn, null);
        var r = await service.SaveSurveyAsync(Caller.From(User), id, input, Version, ct);
        return await OutcomeAsync(id, r, $"Enquête : « {target.Label()} ».", ct);
    }

    /// <summary>Answers typed or pasted: one line per questionnaire, one value per question separated by « ; » (1 = the scale's first value, empty = no answer).</summary>
    public async Task<IActionResult> OnPostResponsesAsync(string id, CancellationToken ct)
    {
        var lines = (Responses ?? "").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count > MaxLines)
            return await OutcomeAsync(id, EditResult.Invalid(new FieldError("responses", $"{lines.Count} lignes, au plus {MaxLines} par envoi.")), "", ct);
        var parsed = new List<IReadOnlyList<int?>>();
        for (var i = 0; i < lines.Count; i++)
        {
            var values = new List<int?>();
            foreach (var cell in lines[i].Split(';'))
            {
                var c = cell.Trim();
                if (c.Length == 0) { values.Add(null); continue; }
                if (c.Length > 3 || !int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    return await OutcomeAsync(id, EditResult.Invalid(new FieldError("responses", $"Ligne {i + 1} : « {(c.Length > 20 ? c[..20] + "…" : c)} » n'est pas un rang de réponse (1, 2, 3…).")), "", ct);
                values.Add(n);
            }
            parsed.Add(values);
        }
        var r = await service.AddResponsesAsync(Caller.From(User), id, parsed, ct);
        return await OutcomeAsync(id, r, $"{Pages.Shared.Fr.Count(parsed.Count, "questionnaire enregistré", "questionnaires enregistrés")}.", ct);
    }

    private async Task<IActionResult> OutcomeAsync(string id, EditResult r, string success, CancellationToken ct)
    {
        switch (r.Status)
        {
            case EditStatus.Ok:
                TempData["Success"] = success;
                return Redirect($"{Routes.Pages.Surveys}/{Uri.EscapeDataString(id)}");
            case EditStatus.Forbidden: return Refused();
            case EditStatus.NotFound: return NotFound();
            case EditStatus.Stale: Conflict = r.Errors[0].Message; break;
            default: foreach (var e in r.Errors) ModelState.AddModelError(e.Field == "responses" || e.Field.StartsWith("responses[", StringComparison.Ordinal) ? "Responses" : "", e.Message); break;
        }
        return await LoadAsync(id, false, ct) ?? Page();
    }
}
