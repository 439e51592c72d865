using System.Globalization;
using System.Text.Json;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Web.Api;
using Maillage.Web.Exports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Conformite;

/// <summary>
/// The compliance dashboard over the stored reports the caller may read (validated or transmitted only): verdicts per
/// year (chart), non-compliant sites by filière and region, the "insufficient activity" list, CSV/XLSX export.
/// </summary>
public sealed class TableauModel(ReportQueries queries, Maillage.Core.Features.Territory.TerritoryQueries territory) : PageModel
{
    /// <summary>Rows per page of the detail lists (insufficient activity, non-compliant sites).</summary>
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Filiere { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Reseau { get; set; }
    /// <summary>Page of the "insufficient activity" list (details on demand; the summary comes first).</summary>
    [BindProperty(SupportsGet = true, Name = "page-insuffisance")] public int? PageInsufficient { get; set; }
    /// <summary>Page of the non-compliant sites' list.</summary>
    [BindProperty(SupportsGet = true, Name = "page-non-conformes")] public int? PageNonCompliant { get; set; }

    public ComplianceDashboard Dashboard { get; private set; } = default!;
    /// <summary>Region code → name: regions are shown by name, chosen by name.</summary>
    public Dictionary<string, string> RegionNames { get; private set; } = [];
    /// <summary>Filière acronym → name, for the filter.</summary>
    public Dictionary<string, string> FiliereNames { get; private set; } = [];

    public string RegionName(string? code) => code is null || code == "?" ? "Région inconnue" : RegionNames.GetValueOrDefault(code, code);

    /// <summary>A bar segment's CSS width (invariant culture): n out of total, in percent.</summary>
    public static string Width(int n, int total) => total <= 0 ? "0%" : (n * 100.0 / total).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>A share in French ("12,5 %"), for the text next to a bar.</summary>
    public static string Percent(int n, int total) => total <= 0 ? "–" : Pages.Shared.Fr.Number(n * 100.0 / total, 1) + " %";

    /// <summary>One page of a detail list, clamped to its pages.</summary>
    public static (IReadOnlyList<ReportRow> Rows, int Page, int PageCount) PageOf(IReadOnlyList<ReportRow> rows, int? page)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var count = Math.Max(1, (rows.Count + PageSize - 1) / PageSize);
        var p = Math.Clamp(page ?? 1, 1, count);
        return (rows.Skip((p - 1) * PageSize).Take(PageSize).ToList(), p, count);
    }

    /// <summary>The dashboard's address with its filters and the detail pages (one of them changed).</summary>
    public string Href(int? insufficient = null, int? nonCompliant = null, string? anchor = null) =>
        "/conformite/tableau-de-bord?" + string.Join("&", new[]
        {
            Year is { } y ? "Year=" + y.ToString(CultureInfo.InvariantCulture) : null,
            string.IsNullOrWhiteSpace(Filiere) ? null : "Filiere=" + Uri.EscapeDataString(Filiere),
            string.IsNullOrWhiteSpace(Region) ? null : "Region=" + Uri.EscapeDataString(Region),
            string.IsNullOrWhiteSpace(Reseau) ? null : "Reseau=" + Uri.EscapeDataString(Reseau),
            (insufficient ?? PageInsufficient) is { } a ? "page-insuffisance=" + a.ToString(CultureInfo.InvariantCulture) : null,
            (nonCompliant ?? PageNonCompliant) is { } b ? "page-non-conformes=" + b.ToString(CultureInfo.InvariantCulture) : null,
        }.OfType<string>()) + (anchor is null ? "" : "#" + anchor);

    private ReportFilter Filter => new(Year, string.IsNullOrWhiteSpace(Filiere) ? null : Filiere.Trim(), string.IsNullOrWhiteSpace(Region) ? null : Region.Trim(),
        Network: string.IsNullOrWhiteSpace(Reseau) ? null : Reseau.Trim());

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        Dashboard = await queries.DashboardAsync(caller, Filter, ct);
        RegionNames = await territory.RegionNamesAsync(ct);
        FiliereNames = await territory.FilieresAsync(ct);
        return Page();
    }

    /// <summary>GET ?handler=export&amp;format=csv|xlsx: one line per finding of the official reports matching the filters.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!caller.IsAuthenticated) return Challenge();
        var table = Maillage.Web.Api.Reports.ReportHandlers.DashboardTable(await queries.ListAsync(caller, Filter, ct));
        var name = "conformite-" + (Year?.ToString(CultureInfo.InvariantCulture) ?? "toutes-annees");
        return ExportFormats.Sheet.OrDefault(format) == ExportFormat.Xlsx
            ? File(TableExport.Xlsx(table), TableExport.XlsxContentType, name + ".xlsx")
            : File(TableExport.Csv(table), TableExport.CsvContentType, name + ".csv");
    }

    public string ChartX => JsonSerializer.Serialize(new[] { Dashboard.Trend.Select(t => t.Year.ToString(CultureInfo.InvariantCulture)).ToArray() });

    public string ChartY => JsonSerializer.Serialize(new[]
    {
        Dashboard.Trend.Select(t => t.Compliant).ToArray(),
        Dashboard.Trend.Select(t => t.CompliantWithException).ToArray(),
        Dashboard.Trend.Select(t => t.NonCompliant).ToArray(),
        Dashboard.Trend.Select(t => t.Incomplete).ToArray(),
    });

    public static string ChartNames => JsonSerializer.Serialize(new[] { "Conformes", "Conformes avec exception", "Non conformes", "Incomplets" });

    public string Query(string format) => "?handler=export&format=" + format
        + (Year is { } y ? "&year=" + y.ToString(CultureInfo.InvariantCulture) : "")
        + (string.IsNullOrWhiteSpace(Filiere) ? "" : "&filiere=" + Uri.EscapeDataString(Filiere))
        + (string.IsNullOrWhiteSpace(Region) ? "" : "&region=" + Uri.EscapeDataString(Region))
        + (string.IsNullOrWhiteSpace(Reseau) ? "" : "&reseau=" + Uri.EscapeDataString(Reseau));
}
