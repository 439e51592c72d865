using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Registre;

/// <summary>
/// The heads who reach the age limit (68) before their mandate's end, with the date: the ministry sees every centre, a
/// filière coordinator the centres of the filière (Core decides, <see cref="HeadAgeAlerts"/>).
/// </summary>
public sealed class LimiteAgeModel(HeadAgeAlerts alerts) : PageModel
{
    public IReadOnlyList<HeadAgeAlert> Heads { get; private set; } = [];

    public HeadAgeAlertOptions Options => alerts.Options;

    public Caller Caller { get; private set; } = Caller.Anonymous;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Caller = Caller.From(User);
        if (!Caller.IsAuthenticated) return Challenge();
        try
        {
            Heads = await alerts.ListAsync(Caller, ct);
        }
        catch (AccessRefusedException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        return Page();
    }
}
