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
public sealed class TableauModel(ReportQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Filiere { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Reseau { get; set; }

    public ComplianceDashboard Dashboard { get; private set; } = default!;

    private ReportFilter Filter => new(Year, string.IsNullOrWhiteSpace(Filiere) ? null : Filiere.Trim(), string.IsNullOrWhiteSpace(Region) ? null : Region.Trim(),
        Network: string.IsNullOrWhiteSpace(Reseau) ? null : Reseau.Trim());

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        Dashboard = await queries.DashboardAsync(caller, Filter, ct);
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
