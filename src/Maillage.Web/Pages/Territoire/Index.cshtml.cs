using System.Globalization;
using System.Text.Json;
using Maillage.Core.Features.Territory;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Web.Exports;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Territoire;

/// <summary>
/// Map of France by region or département coloured by a measure (centres, per million inhabitants, active patients
/// for signed-in users), with filters, the table as the accessible alternative, and CSV/XLSX/SVG exports.
/// </summary>
public sealed class IndexModel(TerritoryQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "niveau")] public string? Niveau { get; set; }
    [BindProperty(SupportsGet = true, Name = "mesure")] public string? Mesure { get; set; }
    [BindProperty(SupportsGet = true, Name = "type")] public string? Type { get; set; }
    [BindProperty(SupportsGet = true, Name = "filiere")] public string? Filiere { get; set; }
    [BindProperty(SupportsGet = true, Name = "date")] public string? Date { get; set; }
    [BindProperty(SupportsGet = true, Name = "annee")] public int? Annee { get; set; }

    public TerritoryMap Map { get; private set; } = default!;
    public bool SignedIn { get; private set; }
    /// <summary>Set when an anonymous visitor asked for activity: the map falls back to the count.</summary>
    public bool ActivityRefused { get; private set; }
    public List<SelectListItem> Filieres { get; private set; } = [];

    public static readonly SelectListItem[] Levels = [new("Régions", "region"), new("Départements", "departement")];

    public static readonly SelectListItem[] Types =
    [
        new("Tous les centres", ""), new("Sites de centres de référence (CRMR)", "site"),
        new("Centres de compétence (CCMR)", "ccmr"), new("Centres de ressources et de compétences (CRC)", "crc"),
    ];

    public List<SelectListItem> Measures => SignedIn
        ? [new("Nombre de centres", "nombre"), new("Centres par million d'habitants", "par-million"), new("File active des centres (activité mesurée)", "file-active"),
            new("Patients actifs par département de résidence", "residence")]
        : [new("Nombre de centres", "nombre"), new("Centres par million d'habitants", "par-million")];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>GET /territoire/export?format=csv|xlsx&amp;…: the table of the map.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return BadRequest();
        var table = TerritoryTables.Map(Map);
        var name = $"carte-{(Map.Level == MapLevel.Region ? "regions" : "departements")}-{Map.AsOf}";
        return string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)
            ? File(TableExport.Xlsx(table), TableExport.XlsxContentType, name + ".xlsx")
            : File(TableExport.Csv(table), TableExport.CsvContentType, name + ".csv");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        SignedIn = Caller.From(User).IsAuthenticated;
        Filieres = [new SelectListItem("Toutes", ""), .. (await queries.FilieresAsync(ct))
            .Select(f => new SelectListItem($"{f.Key} – {f.Value}", f.Key))];
        var level = Niveau == "departement" ? MapLevel.Departement : MapLevel.Region;
        var measure = Mesure switch
        {
            "par-million" => MapMeasure.PerMillion,
            "file-active" => MapMeasure.ActivePatients,
            "residence" => MapMeasure.ActivePatientsByResidence,
            _ => MapMeasure.Count,
        };
        if (measure is MapMeasure.ActivePatients or MapMeasure.ActivePatientsByResidence && !SignedIn)
        {
            ActivityRefused = true;
            measure = MapMeasure.Count;
            Mesure = "nombre";
        }
        CentreKind? kind = Type switch
        {
            "site" => CentreKind.ReferenceSite,
            "ccmr" => CentreKind.CompetenceCentre,
            "crc" => CentreKind.ResourceCentre,
            _ => null,
        };
        DateOnly? asOf = null;
        if (!string.IsNullOrWhiteSpace(Date))
        {
            if (Fr.TryParseIsoDate(Date.Trim(), out var d)) asOf = d;
            else ModelState.AddModelError("date", "La date doit être au format AAAA-MM-JJ.");
        }
        var filiere = string.IsNullOrWhiteSpace(Filiere) ? null : Filiere.Trim();
        Map = await queries.MapAsync(Caller.From(User), level, measure, kind, filiere, asOf, Annee, ct);
        return ModelState.IsValid;
    }

    public string MeasureName => TerritoryTables.MeasureLabel(Map.Measure)
        + (Map.Kind is { } k ? " – " + Labels.Kind(k) : "") + (Map.Filiere is { } f ? " – " + f : "")
        + (Map.Measure is MapMeasure.ActivePatients or MapMeasure.ActivePatientsByResidence && Map.Year is { } y ? " – " + y.ToString(CultureInfo.InvariantCulture) : "");

    /// <summary>Values keyed as the dsfr-chart map expects (short region keys; INSEE codes for départements).</summary>
    public string MapData => JsonSerializer.Serialize(Map.Areas
        .Select(a => (Key: Map.Level == MapLevel.Region ? RegionMap.KeyOf(a.Code) : a.Code, Value: Math.Round(a.Value ?? 0, 2)))
        .Where(a => a.Key is not null)
        .ToDictionary(a => a.Key!, a => a.Value, StringComparer.Ordinal));

    public string NationalValue => Math.Round(Map.NationalValue ?? 0, 2).ToString(CultureInfo.InvariantCulture);

    public string Value(MapAreaValue a) => a.Value is null
        ? (Map.Year is not null && Map.Measure is MapMeasure.ActivePatients or MapMeasure.ActivePatientsByResidence ? "moins de 10" : "–")
        : Map.Measure == MapMeasure.PerMillion ? Fr.Number(a.Value.Value, 2) : Fr.Number((int)a.Value.Value);

    public string Query(string? format = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value) { if (!string.IsNullOrWhiteSpace(value)) pairs.Add(new(key, value.Trim())); }
        Add("niveau", Niveau); Add("mesure", Mesure); Add("type", Type); Add("filiere", Filiere); Add("date", Date);
        Add("annee", Annee?.ToString(CultureInfo.InvariantCulture));
        Add("format", format);
        return QueryString.Create(pairs).ToUriComponent();
    }
}
