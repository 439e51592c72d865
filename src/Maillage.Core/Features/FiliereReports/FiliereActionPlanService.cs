using System.Text.Json;
using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Filieres;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.FiliereReports;

/// <summary>An action as written by the coordinator (form, API body). Codes are the snake_case codes of the tables.</summary>
public sealed record ActionInput(string? Title, string? Mission, string? Owner, string? Status, int PlanStart, IReadOnlyList<Milestone>? Milestones);

/// <summary>An action with its parsed milestones and reviews.</summary>
public sealed record ActionView(FiliereAction Action, IReadOnlyList<Milestone> Milestones, IReadOnlyList<ActionReview> Reviews);

/// <summary>A filière's action plan for one 5-year period.</summary>
public sealed record ActionPlanView(FiliereSubject Filiere, int? PlanStart, IReadOnlyList<int> Periods, IReadOnlyList<ActionView> Actions, bool CanEdit);

/// <summary>
/// A filière's 5-year action plan (note of 19 September 2018, §2 « Evaluation »): actions with their mission, owner,
/// milestones and status, and a yearly review of each action (status and comment for the year). Coordinator and
/// ministry write; the host's regional agency reads (docs/filieres-reports.md).
/// </summary>
public sealed class FiliereActionPlanService(MaillageDbContext db, TimeProvider clock)
{
    public const string Entity = "filiere_action";
    /// <summary>A plan covers the labelling period: 5 years (PlanStart .. PlanStart + 4).</summary>
    public const int PlanYears = 5;
    public const int MaxActions = 100, MaxMilestones = 20, MaxReviewComment = 2000;
    private const int TitleMax = 300, OwnerMax = 200, MilestoneTitleMax = 200;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public static IReadOnlyList<Milestone> Milestones(FiliereAction a) => JsonSerializer.Deserialize<List<Milestone>>(a?.MilestonesJson ?? "[]", Json) ?? [];
    public static IReadOnlyList<ActionReview> Reviews(FiliereAction a) => JsonSerializer.Deserialize<List<ActionReview>>(a?.ReviewsJson ?? "[]", Json) ?? [];

