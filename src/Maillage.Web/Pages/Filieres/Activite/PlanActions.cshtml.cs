using System.Globalization;
using Maillage.Core.Features.FiliereReports;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Filieres.Activite;

/// <summary>A filière's 5-year action plan: actions, milestones, yearly reviews; add an action, record a review (docs/filieres-reports.md).</summary>
public sealed class PlanActionsModel(FiliereActionPlanService service) : PageModel
{
    public ActionPlanView Plan { get; private set; } = default!;

    public sealed class ActionForm
    {
        public string? Title { get; set; }
        public string? Mission { get; set; }
        public string? Owner { get; set; }
        public string? Status { get; set; } = "planned";
        public int PlanStart { get; set; }
        /// <summary>One milestone per line: <c>AAAA-MM-JJ | intitulé</c>.</summary>
        public string? Milestones { get; set; }
    }

    [BindProperty] public ActionForm Input { get; set; } = new();
    [BindProperty] public string? ActionId { get; set; }
    [BindProperty] public int ReviewYear { get; set; }
    [BindProperty] public string? ReviewStatus { get; set; }
    [BindProperty] public string? ReviewComment { get; set; }
    [BindProperty] public int? Version { get; set; }
    public string? Conflict { get; private set; }

    public static string PathOf(string acronym) => $"/filieres/{Uri.EscapeDataString(acronym)}/plan-actions";

    public async Task<IActionResult> OnGetAsync(string acronym, [FromQuery(Name = "debut")] int? planStart, CancellationToken ct)
    {
        if (await LoadAsync(acronym, planStart, ct) is { } r) return r;
        Input.PlanStart = Plan.PlanStart ?? DateTime.Today.Year;
        ReviewYear = DateTime.Today.Year;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string acronym, CancellationToken ct)
    {
        var milestones = ParseMilestones(Input.Milestones, ModelState, "Input.Milestones");
        if (ModelState.ErrorCount == 0)
        {
            var (result, _) = await service.CreateAsync(Caller.From(User), acronym, new ActionInput(Input.Title, Input.Mission, Input.Owner, Input.Status, Input.PlanStart, milestones), ct);
            if (After(result, "L'action a été ajoutée au plan.") is { } done) return done is OkResult ? Redirect(PathOf(acronym) + "?debut=" + Input.PlanStart) : done;
        }
        return await LoadAsync(acronym, Input.PlanStart, ct) ?? Page();
    }

    /// <summary>
    /// The milestones' text of the forms, one per line: <c>AAAA-MM-JJ | intitulé</c>, with <c>| atteint</c> after a milestone
    /// reached. At most one line more than Core accepts is read, so that Core names the bound; a malformed line is a French
    /// error on <paramref name="key"/>.
    /// </summary>
    public static List<Milestone> ParseMilestones(string? text, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, string key)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        var milestones = new List<Milestone>();
        var lines = (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length && i <= FiliereActionPlanService.MaxMilestones; i++)
        {
            var line = lines[i];
            var cut = line.LastIndexOf('|');
            var reached = cut > 0 && string.Equals(line[(cut + 1)..].Trim(), "atteint", StringComparison.OrdinalIgnoreCase) && line[..cut].Contains('|', StringComparison.Ordinal);
            if (reached) line = line[..cut];
            var parts = line.Split('|', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due))
            {
                modelState.AddModelError(key, $"Jalon ligne {i + 1} : « AAAA-MM-JJ | intitulé » attendu (suivi de « | atteint » pour un jalon atteint).");
                continue;
            }
            milestones.Add(new Milestone(parts[1], due, reached));
        }
        return milestones;
    }

    /// <summary>The milestones as the forms show them (<see cref="ParseMilestones"/> reads them back).</summary>
    public static string FormatMilestones(IEnumerable<Milestone> milestones) =>
        string.Join("\n", (milestones ?? []).Select(m => $"{m.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} | {m.Title}{(m.Reached ? " | atteint" : "")}"));

    public async Task<IActionResult> OnPostReviewAsync(string acronym, CancellationToken ct)
    {
        var result = await service.ReviewAsync(Caller.From(User), ActionId ?? "", ReviewYear, ReviewStatus, ReviewComment, Version, ct);
        if (After(result, $"La revue {ReviewYear} a été enregistrée.") is { } done) return done is OkResult ? Redirect(PathOf(acronym)) : done;
        return await LoadAsync(acronym, null, ct) ?? Page();
    }

    private IActionResult? After(WriteResult result, string message)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                TempData["Success"] = message;
                return new OkResult();
            case WriteStatus.NotFound: return NotFound();
            case WriteStatus.Forbidden: return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
            case WriteStatus.Stale: Conflict = result.Errors.FirstOrDefault()?.Message; return null;
            case WriteStatus.Invalid or WriteStatus.Conflict:
                foreach (var e in result.Errors) ModelState.AddModelError("", e.Message);
                return null;
        }
        return null;
    }

    private async Task<IActionResult?> LoadAsync(string acronym, int? planStart, CancellationToken ct)
    {
        try
        {
            if (await service.PlanAsync(Caller.From(User), acronym, planStart, ct) is not { } p) return NotFound();
            Plan = p;
            return null;
        }
        catch (AccessRefusedException e)
        {
            return e.Unauthenticated ? Challenge() : StatusCode(StatusCodes.Status403Forbidden);
        }
    }
}
