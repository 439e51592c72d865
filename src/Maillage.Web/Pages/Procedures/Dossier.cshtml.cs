using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Web.Api;
using Maillage.Web.Api.Procedures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Procedures;

/// <summary>
/// A dossier: what it needs and holds, the forms of the parties (sections, documents, opinions), the actions the caller
/// may take, the decision and the history. Every handler goes through <see cref="ProcedureService"/>, which checks scope.
/// </summary>
public sealed class DossierModel(ProcedureService procedures, CallService calls, Maillage.Core.Features.Filieres.GovernanceService governance,
    Maillage.Core.Features.Names.NameService names) : PageModel
{
    /// <summary>The names of the centre, filière, establishments, person and network the dossier is about (names, not ids).</summary>
    public Maillage.Core.Features.Names.Names Names { get; private set; } = Maillage.Core.Features.Names.Names.Empty;

    /// <summary>A filière coordinator's succession: the meetings of the filière's governance committee, for its opinion.</summary>
    public IReadOnlyList<Maillage.Core.Features.Filieres.GovernanceMeetingView> GovernanceMeetings { get; private set; } = [];

    public DossierDto Dossier { get; private set; } = default!;
    public Caller Caller { get; private set; } = Caller.Anonymous;

    /// <summary>A labelling application: the structural checks and the compliance preview of its sites.</summary>
    public IReadOnlyList<ApplicationCheck> Checks { get; private set; } = [];
    public IReadOnlyList<SitePreview> Preview { get; private set; } = [];
    /// <summary>A dossier of a call, for the ministry: the jury members and why some may not assess it.</summary>
    public IReadOnlyList<(JuryMember Member, string? Exclusion)> Reviewers { get; private set; } = [];
    /// <summary>The caller's own review, when he or she is an assigned jury member.</summary>
    public bool IsAssignedReviewer { get; private set; }

    [BindProperty] public Dictionary<string, string?> Sections { get; set; } = [];

    /// <summary>The dossier's version the sections form was filled from (hidden field; docs/security.md, "No silent lost update").</summary>
    [BindProperty] public int? Version { get; set; }

    /// <summary>Set on a stale save: who changed the dossier in between, and when (the sections typed are kept).</summary>
    public string? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => await ShowAsync(id, ct) ?? Page();

    private async Task<IActionResult?> ShowAsync(string id, CancellationToken ct)
    {
        Caller = Caller.From(User);
        if (!Caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        var d = await procedures.LoadAsync(id, ct);
        if (d is null) return NotFound();
        if (!await procedures.CanReadAsync(Caller, d, ct)) return StatusCode(StatusCodes.Status403Forbidden);
        Dossier = await DossierAnswers.DetailAsync(procedures, Caller, d, ct);
        Names = await names.ResolveAsync(Caller, new Maillage.Core.Features.Names.NameRequest(
            Centres: [Dossier.CentreId], People: [Dossier.OutgoingPersonId],
            Establishments: [Dossier.SeatFiness, Dossier.OtherFiness, .. Dossier.Sites?.Select(s => s.Finess) ?? []],
            Networks: [Dossier.NetworkId], Filieres: [Dossier.Filiere]), ct);
        // Experts and committee members read no declared or measured activity beyond the dossier itself (docs/security.md).
        if (d.Kind == ProcedureKind.LabellingApplication && (Dossier.IsAuthor || Caller.Role is not (UserRole.Expert or UserRole.FollowUpCommittee)))
        {
            Checks = await procedures.StructuralChecksAsync(d, ct);
            Preview = await procedures.CompliancePreviewAsync(d, ct);
        }
        if (d.Kind == ProcedureKind.FiliereCoordinatorSuccession && d.FiliereAcronym is { } filiere)
            GovernanceMeetings = (await governance.ReadAsync(Caller, filiere, ct))?.Meetings ?? [];
        if (d.CallId is not null)
        {
            if (Caller.Role == UserRole.NationalAdmin) Reviewers = await calls.EligibleReviewersAsync(d, ct);
            IsAssignedReviewer = await calls.IsAssignedAsync(Caller, d.Id, ct);
        }
        return null;
    }

    public async Task<IActionResult> OnPostSectionsAsync(string id, CancellationToken ct)
    {
        if (await GuardAsync(id, ct) is { } refused) return refused;
        ProcedureResult last = ProcedureResult.Ok(id);
        var expected = Version;
        foreach (var (key, text) in Sections)
        {
            // Each section is one save: the next one starts from the version the previous one wrote.
            last = await procedures.PutSectionAsync(Caller, id, key, text, expected, ct);
            if (last.Status != ProcedureStatus.Ok) break;
            expected = last.CurrentVersion ?? expected;
        }
        // A refused section after saved ones: the form goes on from the version our own saves wrote.
        if (last.Status is not (ProcedureStatus.Ok or ProcedureStatus.Stale)) Version = expected;
        return await OutcomeAsync(id, last, "Sections enregistrées.", ct);
    }

    public async Task<IActionResult> OnPostDocumentAsync(string id, string item, IFormFile? file, string[]? cosigners, CancellationToken ct)
    {
        if (await GuardAsync(id, ct) is { } refused) return refused;
        if (file is null || file.Length == 0) return await OutcomeAsync(id, ProcedureResult.Invalid(new FieldError("file", "Choisissez un fichier PDF.")), "", ct);
        if (file.Length > ProcedureService.MaxDocumentBytes)
            return await OutcomeAsync(id, ProcedureResult.Invalid(new FieldError("file", $"{file.FileName} : au-delà de la taille maximale de {ProcedureService.MaxDocumentBytes / 1024 / 1024} Mo.")), "", ct);
        using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        var r = await procedures.UploadDocumentAsync(Caller, id, item, file.FileName, ms.ToArray(), cosigners, ct);
        return await OutcomeAsync(id, r, $"Pièce déposée : {file.FileName}.", ct);
    }

    public async Task<IActionResult> OnPostOpinionAsync(string id, string item, string? value, string? reasons, string? alternative, int? meeting, CancellationToken ct)
    {
        if (await GuardAsync(id, ct) is { } refused) return refused;
        if (!ProcedureCodes.TryParse<OpinionValue>(value, out var v))
            return await OutcomeAsync(id, ProcedureResult.Invalid(new FieldError("value", "Choisissez un avis : favorable, favorable avec réserves ou défavorable.")), "", ct);
        var r = await procedures.GiveOpinionAsync(Caller, id, item, v, reasons, alternative, meeting, null, ct);
        return await OutcomeAsync(id, r, "Avis enregistré.", ct);
    }

    public async Task<IActionResult> OnPostTransitionAsync(string id, string? action, string? note, string? opinion, CancellationToken ct)
    {
        if (await GuardAsync(id, ct) is { } refused) return refused;
        if (!ProcedureCodes.TryParse<DossierAction>(action, out var a))
            return await OutcomeAsync(id, ProcedureResult.Invalid(new FieldError("action", "Action inconnue.")), "", ct);
        OpinionValue? o = ProcedureCodes.TryParse<OpinionValue>(opinion, out var ov) ? ov : null;
        var r = await procedures.TransitionAsync(Caller, id, a, note, o, ct);
        return await OutcomeAsync(id, r, $"C'est fait : {a.Label()}.", ct);
    }

    public async Task<IActionResult> OnPostSiteAsync(string id, string centreId, string? role, bool remove, CancellationToken ct)
    {
        if (await GuardAsync(id, ct) is { } refused) return refused;
        var r = await procedures.PutSiteAsync(Caller, id, (centreId ?? "").Trim(), string.IsNullOrWhiteSpace(role) ? null : role, remove, ct);
        return await OutcomeAsync(id, r, remove ? "Centre retiré de la candidature." : "Site enregistré.", ct);
    }

    public async Task<IActionResult> OnPostAssignAsync(string id, int memberId, bool remove, CancellationToken ct)
    {
        if (await GuardAsync(id, ct) is { } refused) return refused;
        var r = remove ? await calls.UnassignAsync(Caller, id, memberId, ct) : await calls.AssignAsync(Caller, id, memberId, ct);
        return await OutcomeAsync(id, r, remove ? "Évaluateur retiré." : "Évaluateur désigné.", ct);
    }

    public async Task<IActionResult> OnPostReviewAsync(string id, int? score, string? recommendation, string? comments, CancellationToken ct)
    {
        if (await GuardAsync(id, ct) is { } refused) return refused;
        OpinionValue? rec = ProcedureCodes.TryParse<OpinionValue>(recommendation, out var v) ? v : null;
        var r = await calls.ReviewAsync(Caller, id, score, rec, comments, ct);
        return await OutcomeAsync(id, r, "Évaluation enregistrée.", ct);
    }

    public async Task<IActionResult> OnPostSiteDecisionAsync(string id, string centreId, string? decision, string? reservations, CancellationToken ct)
    {
        if (await GuardAsync(id, ct) is { } refused) return refused;
        // An unknown value is no decision: the service answers that one is required.
        ApiResults.TryEnum<Maillage.Domain.Registry.LabelDecision>(decision, "decision", out var value, out _);
        var r = await procedures.DecideSiteAsync(Caller, id, centreId, value, reservations, ct);
        return await OutcomeAsync(id, r, "Décision du site enregistrée.", ct);
    }

    /// <summary>Anonymous callers go to sign-in; the service decides the rest (403 out of scope).</summary>
    private Task<IActionResult?> GuardAsync(string id, CancellationToken ct)
    {
        Caller = Caller.From(User);
        IActionResult? r = !Caller.IsAuthenticated ? (User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge()) : null;
        return Task.FromResult(r);
    }

    private async Task<IActionResult> OutcomeAsync(string id, ProcedureResult r, string success, CancellationToken ct)
    {
        switch (r.Status)
        {
            case ProcedureStatus.Ok:
                TempData["Success"] = success;
                return Redirect("/procedures/" + Uri.EscapeDataString(id));
            case ProcedureStatus.NotFound:
                return NotFound();
            case ProcedureStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            case ProcedureStatus.Stale:
                // Keep the sections typed; the next save, now from the current version, is a deliberate replacement.
                Conflict = r.Errors.FirstOrDefault()?.Message;
                Version = r.CurrentVersion;
                return await ShowAsync(id, ct) ?? Page();
            default:
                foreach (var e in r.Errors) ModelState.AddModelError("", e.Message);
                return await ShowAsync(id, ct) ?? Page();
        }
    }
}
