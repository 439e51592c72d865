using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Procedures.Appels;

/// <summary>The calls: labelling campaigns and platform calls for projects; the ministry opens one here.</summary>
public sealed class IndexModel(CallService calls) : PageModel
{
    public sealed class InputModel
    {
        public string Kind { get; set; } = "labelling_campaign";
        public string? Title { get; set; }
        public string? Description { get; set; }
        public DateOnly? OpensOn { get; set; }
        public DateOnly? Deadline { get; set; }
        public DateOnly? JurySessionOn { get; set; }
        public string? ReferentialCampaign { get; set; }
        public string? PeriodId { get; set; }
        public DateOnly? PeriodStart { get; set; }
        public DateOnly? PeriodEnd { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public IReadOnlyList<Call> Calls { get; private set; } = [];
    public Caller Caller { get; private set; } = Caller.Anonymous;
    public IReadOnlyList<string> Referentials { get; } = CampaignCatalogue.Shipped.Ids;
    public string StatusOf(Call c) => calls.StatusOf(c);

    private static readonly Dictionary<string, string> FieldMap = new(StringComparer.Ordinal)
    {
        ["kind"] = "Input.Kind", ["title"] = "Input.Title", ["description"] = "Input.Description", ["opens_on"] = "Input.OpensOn", ["deadline"] = "Input.Deadline",
        ["jury_session_on"] = "Input.JurySessionOn", ["referential_campaign"] = "Input.ReferentialCampaign", ["period_id"] = "Input.PeriodId",
        ["period_start"] = "Input.PeriodStart", ["period_end"] = "Input.PeriodEnd",
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        Caller = Caller.From(User);
        Calls = await calls.ListAsync(ct);
        Input.ReferentialCampaign = Referentials.Count > 0 ? Referentials[^1] : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Caller = Caller.From(User);
        if (!Caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        CallKind? kind = ProcedureCodes.TryParse<CallKind>(Input.Kind, out var k) ? k : null;
        var r = await calls.CreateAsync(Caller, new CallInput(kind, Input.Title, Input.Description, Input.OpensOn, Input.Deadline, Input.JurySessionOn,
            Input.ReferentialCampaign, Input.PeriodId, Input.PeriodStart, Input.PeriodEnd), ct);
        switch (r.Status)
        {
            case ProcedureStatus.Ok:
                TempData["Success"] = $"Appel {r.DossierId} ouvert.";
                return Redirect("/procedures/appels/" + Uri.EscapeDataString(r.DossierId!));
            case ProcedureStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            default:
                foreach (var e in r.Errors) ModelState.AddModelError(FieldMap.GetValueOrDefault(e.Field, ""), e.Message);
                Calls = await calls.ListAsync(ct);
                return Page();
        }
    }
}
