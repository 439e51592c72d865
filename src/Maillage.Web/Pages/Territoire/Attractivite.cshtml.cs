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
        else Residence = await queries.AttractionResidenceAsync(caller, Report, ct);
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

    /// <summary>Where the patients of the chosen centres live, by region of residence (Core), and the import's date.</summary>
    public AttractionResidence? Residence { get; private set; }

    /// <summary>Patients living in France (a region known), the base of the map's shares.</summary>
    public int ResidentInFrance => Residence?.ByRegion.Values.Sum() ?? 0;

    /// <summary>Per region of residence: share (%) of the chosen centres' patients living in France who live there. Regions
    /// with no patient are left out (unpainted), so one centre's map shows where its own patients come from.</summary>
    public IReadOnlyList<(string Code, string Name, int Patients, double Share)> ResidenceRows =>
        ResidentInFrance == 0 ? [] : Residence!.ByRegion.Where(x => x.Value > 0)
            .Select(x => (x.Key, RegionNames.GetValueOrDefault(x.Key, x.Key), x.Value, Math.Round(x.Value * 100.0 / ResidentInFrance, 1)))
            .OrderByDescending(x => x.Item3).ThenBy(x => x.Item2, StringComparer.Create(Fr.Culture, false)).ToList();

    public string MapData => JsonSerializer.Serialize(ResidenceRows.Where(r => RegionMap.KeyOf(r.Code) is not null)
        .ToDictionary(r => RegionMap.KeyOf(r.Code)!, r => r.Share, StringComparer.Ordinal));

    /// <summary>The legend's classes over the regions painted (one class when they all carry one value).</summary>
    public IReadOnlyList<Domain.Territory.MapClass> MapClasses => Domain.Territory.MapClasses.Of(ResidenceRows.Select(r => r.Share));

    /// <summary>"Mise à jour :" of the map: the date the figures were imported, in French.</summary>
    public string MapDate => Residence?.ImportedAt is { } at ? Fr.Date(DateOnly.FromDateTime(at.UtcDateTime)) : "date d'import inconnue";

    public string ApiQuery(string format)
    {
        var q = $"{Routes.Api.Territory}/attraction?format={format}";
        if (Report?.Scope is "centre" or "network" or "filiere") q += $"&{Report.Scope}={Uri.EscapeDataString(Report.Id!)}";
        if (Report?.Year is { } y) q += "&year=" + y.ToString(CultureInfo.InvariantCulture);
        return q;
    }
}
