using Maillage.Core.Infrastructure.Security;
using System.Globalization;
using Maillage.Core.Features.Registry;
using Maillage.Domain.Registry;
using Maillage.Web.Exports;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Structures;

/// <summary>The list of centres with filters, paging and CSV/XLSX export of the filtered list.</summary>
public sealed class IndexModel(RegistryPages pages) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "type")] public string? Type { get; set; }
    [BindProperty(SupportsGet = true, Name = "role")] public string? Role { get; set; }
    [BindProperty(SupportsGet = true, Name = "filiere")] public string? Filiere { get; set; }
    [BindProperty(SupportsGet = true, Name = "region")] public string? Region { get; set; }
    [BindProperty(SupportsGet = true, Name = "departement")] public string? Departement { get; set; }
    [BindProperty(SupportsGet = true, Name = "finess")] public string? Finess { get; set; }
    [BindProperty(SupportsGet = true, Name = "periode")] public string? Periode { get; set; }
    [BindProperty(SupportsGet = true, Name = "orpha")] public string? Orpha { get; set; }
    [BindProperty(SupportsGet = true, Name = "date")] public string? Date { get; set; }
    /// <summary>Read from the query string by hand: "page" is also Razor Pages' own route value.</summary>
    public int PageNumber { get; set; } = 1;

    public Page<CentreRow> Result { get; private set; } = new([], 0, 1, PageSize);
    public List<SelectListItem> Filieres { get; private set; } = [];
    public List<SelectListItem> Regions { get; private set; } = [];
    public List<SelectListItem> Departements { get; private set; } = [];
    public List<SelectListItem> Periods { get; private set; } = [];
    public bool HasFilters { get; private set; }

    public static readonly SelectListItem[] Types =
    [
        new("Tous", ""), new("Sites de centres de référence (CRMR)", "site"),
        new("Centres de compétence (CCMR)", "ccmr"), new("Centres de ressources et de compétences (CRC)", "crc"),
    ];

    public static readonly SelectListItem[] Roles = [new("Tous", ""), new("Coordonnateur", "coordonnateur"), new("Constitutif", "constitutif")];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var filter = BuildFilter();
        await LoadOptionsAsync(ct);
        if (!ModelState.IsValid) return Page();
        Result = await pages.CentresAsync(Caller.From(User), filter, PageNumber, PageSize, ct);
        return Page();
    }

    /// <summary>GET /structures/export?format=csv|xlsx&amp;...: the whole filtered list.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        var filter = BuildFilter();
        if (!ModelState.IsValid) return BadRequest();
        var all = await pages.CentresAsync(Caller.From(User), filter, 1, 10_000, ct);
        var table = new ExportTable("Structures",
            ["Identifiant", "Nom", "Type", "Rôle", "Type de CRC", "Réseau CRMR (identifiant)", "Réseau CRMR", "Filières",
             "FINESS établissement", "Établissement", "Commune", "Département", "Région", "Responsable", "Fermé"],
            all.Items.Select(c => (IReadOnlyList<string?>)
            [
                c.Id, c.Name, Labels.Kind(c.Kind), c.Role is null ? "" : Labels.Role(c.Role.Value),
                c.ResourceKind is null ? "" : Labels.ResourceKind(c.ResourceKind.Value),
                c.NetworkId, c.NetworkName, string.Join(" ", c.Filieres),
                c.EstablishmentFiness, c.EstablishmentName, c.Commune, c.DepartementCode, c.RegionCode, c.HeadName,
                c.Closed ? "oui" : "non",
            ]).ToList());
        var name = "structures-" + Fr.Iso(filter.AsOf ?? pages.Today) + (await pages.IsDemoAsync(ct) ? "-donnees-fictives" : "");
        return string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)
            ? File(TableExport.Xlsx(table), TableExport.XlsxContentType, name + ".xlsx")
            : File(TableExport.Csv(table), TableExport.CsvContentType, name + ".csv");
    }

    private CentreFilter BuildFilter()
    {
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        CentreKind? kind = Clean(Type) switch
        {
            "site" => CentreKind.ReferenceSite,
            "ccmr" => CentreKind.CompetenceCentre,
            "crc" => CentreKind.ResourceCentre,
            _ => null,
        };
        SiteRole? role = Clean(Role) switch
        {
            "coordonnateur" => SiteRole.Coordinating,
            "constitutif" => SiteRole.Constitutive,
            _ => null,
        };
        int? orpha = null;
        var orphaText = Clean(Orpha);
        if (orphaText is not null)
        {
            if (orphaText.StartsWith("ORPHA:", StringComparison.OrdinalIgnoreCase)) orphaText = orphaText[6..];
            if (int.TryParse(orphaText, NumberStyles.None, CultureInfo.InvariantCulture, out var code)) orpha = code;
            else ModelState.AddModelError("orpha", "Le code ORPHA est un nombre, par exemple 558 ou ORPHA:558.");
        }
        DateOnly? asOf = null;
        if (Clean(Date) is { } dateText)
        {
            if (Fr.TryParseIsoDate(dateText, out var d)) asOf = d;
            else ModelState.AddModelError("date", "La date doit être au format AAAA-MM-JJ.");
        }
        PageNumber = int.TryParse(Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var pageNumber) ? Math.Max(1, pageNumber) : 1;
        var f = new CentreFilter
        {
            Q = Clean(Q), Kind = kind, Role = role, Filiere = Clean(Filiere), Region = Clean(Region),
            Departement = Clean(Departement), Establishment = Clean(Finess)?.ToUpperInvariant(), Period = Clean(Periode),
            Orpha = orpha, AsOf = asOf,
        };
        HasFilters = f != new CentreFilter();
        return f;
    }

    private async Task LoadOptionsAsync(CancellationToken ct)
    {
        var all = new SelectListItem("Toutes", "");
        var options = await pages.CentreFilterOptionsAsync(Caller.From(User), ct);
        Filieres = [all, .. options.Filieres.Select(f => new SelectListItem($"{f.Acronym} – {f.Name}", f.Acronym))];
        Regions = [all, .. options.Regions.OrderBy(r => r.Name, StringComparer.Create(Fr.Culture, false)).Select(r => new SelectListItem(r.Name, r.Code))];
        Departements = [new SelectListItem("Tous", ""), .. options.Departements.Select(d => new SelectListItem($"{d.Code} – {d.Name}", d.Code))];
        Periods = [all, .. options.Periods
            .Select(p => new SelectListItem($"{p.Start.Year.ToString(CultureInfo.InvariantCulture)}–{p.End.Year.ToString(CultureInfo.InvariantCulture)}", p.Id))];
    }

    /// <summary>The current filters as a query string (without the page), for paging and export links.</summary>
    public string Query(int? page = null, string? format = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value) { if (!string.IsNullOrWhiteSpace(value)) pairs.Add(new(key, value.Trim())); }
        Add("q", Q); Add("type", Type); Add("role", Role); Add("filiere", Filiere); Add("region", Region);
        Add("departement", Departement); Add("finess", Finess); Add("periode", Periode); Add("orpha", Orpha); Add("date", Date);
        if (format is not null) Add("format", format);
        if (page is > 1) Add("page", page.Value.ToString(CultureInfo.InvariantCulture));
        return Microsoft.AspNetCore.Http.QueryString.Create(pairs).ToUriComponent();
    }
}
