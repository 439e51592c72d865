using System.Globalization;
using System.Text.Json;
using Maillage.Core.Features.Territory;
using Maillage.Core.Infrastructure.Security;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Territoire;

/// <summary>
/// Attraction (signed-in users): where the active patients of a centre, a network or a filière live relative to each
/// centre — regional, national, international — as a chart, a map of the centres' regions and a table.
/// </summary>
public sealed class AttractiviteModel(TerritoryQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "centre")] public string? Centre { get; set; }
    [BindProperty(SupportsGet = true, Name = "reseau")] public string? Reseau { get; set; }
    [BindProperty(SupportsGet = true, Name = "filiere")] public string? Filiere { get; set; }
    [BindProperty(SupportsGet = true, Name = "annee")] public int? Annee { get; set; }

    public AttractionReport? Report { get; private set; }
    public List<SelectListItem> Filieres { get; private set; } = [];
    public List<SelectListItem> Networks { get; private set; } = [];
    public Dictionary<string, string> RegionNames { get; private set; } = [];
    public string? Unknown { get; private set; }
    /// <summary>Why Core refused the attraction to this caller (associations, experts: no centre's residence breakdown).</summary>
    public string? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!caller.IsAuthenticated) return Challenge();
        Filieres = [new SelectListItem("—", ""), .. (await queries.FilieresAsync(ct))
            .Select(f => new SelectListItem($"{f.Key} – {f.Value}", f.Key))];
        Networks = [new SelectListItem("—", ""), .. (await queries.NetworksAsync(ct))
            .Select(n => new SelectListItem($"{n.Name} ({n.Filiere})", n.Id))];
        RegionNames = await queries.RegionNamesAsync(ct);
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        var (scope, id) = Clean(Centre) is { } c ? ("centre", c) : Clean(Reseau) is { } n ? ("network", n) : Clean(Filiere) is { } f ? ("filiere", f) : ("all", (string?)null);
        try { Report = await queries.AttractionAsync(caller, scope, id, Annee, ct); }
        catch (AccessRefusedException e)
        {
            Refused = e.Message;
            return Page();
        }
        if (Report is null) Unknown = $"« {id} » est inconnu.";
        return Page();
    }

    public static string Percent(double? share) => share is null ? "–" : Fr.Number(share.Value * 100, 1) + " %";

    public string ChartX => JsonSerializer.Serialize(new[] { new[] { "Même département", "Reste de la région", "Autre région", "Étranger", "Inconnue" } });

    public string ChartY
    {
        get
        {
            var t = Report!.Total;
            return JsonSerializer.Serialize(new[] { new[] { t.SameDepartement, t.SameRegion, t.OtherRegion, t.Abroad, t.Unknown } });
        }
    }

    /// <summary>Per region of the centres: share of their known-residence patients coming from outside the region (%).</summary>
    public string MapData => JsonSerializer.Serialize(Report!.Centres.GroupBy(c => c.RegionCode)
        .Select(g => (Key: RegionMap.KeyOf(g.Key), Counts: g.Aggregate(Domain.Territory.AttractionCounts.Zero, (a, r) => a + r.Residence)))
        .Where(x => x.Key is not null && x.Counts.Known > 0)
        .ToDictionary(x => x.Key!, x => Math.Round((x.Counts.National + x.Counts.International) * 100.0 / x.Counts.Known, 1), StringComparer.Ordinal));

    public string NationalOutside => Report!.Total.Known == 0 ? "0"
        : Math.Round((Report.Total.National + Report.Total.International) * 100.0 / Report.Total.Known, 1).ToString(CultureInfo.InvariantCulture);

    public string ApiQuery(string format)
    {
        var q = $"{Routes.Api.Territory}/attraction?format={format}";
        if (Report?.Scope is "centre" or "network" or "filiere") q += $"&{Report.Scope}={Uri.EscapeDataString(Report.Id!)}";
        if (Report?.Year is { } y) q += "&year=" + y.ToString(CultureInfo.InvariantCulture);
        return q;
    }
}
