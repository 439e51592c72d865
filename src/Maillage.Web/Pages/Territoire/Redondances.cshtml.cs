using Maillage.Core.Features.Territory;
using Maillage.Domain.Territory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Territoire;

/// <summary>Overlapping ORPHA perimeters between networks and redundant sites of one filière in one region (public).</summary>
public sealed class RedondancesModel(TerritoryQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "filiere")] public string? Filiere { get; set; }

    /// <summary>
    /// The page of the overlapping networks (from 1; out of range, the first or the last; not a number, the first). Read
    /// from the query string by hand: "page" is also Razor Pages' own route value.
    /// </summary>
    public int PageNumber { get; private set; } = 1;

    public RedundancyReport Report { get; private set; } = default!;
    public List<SelectListItem> Filieres { get; private set; } = [];
    public Dictionary<string, string> RegionNames { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Filieres = [new SelectListItem("Toutes", ""), .. (await queries.FilieresAsync(ct))
            .Select(f => new SelectListItem($"{f.Key} – {f.Value}", f.Key))];
        RegionNames = await queries.RegionNamesAsync(ct);
        PageNumber = Shared.PageQuery.Number(Request);
        Report = await queries.RedundanciesAsync(null, string.IsNullOrWhiteSpace(Filiere) ? null : Filiere.Trim(), PageNumber, RedundancyReport.DefaultPageSize, ct);
    }

    /// <summary>This page's address for another page of the overlaps (the filière kept).</summary>
    public string Href(int page) =>
        $"/territoire/redondances?{(string.IsNullOrWhiteSpace(Filiere) ? "" : "filiere=" + Uri.EscapeDataString(Filiere.Trim()) + "&")}page={page.ToString(System.Globalization.CultureInfo.InvariantCulture)}#titre-reseaux";

    public string Orpha(int code) => Report.OrphaNames.TryGetValue(code, out var n) ? $"ORPHA:{code} – {n}" : $"ORPHA:{code}";

    public string How(SharedCode c) => (c.LabelledByA == c.Code, c.LabelledByB == c.Code) switch
    {
        (true, true) => "labellisé par les deux réseaux",
        (false, true) => $"par le groupe {Orpha(c.LabelledByA)} pour A",
        (true, false) => $"par le groupe {Orpha(c.LabelledByB)} pour B",
        _ => $"par les groupes {Orpha(c.LabelledByA)} (A) et {Orpha(c.LabelledByB)} (B)",
    };

    public string ApiQuery(string format) =>
        $"{Routes.Api.Territory}/redundancies?format={format}{(string.IsNullOrWhiteSpace(Filiere) ? "" : "&filiere=" + Uri.EscapeDataString(Filiere.Trim()))}";
}
