using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Web.Api;
using Maillage.Web.Api.Procedures;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Procedures.Plateformes;

/// <summary>
/// An expertise-platform project: while in preparation, its scope (name, other establishments, centres) and its budget's
/// recruits; once accepted, its follow-up — the credit delegation (ministry), the 6-month checkpoint and the yearly
/// indicators (host establishment), the year-2 renewal (ministry). Every handler goes through <see cref="ProcedureService"/>,
/// which checks scope.
/// </summary>
public sealed class ProjetModel(ProcedureService procedures) : PageModel
{
    public sealed class RecruitRow
    {
        public string? Function { get; set; }
        public string? JobTitle { get; set; }
        public decimal? Fte { get; set; }
        public decimal? YearlyCost { get; set; }
    }

    public sealed class IndicatorRow
    {
        public string? Key { get; set; }
        public string? Label { get; set; }
        public int? Count { get; set; }
        public string? Text { get; set; }
    }

    public DossierDto Dossier { get; private set; } = default!;
    public Caller Caller { get; private set; } = Caller.Anonymous;
    public IReadOnlyList<PlatformCentreView> Candidates { get; private set; } = [];

    [BindProperty] public string? Nom { get; set; }
    [BindProperty] public string? Autres { get; set; }
    [BindProperty] public List<string> Centres { get; set; } = [];
    [BindProperty] public List<RecruitRow> Recrutements { get; set; } = [];
    [BindProperty] public DateOnly? DelegationLe { get; set; }
    [BindProperty] public string? DelegationReference { get; set; }
    [BindProperty] public string? PointEtape { get; set; }
    [BindProperty] public int Annee { get; set; } = 1;
    [BindProperty] public List<IndicatorRow> Indicateurs { get; set; } = [];
    [BindProperty] public string? Reconduction { get; set; }
    [BindProperty] public string? Motifs { get; set; }

    public bool IsAdmin => Caller.Role == UserRole.NationalAdmin;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => await ShowAsync(id, fill: true, ct) ?? Page();

