using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Maillage.Web.Exports;

/// <summary>A table to export: one header row, then rows of text cells.</summary>
public sealed record ExportTable(string SheetName, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string?>> Rows);

/// <summary>
/// Writers of the list exports. CSV: UTF-8 with BOM (Excel opens it in French locales), ';' separator, CRLF,
/// RFC 4180 quoting. XLSX: one sheet, inline strings, no styles (kept small; a shared writer may replace it).
/// Cells that a spreadsheet would run as a formula (= + @ and a '-' not followed by a digit) get a leading
/// apostrophe (CSV/formula injection).
/// </summary>
public static class TableExport
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Csv(ExportTable table)
    {
        var sb = new StringBuilder();
        AppendCsvLine(sb, table.Headers);
        foreach (var row in table.Rows) AppendCsvLine(sb, row);
        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(sb.ToString());
        return [.. preamble, .. body];
    }

    private static void AppendCsvLine(StringBuilder sb, IReadOnlyList<string?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) sb.Append(';');
            var v = Defuse(cells[i] ?? "");
            if (v.AsSpan().IndexOfAny(";\"\r\n") >= 0) sb.Append('"').Append(v.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else sb.Append(v);
        }
        sb.Append("\r\n");
    }

    public static byte[] Xlsx(ExportTable table)
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = doc.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(1, table.Headers));
            uint index = 2;
            foreach (var row in table.Rows) data.Append(Row(index++, row));
            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = SheetName(table.SheetName) });
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Row Row(uint index, IReadOnlyList<string?> cells)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = new Cell { DataType = CellValues.InlineString, CellReference = ColumnName(i) + index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            cell.Append(new InlineString(new Text(Defuse(cells[i] ?? "")) { Space = SpaceProcessingModeValues.Preserve }));
            row.Append(cell);
        }
        return row;
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    /// <summary>Sheet names: 31 characters at most, none of : \ / ? * [ ].</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']')).ToArray());
        return clean.Length > 31 ? clean[..31] : clean.Length == 0 ? "Feuille1" : clean;
    }

    private static string Defuse(string v)
    {
        if (v.Length == 0) return v;
        var c = v[0];
        var risky = c is '=' or '+' or '@' or '\t' or '\r' || (c == '-' && (v.Length == 1 || !char.IsAsciiDigit(v[1])));
        return risky ? "'" + v : v;
    }
}
