using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Procedures.Plateformes;

/// <summary>
/// Open an expertise-platform project in an open call for projects (note DGOS/MMR/2020/221 du 7 décembre 2020): the call, the host establishment (an ET of
/// the caller's legal entity), the other establishments, then the centres in scope chosen among those of their legal
/// entities. The service checks scope and the registry; the page only gathers the choices.
/// </summary>
public sealed class NouveauModel(ProcedureService procedures, CallService calls, ProcedureReads reads, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Appel { get; set; }
    [BindProperty(SupportsGet = true)] public string? Nom { get; set; }
    [BindProperty(SupportsGet = true)] public string? Porteur { get; set; }
    /// <summary>The other establishments' FINESS (ET), separated by commas, spaces or new lines.</summary>
    [BindProperty(SupportsGet = true)] public string? Autres { get; set; }
    [BindProperty] public List<string> Centres { get; set; } = [];

    public Caller Caller { get; private set; } = Caller.Anonymous;
    public IReadOnlyList<Call> OpenCalls { get; private set; } = [];
    public IReadOnlyList<(string Finess, string Name)> HostChoices { get; private set; } = [];
    public IReadOnlyList<PlatformCentreView> Candidates { get; private set; } = [];

    public static IReadOnlyList<string> SplitFiness(string? text) =>
        (text ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Refuse() is { } refused) return refused;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Refuse() is { } refused) return refused;
        var r = await procedures.OpenPlatformProjectAsync(Caller, FormInput.Text(Appel) ?? "",
            new PlatformProjectInput(FormInput.Text(Nom), FormInput.Text(Porteur), SplitFiness(Autres), Centres, null), ct);
        switch (r.Status)
        {
            case ProcedureStatus.Ok:
                TempData["Success"] = $"Le projet {r.DossierId} est ouvert : complétez le budget, déposez les pièces et recueillez les avis.";
                return Redirect("/procedures/" + Uri.EscapeDataString(r.DossierId!));
            case ProcedureStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            default:
                foreach (var e in r.Errors)
                    ModelState.AddModelError(e.Field switch { "call_id" => "Appel", "name" => "Nom", "host_finess" => "Porteur", "other_establishments" => "Autres", _ => "" }, e.Message);
                await LoadAsync(ct);
                return Page();
        }
    }

    private IActionResult? Refuse()
    {
        Caller = Caller.From(User);
        if (!Caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        return Caller.Role is UserRole.NationalAdmin or UserRole.Establishment ? null : StatusCode(StatusCodes.Status403Forbidden);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        OpenCalls = (await calls.ListAsync(ct)).Where(c => c.Kind == CallKind.PlatformCall && c.IsOpenOn(today)).ToList();
        if (OpenCalls.Count == 1 && string.IsNullOrEmpty(Appel)) Appel = OpenCalls[0].Id;
        HostChoices = await reads.HostChoicesAsync(Caller, ct);
        if (FormInput.Text(Porteur) is { } host && await reads.EstablishmentExistsAsync(host, ct))
            Candidates = await procedures.CandidateCentresAsync(host, SplitFiness(Autres), ct);
    }
}
