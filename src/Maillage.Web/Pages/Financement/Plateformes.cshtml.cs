using Maillage.Domain.Funding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Financement;

/// <summary>The PEMR calculator: a GET form (nothing to write), same computation as <c>maillage funding pemr</c>.</summary>
public sealed class PlateformesModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "crmr_count")] public string? CrmrCount { get; set; }

    public PemrFunding? Result { get; private set; }

    public void OnGet()
    {
        if (string.IsNullOrWhiteSpace(CrmrCount)) return;
        if (!int.TryParse(CrmrCount.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            ModelState.AddModelError(nameof(CrmrCount), "Saisissez un nombre entier de CRMR/CRC, positif ou nul (par exemple 15).");
            return;
        }
        Result = PemrCalculator.Compute(n);
    }
}
