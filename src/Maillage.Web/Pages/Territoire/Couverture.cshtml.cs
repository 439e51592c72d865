using Maillage.Core.Features.Territory;
using Maillage.Domain.Territory;
using Maillage.Web.Exports;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Territoire;

/// <summary>
/// Coverage matrix filière × region (counts or per million) with the gaps flagged (public registry data). The whole
/// matrix shows one number per cell in its own scrolling region (sticky headers); choosing a region or a filière narrows
/// it to a list with one column per kind of structure, readable on a phone (issue 13, §3).
/// </summary>
public sealed class CouvertureModel(TerritoryQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "date")] public string? Date { get; set; }
    [BindProperty(SupportsGet = true, Name = "vue")] public string? Vue { get; set; }
    [BindProperty(SupportsGet = true, Name = "filiere")] public string? Filiere { get; set; }
    [BindProperty(SupportsGet = true, Name = "region")] public string? Region { get; set; }

    public CoverageReport Report { get; private set; } = default!;
    public bool PerMillion => Vue == "par-million";
    public ILookup<(string Filiere, string Region), CoverageGap> GapsByCell { get; private set; } = default!;

    /// <summary>The region chosen, when it exists.</summary>
    public CoverageRegion? ChosenRegion { get; private set; }

    /// <summary>The filière chosen, when it exists.</summary>
    public string? ChosenFiliere { get; private set; }

    /// <summary>Narrowed to a region or a filière: a list view instead of the whole matrix.</summary>
    public bool Narrowed => ChosenRegion is not null || ChosenFiliere is not null;

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
        ChosenRegion = Report.Matrix.Regions.FirstOrDefault(r => r.Code == Region?.Trim());
        ChosenFiliere = Report.Matrix.Filieres.FirstOrDefault(f => f == Filiere?.Trim());
        if (!string.IsNullOrWhiteSpace(Region) && ChosenRegion is null) ModelState.AddModelError("region", "Cette région n’existe pas : choisissez-la dans la liste.");
        if (!string.IsNullOrWhiteSpace(Filiere) && ChosenFiliere is null) ModelState.AddModelError("filiere", "Cette filière n’existe pas : choisissez-la dans la liste.");
    }

    public string RegionName(string code) => Report.Matrix.Regions.First(r => r.Code == code).Name;

    /// <summary>The mark of a gap in a cell and the words it stands for (the legend repeats them).</summary>
    public static (string Mark, string Words) Mark(GapKind kind) => kind switch
    {
        GapKind.NoReferenceNorCompetence => ("∅", TerritoryTables.GapLabel(kind)),
        GapKind.OverseasCoveredFromMainland => ("OM", TerritoryTables.GapLabel(kind)),
        GapKind.Concentrated => ("C", TerritoryTables.GapLabel(kind)),
    };

    /// <summary>The CSS class of a cell with this gap (the colour repeats the mark; the mark and its words are the text).</summary>
    public static string CellClass(IEnumerable<CoverageGap> gaps)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        var kinds = gaps.Select(g => g.Kind).ToList();
        return kinds.Contains(GapKind.NoReferenceNorCompetence) ? "maillage-gap-none"
            : kinds.Contains(GapKind.OverseasCoveredFromMainland) ? "maillage-gap-overseas" : "";
    }

    /// <summary>This page's address with the current filters, one of them changed ("" clears it).</summary>
    public string Href(string? filiere = null, string? region = null)
    {
        var f = filiere ?? ChosenFiliere;
        var r = region ?? ChosenRegion?.Code;
        var parts = new[]
        {
            string.IsNullOrEmpty(f) ? null : "filiere=" + Uri.EscapeDataString(f),
            string.IsNullOrEmpty(r) ? null : "region=" + Uri.EscapeDataString(r),
            PerMillion ? "vue=par-million" : null,
            string.IsNullOrWhiteSpace(Date) ? null : "date=" + Uri.EscapeDataString(Date.Trim()),
        }.OfType<string>().ToList();
        return "/territoire/couverture" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }

    public string ApiQuery(string format, bool gaps = false) =>
        $"{Routes.Api.Territory}/coverage?format={format}{(gaps ? "&table=gaps" : "")}{(string.IsNullOrWhiteSpace(Date) ? "" : "&as_of=" + Uri.EscapeDataString(Date.Trim()))}";
}