    private async Task<IActionResult?> ShowAsync(string id, bool fill, CancellationToken ct)
    {
        Caller = Caller.From(User);
        if (!Caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        var d = await procedures.LoadAsync(id, ct);
        if (d is null || d.Kind != ProcedureKind.PlatformProject) return NotFound();
        if (!await procedures.CanReadAsync(Caller, d, ct)) return StatusCode(StatusCodes.Status403Forbidden);
        Dossier = await DossierAnswers.DetailAsync(procedures, Caller, d, ct);
        var p = Dossier.Platform!;
        if (fill)
        {
            Nom = p.Name;
            Autres = string.Join(", ", p.OtherEstablishments.Select(e => e.Finess));
            Centres = p.Centres.Select(c => c.Id).ToList();
            Recrutements = p.Recruits.Select(r => new RecruitRow { Function = r.Function, JobTitle = r.JobTitle, Fte = r.Fte, YearlyCost = r.YearlyCost }).ToList();
        }
        while (Recrutements.Count < Math.Max(p.Recruits.Count + 2, 3)) Recrutements.Add(new RecruitRow());
        if (Dossier.State == "draft" && Dossier.IsAuthor)
        {
            var candidates = (await procedures.CandidateCentresAsync(p.HostFiness, NouveauModel.SplitFiness(Autres), ct)).ToList();
            // The centres already named stay listed (even closed or outside the establishments), so that they can be removed.
            candidates.AddRange(p.Centres.Where(c => candidates.All(x => x.Id != c.Id))
                .Select(c => new PlatformCentreView(c.Id, c.Name, c.Kind, c.Role, c.Finess, c.EstablishmentName, c.Filiere, c.CountsTowardsThreshold, c.Closed)));
            Candidates = candidates;
        }
        return null;
    }

    public Task<IActionResult> OnPostPerimetreAsync(string id, CancellationToken ct) =>
        ActAsync(id, async caller =>
        {
            if (await CurrentAsync(id, ct) is not { } current) return ProcedureResult.NotFound;
            return await procedures.UpdatePlatformProjectAsync(caller, id, new PlatformProjectInput(FormInput.Text(Nom), null, NouveauModel.SplitFiness(Autres), Centres,
                current.Project.Recruits.OrderBy(r => r.Position).Select(r => new RecruitInput(r.Function.Code(), r.JobTitle, r.Fte, r.YearlyCost)).ToList()), ct);
        }, "Périmètre enregistré.", ct);

    public Task<IActionResult> OnPostRecrutementsAsync(string id, CancellationToken ct) =>
        ActAsync(id, async caller =>
        {
            if (await CurrentAsync(id, ct) is not { } current) return ProcedureResult.NotFound;
            var rows = Recrutements.Where(r => !string.IsNullOrWhiteSpace(r.Function) || r.Fte is not null || r.YearlyCost is not null || !string.IsNullOrWhiteSpace(r.JobTitle))
                .Select(r => new RecruitInput(r.Function, FormInput.Text(r.JobTitle), r.Fte, r.YearlyCost)).ToList();
            return await procedures.UpdatePlatformProjectAsync(caller, id, new PlatformProjectInput(current.Project.PlatformName, null,
                current.Project.Establishments.Select(e => e.Finess).ToList(), current.Project.Centres.Select(c => c.CentreId).ToList(), rows), ct);
        }, "Budget enregistré.", ct);

    public Task<IActionResult> OnPostCreditsAsync(string id, CancellationToken ct) =>
        ActAsync(id, caller => procedures.RecordCreditDelegationAsync(caller, id, DelegationLe, FormInput.Text(DelegationReference), ct), "Délégation des crédits enregistrée.", ct);

    public Task<IActionResult> OnPostPointEtapeAsync(string id, IFormFile? fichier, CancellationToken ct) =>
        ActAsync(id, async caller =>
        {
            if (fichier is not null && fichier.Length > ProcedureService.MaxDocumentBytes)
                return ProcedureResult.Invalid(new FieldError("file", $"{fichier.FileName} : au-delà de la taille maximale de {ProcedureService.MaxDocumentBytes / 1024 / 1024} Mo."));
            byte[]? content = null;
            if (fichier is { Length: > 0 })
            {
                using var ms = new MemoryStream();
                await fichier.CopyToAsync(ms, ct);
                content = ms.ToArray();
            }
            return await procedures.RecordCheckpointAsync(caller, id, PointEtape, fichier?.FileName, content, ct);
        }, "Point d'étape transmis.", ct);

    public Task<IActionResult> OnPostIndicateursAsync(string id, CancellationToken ct) =>
        ActAsync(id, caller => procedures.FileIndicatorsAsync(caller, id, Annee,
            Indicateurs.Select(i => new IndicatorValue(i.Key ?? "", i.Label, i.Count, i.Text)).ToList(), ct), "Rapport d'activité transmis.", ct);

    public Task<IActionResult> OnPostReconductionAsync(string id, CancellationToken ct) =>
        ActAsync(id, caller => procedures.DecideRenewalAsync(caller, id, Reconduction switch { "oui" => true, "non" => false, _ => null }, Motifs, ct),
            "Décision de reconduction enregistrée.", ct);

    private async Task<PlatformProjectView?> CurrentAsync(string id, CancellationToken ct) =>
        await procedures.LoadAsync(id, ct) is { } d ? await procedures.PlatformAsync(d, ct) : null;

    /// <summary>Anonymous callers go to sign-in; the service decides the rest (403 out of scope).</summary>
    private async Task<IActionResult> ActAsync(string id, Func<Caller, Task<ProcedureResult>> action, string success, CancellationToken ct)
    {
        Caller = Caller.From(User);
        if (!Caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        var r = await action(Caller);
        switch (r.Status)
        {
            case ProcedureStatus.Ok:
                TempData["Success"] = success;
                return Redirect($"/procedures/{Uri.EscapeDataString(id)}/plateforme");
            case ProcedureStatus.NotFound:
                return NotFound();
            case ProcedureStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            default:
                foreach (var e in r.Errors) ModelState.AddModelError("", e.Message);
                return await ShowAsync(id, fill: false, ct) ?? Page();
        }
    }
}
