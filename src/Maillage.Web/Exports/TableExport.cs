using Maillage.Core.Infrastructure.Tabular;

namespace Maillage.Web.Exports;

/// <summary>A table to export: one header row, then rows of text cells.</summary>
public sealed record ExportTable(string SheetName, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string?>> Rows);

/// <summary>
/// The list exports of the pages and the API, written by the one CSV writer and the one XLSX writer of Core
/// (<see cref="CsvTable"/>, <see cref="XlsxTable"/>) and so under their one formula policy (<see cref="FormulaGuard"/>).
/// </summary>
public static class TableExport
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Csv(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return CsvTable.ToBytes(table.Headers, table.Rows);
    }

    public static byte[] Xlsx(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var stream = new MemoryStream();
        XlsxTable.Write(stream, [TableSheet.FromRows(table.SheetName.Length == 0 ? "Feuille1" : table.SheetName, table.Headers, table.Rows)]);
        return stream.ToArray();
    }
}
