using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Procedures;

/// <summary>Open a dossier: a centre head's or a filière coordinator's succession, or a change of seat establishment.</summary>
public sealed class NouveauModel(ProcedureService procedures) : PageModel
{
    public sealed class InputModel
    {
        public string Kind { get; set; } = "centre_head_succession";
        public string? CentreId { get; set; }
        public string? Filiere { get; set; }
        public string? ReceivingFiness { get; set; }
        public string? SuccessorPersonId { get; set; }
        public string? Title { get; set; }
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? Rpps { get; set; }
        public string? Email { get; set; }
        public string? Status { get; set; }
        public DateOnly? BirthDate { get; set; }
        public bool ClinicalActivity { get; set; } = true;
        public string? SuccessorFiness { get; set; }
        public DateOnly? EffectiveDate { get; set; }
        public DateOnly? Deadline { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public Caller Caller { get; private set; } = Caller.Anonymous;

    private static readonly Dictionary<string, string> FieldMap = new(StringComparer.Ordinal)
    {
        ["centre_id"] = "Input.CentreId", ["filiere"] = "Input.Filiere", ["receiving_finess"] = "Input.ReceivingFiness",
        ["successor.person_id"] = "Input.SuccessorPersonId", ["successor.first_name"] = "Input.FirstName", ["successor.last_name"] = "Input.LastName",
        ["successor.status"] = "Input.Status", ["successor.rpps"] = "Input.Rpps", ["successor.birth_date"] = "Input.BirthDate",
        ["successor.finess"] = "Input.SuccessorFiness", ["effective_date"] = "Input.EffectiveDate",
    };

    public IActionResult OnGet(string? centre, string? filiere, string? kind)
    {
        Caller = Caller.From(User);
        if (!Caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        Input.CentreId = centre ?? (Caller.Role == UserRole.CentreHead ? Caller.ScopeId : null);
        Input.Filiere = filiere ?? (Caller.Role == UserRole.FiliereCoordinator ? Caller.ScopeId : null);
        if (kind is not null) Input.Kind = kind;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Caller = Caller.From(User);
        if (!Caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        if (!ProcedureCodes.TryParse<ProcedureKind>(Input.Kind, out var kind))
        {
            ModelState.AddModelError("Input.Kind", "Choisissez une procédure.");
            return Page();
        }
        Api.ApiResults.TryEnum<HeadStatus>(Input.Status, "status", out var status, out _);
        var successor = new SuccessorInput(FormInput.Text(Input.SuccessorPersonId), FormInput.Text(Input.Title), FormInput.Text(Input.FirstName),
            FormInput.Text(Input.LastName), FormInput.Text(Input.Rpps), FormInput.Text(Input.Email), status, Input.BirthDate, Input.ClinicalActivity,
            FormInput.Text(Input.SuccessorFiness));
        var deadline = Caller.Role == UserRole.NationalAdmin ? Input.Deadline : null;
        var r = kind switch
        {
            ProcedureKind.CentreHeadSuccession => await procedures.OpenCentreHeadSuccessionAsync(Caller, FormInput.Text(Input.CentreId) ?? "", successor, Input.EffectiveDate, deadline, ct),
            ProcedureKind.FiliereCoordinatorSuccession => await procedures.OpenFiliereCoordinatorSuccessionAsync(Caller, FormInput.Text(Input.Filiere) ?? "", successor, Input.EffectiveDate, deadline, ct),
            ProcedureKind.FiliereSeatChange => await procedures.OpenFiliereSeatChangeAsync(Caller, FormInput.Text(Input.Filiere) ?? "", FormInput.Text(Input.ReceivingFiness) ?? "", Input.EffectiveDate, ct),
            _ => await procedures.OpenSeatChangeAsync(Caller, FormInput.Text(Input.CentreId) ?? "", FormInput.Text(Input.ReceivingFiness) ?? "", Input.EffectiveDate, ct),
        };
        switch (r.Status)
        {
            case ProcedureStatus.Ok:
                TempData["Success"] = $"Le dossier {r.DossierId} est ouvert : déposez les pièces et recueillez les avis.";
                return Redirect("/procedures/" + Uri.EscapeDataString(r.DossierId!));
            case ProcedureStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            default:
                foreach (var e in r.Errors) ModelState.AddModelError(FieldMap.TryGetValue(e.Field, out var k) ? k : "", e.Message);
                return Page();
        }
    }
}
