using Maillage.Core.Features.Territory;
using Maillage.Domain.Territory;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Territoire;

/// <summary>Coverage matrix filière × region (counts or per million) with the gaps flagged (public registry data).</summary>
public sealed class CouvertureModel(TerritoryQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "date")] public string? Date { get; set; }
    [BindProperty(SupportsGet = true, Name = "vue")] public string? Vue { get; set; }

    public CoverageReport Report { get; private set; } = default!;
    public bool PerMillion => Vue == "par-million";
    public ILookup<(string Filiere, string Region), CoverageGap> GapsByCell { get; private set; } = default!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        DateOnly? asOf = null;
        if (!string.IsNullOrWhiteSpace(Date))
        {
            if (Fr.TryParseIsoDate(Date.Trim(), out var d)) asOf = d;
            else ModelState.AddModelError("date", "La date doit être au format AAAA-MM-JJ.");
        }
        Report = await queries.CoverageAsync(asOf, ct);
        GapsByCell = Report.Matrix.Gaps.ToLookup(g => (g.Filiere, g.RegionCode));
    }

    public string RegionName(string code) => Report.Matrix.Regions.First(r => r.Code == code).Name;

    public string ApiQuery(string format, bool gaps = false) =>
        $"{Routes.Api.Territory}/coverage?format={format}{(gaps ? "&table=gaps" : "")}{(string.IsNullOrWhiteSpace(Date) ? "" : "&as_of=" + Uri.EscapeDataString(Date.Trim()))}";
}