    /// <summary>The plan of <paramref name="planStart"/> (the latest when null). Null for an unknown filière; refused out of scope.</summary>
    public async Task<ActionPlanView?> PlanAsync(Caller caller, string acronym, int? planStart, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var f = await FiliereActivityScope.SubjectAsync(db, acronym, ct);
        if (f is null) return null;
        if (!FiliereActivityScope.CanReadPlan(caller, f))
            throw new AccessRefusedException(caller, "Le plan d'actions d'une filière est lisible par son coordonnateur, le ministère et l'ARS de l'établissement siège.");
        var all = await db.FiliereActions.AsNoTracking().Where(a => a.FiliereAcronym == f.Acronym).ToListAsync(ct);
        var periods = all.Select(a => a.PlanStart).Distinct().OrderDescending().ToList();
        var start = planStart ?? (periods.Count > 0 ? periods[0] : null);
        var actions = all.Where(a => a.PlanStart == start).OrderBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => new ActionView(a, Milestones(a), Reviews(a).OrderBy(r => r.Year).ToList())).ToList();
        return new ActionPlanView(f, start, periods, actions, FiliereActivityScope.CanEdit(caller, f.Acronym));
    }

    /// <summary>
    /// One action of <paramref name="acronym"/>'s plan for its edit form (the version the form will send back): null when
    /// unknown or of another filière; refused (<see cref="AccessRefusedException"/>) to anyone but the filière's
    /// coordinator and the ministry, whether the action exists or not.
    /// </summary>
    public async Task<ActionView?> ActionForEditAsync(Caller caller, string acronym, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(acronym) || acronym.Length > 32 || !FiliereActivityScope.CanEdit(caller, acronym))
            throw new AccessRefusedException(caller, "Seuls le coordonnateur de la filière et le ministère modifient son plan d'actions.");
        if (string.IsNullOrEmpty(id) || id.Length > 48) return null;
        var a = await db.FiliereActions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.FiliereAcronym == acronym, ct);
        return a is null ? null : new ActionView(a, Milestones(a), Reviews(a).OrderBy(r => r.Year).ToList());
    }

    public static IReadOnlyList<RuleViolation> Validate(ActionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<RuleViolation>();
        void Error(string field, string message) => errors.Add(FiliereReportService.Violation("R-FILIERE-ACTION", field, message) with { Entity = Entity });
        if (string.IsNullOrWhiteSpace(input.Title)) Error("title", "L'intitulé de l'action est obligatoire.");
        else if (input.Title.Trim().Length > TitleMax) Error("title", $"Intitulé : au plus {TitleMax} caractères.");
        if (string.IsNullOrWhiteSpace(input.Owner)) Error("owner", "Le porteur de l'action est obligatoire.");
        else if (input.Owner.Trim().Length > OwnerMax) Error("owner", $"Porteur : au plus {OwnerMax} caractères.");
        if (!FiliereActivityCodes.Missions.TryParse(input.Mission, out _))
            Error("mission", $"Mission « {input.Mission} » inconnue (valeurs admises : {string.Join(", ", FiliereActivityCodes.Missions.Codes)}).");
        if (!FiliereActivityCodes.ActionStatuses.TryParse(input.Status, out _))
            Error("status", $"Statut « {input.Status} » inconnu (valeurs admises : {string.Join(", ", FiliereActivityCodes.ActionStatuses.Codes)}).");
        if (input.PlanStart is < 2000 or > 2100) Error("plan_start", $"Première année du plan : {input.PlanStart} n'est pas acceptée (2000 à 2100).");
        var milestones = input.Milestones ?? [];
        if (milestones.Count > MaxMilestones) Error("milestones", $"{milestones.Count} jalons : au plus {MaxMilestones} par action.");
        else if (input.PlanStart is >= 2000 and <= 2100)
        {
            var first = new DateOnly(input.PlanStart, 1, 1);
            var last = new DateOnly(input.PlanStart + PlanYears - 1, 12, 31);
            for (var i = 0; i < milestones.Count; i++)
            {
                var m = milestones[i];
                if (m is null || string.IsNullOrWhiteSpace(m.Title)) Error($"milestones[{i + 1}].title", $"Jalon {i + 1} : l'intitulé est obligatoire.");
                else if (m.Title.Trim().Length > MilestoneTitleMax) Error($"milestones[{i + 1}].title", $"Jalon {i + 1} : intitulé de {MilestoneTitleMax} caractères au plus.");
                if (m is not null && (m.Due < first || m.Due > last))
                    Error($"milestones[{i + 1}].due", $"Jalon {i + 1} : l'échéance {French.Date(m.Due)} est hors du plan ({French.Date(first)} – {French.Date(last)}).");
            }
        }
        return errors;
    }

    /// <summary>Adds an action to the plan starting in <see cref="ActionInput.PlanStart"/>; the new id in <c>Id</c>.</summary>
    public async Task<(WriteResult Result, string? Id)> CreateAsync(Caller caller, string acronym, ActionInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var f = await FiliereActivityScope.SubjectAsync(db, acronym, ct);
        if (f is null) return (WriteResult.NotFound, null);
        if (!FiliereActivityScope.CanEdit(caller, f.Acronym)) return (WriteResult.Forbidden, null);
        var errors = Validate(input);
        if (errors.Count > 0) return (WriteResult.Invalid(errors), null);
        if (await db.FiliereActions.CountAsync(a => a.FiliereAcronym == f.Acronym && a.PlanStart == input.PlanStart, ct) >= MaxActions)
            return (WriteResult.Invalid([FiliereReportService.Violation("R-FILIERE-ACTION", "id", $"Le plan compte déjà {MaxActions} actions, le maximum.") with { Entity = Entity }]), null);
        var id = await SequentialIds.NextAsync(db.FiliereActions.Select(a => a.Id), $"PA-{f.Acronym}-", "000", ct);
        var action = new FiliereAction
        {
            Id = id, FiliereAcronym = f.Acronym, Title = "", Owner = "", MilestonesJson = "[]", ReviewsJson = "[]", UpdatedBy = "",
        };
        Apply(action, input);
        Stamp(action, caller);
        db.FiliereActions.Add(action);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return (WriteResult.Conflict("Une autre action vient d'être ajoutée au même moment : recommencez."), null);
        }
        return (WriteResult.Ok with { CurrentVersion = action.Version }, id);
    }

    /// <summary>Changes an action. <paramref name="expectedVersion"/>: the version read; null accepts any.</summary>
    public async Task<WriteResult> UpdateAsync(Caller caller, string id, ActionInput input, int? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (early, action) = await LoadForWriteAsync(caller, id, expectedVersion, ct);
        if (early is not null) return early;
        var errors = Validate(input);
        if (errors.Count > 0) return WriteResult.Invalid(errors);
        Apply(action!, input);
        Stamp(action!, caller);
        return await SaveAsync(action!, ct);
    }

    /// <summary>
    /// Records the review of <paramref name="year"/> (status and comment), replacing that year's earlier review; the
    /// action's status becomes the status of its latest reviewed year. The year must be in the plan and not in the future.
    /// </summary>
    public async Task<WriteResult> ReviewAsync(Caller caller, string id, int year, string? status, string? comment, int? expectedVersion, CancellationToken ct = default)
    {
        var (early, action) = await LoadForWriteAsync(caller, id, expectedVersion, ct);
        if (early is not null) return early;
        var errors = new List<RuleViolation>();
        void Error(string field, string message) => errors.Add(FiliereReportService.Violation("R-FILIERE-REVIEW", field, message) with { Entity = Entity });
        if (year < action!.PlanStart || year > action.PlanEnd) Error("year", $"Revue {year} : hors du plan ({action.PlanStart} – {action.PlanEnd}).");
        else if (year > Today.Year) Error("year", $"Revue {year} : une année à venir ne se revoit pas encore.");
        if (!FiliereActivityCodes.ActionStatuses.TryParse(status, out var parsed))
            Error("status", $"Statut « {status} » inconnu (valeurs admises : {string.Join(", ", FiliereActivityCodes.ActionStatuses.Codes)}).");
        if (comment is not null && comment.Trim().Length > MaxReviewComment) Error("comment", $"Commentaire : au plus {MaxReviewComment} caractères.");
        if (errors.Count > 0) return WriteResult.Invalid(errors);
        var reviews = Reviews(action).Where(r => r.Year != year).Append(new ActionReview(year, status!, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim()))
            .OrderBy(r => r.Year).ToList();
        action.ReviewsJson = JsonSerializer.Serialize(reviews, Json);
        if (reviews[^1].Year == year) action.Status = parsed;
        Stamp(action, caller);
        return await SaveAsync(action, ct);
    }

    private async Task<(WriteResult? Early, FiliereAction? Action)> LoadForWriteAsync(Caller caller, string id, int? expectedVersion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) return (WriteResult.Forbidden, null);
        if (string.IsNullOrEmpty(id) || id.Length > 48) return (WriteResult.NotFound, null);
        var action = await db.FiliereActions.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (action is null) return (WriteResult.NotFound, null);
        if (!FiliereActivityScope.CanEdit(caller, action.FiliereAcronym)) return (WriteResult.Forbidden, null);
        if (!Versioning.Expect(db, action, expectedVersion)) return (await StaleAsync(id, ct), null);
        return (null, action);
    }

    private static void Apply(FiliereAction a, ActionInput i)
    {
        a.Title = i.Title!.Trim();
        a.Owner = i.Owner!.Trim();
        a.Mission = FiliereActivityCodes.Missions.TryParse(i.Mission, out var m) ? m : a.Mission;
        a.Status = FiliereActivityCodes.ActionStatuses.TryParse(i.Status, out var s) ? s : a.Status;
        a.PlanStart = i.PlanStart;
        a.PlanEnd = i.PlanStart + PlanYears - 1;
        a.MilestonesJson = JsonSerializer.Serialize((i.Milestones ?? []).Select(x => x with { Title = x.Title.Trim() }).OrderBy(x => x.Due).ToList(), Json);
    }

    private void Stamp(FiliereAction a, Caller caller)
    {
        a.UpdatedAt = clock.GetUtcNow();
        a.UpdatedBy = FiliereActivityScope.Who(caller);
    }

    private async Task<WriteResult> SaveAsync(FiliereAction a, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return WriteResult.Ok with { CurrentVersion = a.Version };
        }
        catch (DbUpdateConcurrencyException)
        {
            return await StaleAsync(a.Id, ct);
        }
    }

    private async Task<WriteResult> StaleAsync(string id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await new Versions(db, clock).StaleAsync(Entity, id, ct);
    }
}
