using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Referential;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Conformite;

/// <summary>A campaign referential as tables: every rule with its id and source quote (same data as <c>GET /api/v1/referentials/{campaign}</c>).</summary>
public sealed class ReferentielModel : PageModel
{
    public Referential Referential { get; private set; } = null!;

    public IReadOnlyList<string> Campaigns { get; } = CampaignCatalogue.Shipped.Ids;

    public IActionResult OnGet(string campaign)
    {
        try
        {
            Referential = CampaignCatalogue.Shipped.Get(campaign);
            return Page();
        }
        catch (ReferentialException)
        {
            return NotFound();
        }
    }
}
