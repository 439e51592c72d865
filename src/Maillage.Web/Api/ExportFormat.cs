using Maillage.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api;

/// <summary>What a client asks for with <c>format=</c>: a JSON answer, or a file (CSV, XLSX, a zip of CSV files).</summary>
public enum ExportFormat
{
    Json,
    Csv,
    Xlsx,
    Zip,
    Pdf,

    /// <summary>The changes of a list since the previous one, as CSV.</summary>
    ChangesCsv,
}

/// <summary>
/// The one parser of the <c>format</c> query parameter, shared by every API handler and page that exports: trimmed,
/// case-insensitive; absent or blank gives the route's default; a value the route does not offer is a 400 naming the
/// parameter, the value and the accepted ones (in French). Each route says which formats it offers (<see cref="Table"/>,
/// <see cref="Sheet"/>, <see cref="Registry"/>, <see cref="OpenData"/>, <see cref="YearlyList"/>).
/// </summary>
public static class ExportFormats
{
    public static readonly EnumTable<ExportFormat> Codes = new(f => f switch
    {
        ExportFormat.Json => ("json", "JSON"),
        ExportFormat.Csv => ("csv", "CSV"),
        ExportFormat.Xlsx => ("xlsx", "XLSX"),
        ExportFormat.Zip => ("zip", "ZIP de fichiers CSV"),
        ExportFormat.Pdf => ("pdf", "PDF"),
        ExportFormat.ChangesCsv => ("changes.csv", "CSV des modifications"),
    });

    /// <summary>A table answered as JSON (default), or the same table as CSV or XLSX (territory, etc.).</summary>
    public static readonly ExportOffer Table = new(ExportFormat.Json, [ExportFormat.Json, ExportFormat.Csv, ExportFormat.Xlsx]);

    /// <summary>A spreadsheet export: CSV (default) or XLSX (reports, compliance dashboard, scenarios).</summary>
    public static readonly ExportOffer Sheet = new(ExportFormat.Csv, [ExportFormat.Csv, ExportFormat.Xlsx]);

    /// <summary>The whole registry: a zip of CSV files (default) or one XLSX workbook.</summary>
    public static readonly ExportOffer Registry = new(ExportFormat.Zip, [ExportFormat.Zip, ExportFormat.Xlsx]);

    /// <summary>The directory's open data: JSON (default) or CSV.</summary>
    public static readonly ExportOffer OpenData = new(ExportFormat.Json, [ExportFormat.Json, ExportFormat.Csv]);

    /// <summary>The yearly list of labelled centres: JSON (default), CSV, the changes since the previous year as CSV, or the PDF annex.</summary>
    public static readonly ExportOffer YearlyList = new(ExportFormat.Json, [ExportFormat.Json, ExportFormat.Csv, ExportFormat.ChangesCsv, ExportFormat.Pdf]);

    public static string Code(this ExportFormat format) => Codes.Code(format);
}

/// <summary>The formats a route offers and the one it answers when none is asked for (see <see cref="ExportFormats"/>).</summary>
public sealed record ExportOffer(ExportFormat Default, IReadOnlyList<ExportFormat> Accepted)
{
    /// <summary>The format asked for: true with it (or the default when <paramref name="text"/> is blank); false for a format not offered.</summary>
    public bool TryParse(string? text, out ExportFormat format)
    {
        format = Default;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var code = text.Trim().ToLowerInvariant();
        foreach (var f in Accepted)
            if (string.Equals(f.Code(), code, StringComparison.Ordinal)) { format = f; return true; }
        return false;
    }

    /// <summary>As <see cref="TryParse"/> for an API handler: null when valid, else the 400 to answer.</summary>
    public ProblemHttpResult? Parse(string? text, out ExportFormat format) =>
        TryParse(text, out format) ? null
            : ApiResults.Invalid($"Paramètre « format » : valeur « {text} » inconnue. Valeurs admises : {string.Join(", ", Accepted.Select(f => f.Code()))}.");

    /// <summary>For a page's download link: the format asked for, or the default for anything not offered (a page never answers 400 for a link).</summary>
    public ExportFormat OrDefault(string? text) => TryParse(text, out var format) ? format : Default;
}
