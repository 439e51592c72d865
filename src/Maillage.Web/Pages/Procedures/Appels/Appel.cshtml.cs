using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Procedures.Appels;

/// <summary>
/// A call: its calendar; the jury (appointed by the ministry, each member filing a declaration of interests); the
/// applications (a labelling campaign takes one per CRMR network, opened here by its coordinator); the publication.
/// </summary>
public sealed class AppelModel(CallService calls, ProcedureService procedures, ProcedureReads reads, Maillage.Core.Features.Names.NameService names) : PageModel
{
    /// <summary>The names of the jury members' establishments and filières (names, not FINESS).</summary>
    public Maillage.Core.Features.Names.Names Names { get; private set; } = Maillage.Core.Features.Names.Names.Empty;

    public Call Call { get; private set; } = default!;
    public Caller Caller { get; private set; } = Caller.Anonymous;
    public string Status { get; private set; } = "";
    public IReadOnlyList<string> Readiness { get; private set; } = [];
    public IReadOnlyList<Dossier> Dossiers { get; private set; } = [];
    /// <summary>The networks the caller may apply for (labelling campaign, open): id and name.</summary>
    public IReadOnlyList<(string Id, string Name)> Networks { get; private set; } = [];
    public JuryMember? Me { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => await ShowAsync(id, ct) ?? Page();

    private async Task<IActionResult?> ShowAsync(string id, CancellationToken ct)
    {
        Caller = Caller.From(User);
        var call = await calls.GetAsync(id, ct);
        if (call is null) return NotFound();
        Call = call;
        Status = calls.StatusOf(call);
        Me = Caller.IsAuthenticated ? call.Jury.FirstOrDefault(m => m.UserName == Caller.UserName) : null;
        Names = await names.ResolveAsync(Caller, new Maillage.Core.Features.Names.NameRequest(Establishments: call.Jury.Select(m => m.Finess)), ct);
        if (Caller.Role == UserRole.NationalAdmin)
        {
            Readiness = await calls.ReadinessAsync(call, ct);
            Dossiers = await calls.DossiersAsync(id, ct);
        }
        if (call.Kind == CallKind.LabellingCampaign && Status == "open" && Caller.IsAuthenticated)
        {
            Networks = await reads.ApplicableNetworksAsync(Caller, ct);
        }
        return null;
    }

    public async Task<IActionResult> OnPostMemberAsync(string id, string? userName, string? seat, string? finess, string? filiere, bool isChair, CancellationToken ct)
    {
        if (Guard() is { } refused) return refused;
        JurySeat? s = ProcedureCodes.TryParse<JurySeat>(seat, out var v) ? v : null;
        var r = await calls.AddMemberAsync(Caller, id, new JuryMemberInput(userName?.Trim(), null, s, isChair, Blank(finess), Blank(filiere), null), ct);
        return await OutcomeAsync(id, r, "Membre du jury nommé.", ct);
    }

    public async Task<IActionResult> OnPostRemoveMemberAsync(string id, int memberId, CancellationToken ct)
    {
        if (Guard() is { } refused) return refused;
        return await OutcomeAsync(id, await calls.RemoveMemberAsync(Caller, id, memberId, ct), "Membre retiré du jury.", ct);
    }

    public async Task<IActionResult> OnPostDeclarationAsync(string id, string? declaration, bool charter, CancellationToken ct)
    {
        if (Guard() is { } refused) return refused;
        return await OutcomeAsync(id, await calls.DeclareAsync(Caller, id, declaration, charter, ct), "Déclaration d'intérêts enregistrée.", ct);
    }

    public async Task<IActionResult> OnPostApplyAsync(string id, string? networkId, CancellationToken ct)
    {
        if (Guard() is { } refused) return refused;
        var r = await procedures.OpenLabellingApplicationAsync(Caller, id, networkId ?? "", ct);
        if (r.Status == ProcedureStatus.Ok)
        {
            TempData["Success"] = $"Dossier {r.DossierId} ouvert.";
            return Redirect("/procedures/" + Uri.EscapeDataString(r.DossierId!));
        }
        return await OutcomeAsync(id, r, "", ct);
    }

    public async Task<IActionResult> OnPostPublishAsync(string id, CancellationToken ct)
    {
        if (Guard() is { } refused) return refused;
        var (r, publication) = await procedures.PublishLabellingAsync(Caller, id, ct);
        if (publication is not null)
            TempData["Success"] = $"Résultats publiés : période {publication.PeriodId}, {publication.Labels} labels écrits au registre, liste officielle {publication.ListYear}.";
        return await OutcomeAsync(id, r, TempData["Success"] as string ?? "", ct);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private IActionResult? Guard()
    {
        Caller = Caller.From(User);
        return !Caller.IsAuthenticated ? (User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge()) : null;
    }

    private async Task<IActionResult> OutcomeAsync(string id, ProcedureResult r, string success, CancellationToken ct)
    {
        switch (r.Status)
        {
            case ProcedureStatus.Ok:
                TempData["Success"] = success;
                return Redirect("/procedures/appels/" + Uri.EscapeDataString(id));
            case ProcedureStatus.NotFound:
                return NotFound();
            case ProcedureStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            default:
                foreach (var e in r.Errors) ModelState.AddModelError("", e.Message);
                return await ShowAsync(id, ct) ?? Page();
        }
    }
}
