using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Maillage.Core.Infrastructure.Tabular;

/// <summary>
/// Writes and reads workbooks as lists of <see cref="TableSheet"/> with DocumentFormat.OpenXml: every cell is
/// written as an inline string (the text is the data: dates stay YYYY-MM-DD, numbers keep their invariant form),
/// the header row in bold. The written file is deterministic (fixed relationship ids and ZIP timestamps), so the
/// same sheets give the same bytes. Every cell goes through <see cref="FormulaGuard.Neutralise"/> (an inline string is
/// not run as a formula, but it would be once edited and validated in a spreadsheet). Reading accepts shared strings,
/// inline strings, numbers and booleans, and undoes the neutralisation (<see cref="FormulaGuard.Restore(string)"/>)
/// unless asked for the raw text.
/// </summary>
public static class XlsxTable
{
    /// <summary>Fixed timestamp of every ZIP entry written by Maillage (deterministic output).</summary>
    public static readonly DateTimeOffset ZipTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(Stream output, IEnumerable<TableSheet> sheets)
    {
        using var raw = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(raw, SpreadsheetDocumentType.Workbook))
        {
            var wbPart = doc.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            wbPart.Workbook = new Workbook();
            var styles = wbPart.AddNewPart<WorkbookStylesPart>("rIdStyles");
            styles.Stylesheet = BuildStylesheet();
            var sheetsEl = wbPart.Workbook.AppendChild(new Sheets());
            uint n = 0;
            foreach (var sheet in sheets)
            {
                n++;
                var relId = "rId" + n.ToString(CultureInfo.InvariantCulture);
                var wsPart = wbPart.AddNewPart<WorksheetPart>(relId);
                WriteWorksheet(wsPart, sheet);
                sheetsEl.AppendChild(new Sheet { Id = relId, SheetId = n, Name = SheetName(sheet.Name) });
            }
            wbPart.Workbook.Save();
        }
        raw.Position = 0;
        Renormalise(raw, output);
    }

    /// <summary>Excel limits sheet names to 31 characters and forbids []:*?/\.</summary>
    public static string SheetName(string name)
    {
        var clean = new string(name.Select(c => c is '[' or ']' or ':' or '*' or '?' or '/' or '\\' ? '_' : c).ToArray());
        return clean.Length > 31 ? clean[..31] : clean;
    }

    private static Stylesheet BuildStylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }) { Count = 2 });

    private static void WriteWorksheet(WorksheetPart part, TableSheet sheet)
    {
        using var w = OpenXmlWriter.Create(part);
        w.WriteStartElement(new Worksheet());
        w.WriteStartElement(new SheetData());
        uint rowIndex = 1;
        WriteRow(w, rowIndex, sheet.Header, bold: true);
        foreach (var row in sheet.Rows)
            WriteRow(w, ++rowIndex, row.Cells, bold: false);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteRow(OpenXmlWriter w, uint rowIndex, IReadOnlyList<string> cells, bool bold)
    {
        w.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", rowIndex.ToString(CultureInfo.InvariantCulture))]);
        for (var i = 0; i < cells.Count; i++)
        {
            var value = cells[i];
            if (string.IsNullOrEmpty(value)) continue;
            var cell = new Cell
            {
                CellReference = ColumnName(i) + rowIndex.ToString(CultureInfo.InvariantCulture),
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(XmlSafe(FormulaGuard.Neutralise(value))) { Space = SpaceProcessingModeValues.Preserve }),
            };
            if (bold) cell.StyleIndex = 1;
            w.WriteElement(cell);
        }
        w.WriteEndElement();
    }

    /// <summary>Drops the control characters XML 1.0 cannot carry (tab, CR and LF are kept).</summary>
    private static string XmlSafe(string value)
    {
        foreach (var c in value)
            if (c < 0x20 && c is not '\t' and not '\n' and not '\r')
                return new string(value.Where(ch => ch >= 0x20 || ch is '\t' or '\n' or '\r').ToArray());
        return value;
    }

    /// <summary>"A", "B", ..., "Z", "AA"... for a 0-based column index.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        index++;
        while (index > 0)
        {
            var m = (index - 1) % 26;
            name = (char)('A' + m) + name;
            index = (index - 1) / 26;
        }
        return name;
    }

    /// <summary>0-based column index of a cell reference such as "C12".</summary>
    public static int ColumnIndex(string cellReference)
    {
        var index = 0;
        foreach (var c in cellReference)
        {
            if (c is < 'A' or > 'Z') break;
            index = index * 26 + (c - 'A' + 1);
        }
        return index - 1;
    }

    /// <summary>Copies a ZIP with entries in the same order, fixed timestamps and the same compression: same input, same bytes.</summary>
    public static void Renormalise(Stream zip, Stream output)
    {
        using var source = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        using var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = ZipTimestamp;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }

    /// <summary>Reads every worksheet (in workbook order). Row numbers are the sheet's; empty rows are skipped;
    /// the first non-empty row is the header.</summary>
    public static IReadOnlyList<TableSheet> Read(Stream input, bool restoreFormulas = true)
    {
        using var doc = SpreadsheetDocument.Open(input, isEditable: false);
        var wbPart = doc.WorkbookPart ?? throw new InvalidDataException("Classeur XLSX sans feuille.");
        var shared = wbPart.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var result = new List<TableSheet>();
        foreach (var sheet in wbPart.Workbook?.Sheets?.Elements<Sheet>() ?? [])
        {
            if (sheet.Id?.Value is not { } id || wbPart.GetPartById(id) is not WorksheetPart wsPart) continue;
            var rows = new List<TableRow>();
            uint lastRow = 0;
            foreach (var row in wsPart.Worksheet?.GetFirstChild<SheetData>()?.Elements<Row>() ?? [])
            {
                var rowIndex = row.RowIndex?.Value ?? lastRow + 1;
                lastRow = rowIndex;
                var cells = new List<string>();
                var next = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    var col = cell.CellReference?.Value is { } r ? ColumnIndex(r) : next;
                    while (cells.Count < col) cells.Add("");
                    var text = restoreFormulas ? FormulaGuard.Restore(CellText(cell, shared)) : CellText(cell, shared);
                    if (cells.Count == col) cells.Add(text); else cells[col] = text;
                    next = col + 1;
                }
                while (cells.Count > 0 && cells[^1].Length == 0) cells.RemoveAt(cells.Count - 1);
                if (cells.Count == 0) continue;
                rows.Add(new TableRow(checked((int)rowIndex), cells));
            }
            var name = sheet.Name?.Value ?? "";
            if (rows.Count == 0) { result.Add(new TableSheet(name, [], [], 1)); continue; }
            result.Add(new TableSheet(name, rows[0].Cells, rows.Skip(1).ToList(), rows[0].Line));
        }
        return result;
    }

    private static string CellText(Cell cell, List<string> shared)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString) return cell.InlineString?.InnerText ?? "";
        var raw = cell.CellValue?.Text ?? "";
        if (type == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Count ? shared[i] : "";
        if (type == CellValues.Boolean) return raw == "1" ? "true" : "false";
        return raw;
    }
}
