using System.Text;

namespace Maillage.Core.Infrastructure.Tabular;

/// <summary>
/// A small RFC 4180 reader/writer with a configurable separator (';' by default, as French spreadsheets expect).
/// Writes UTF-8 with a byte-order mark and CRLF line ends; reads UTF-8 (BOM optional), CRLF or LF, quoted fields
/// that may contain separators, quotes ("") and line breaks. Line numbers are 1-based physical lines.
/// Every cell written goes through <see cref="FormulaGuard.Neutralise"/> (no formula reaches a spreadsheet), and
/// <see cref="Read(string, string, char, bool)"/> undoes exactly that (<see cref="FormulaGuard.Restore(string)"/>), so
/// reading what was written gives the values back and read-then-write changes nothing; <see cref="Parse"/> gives the
/// raw text of the file.
/// </summary>
public static class CsvTable
{
    public const char DefaultSeparator = ';';

    /// <summary>UTF-8 with BOM, so that Excel opens accented text correctly.</summary>
    public static readonly Encoding Utf8Bom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    /// <summary>Writes header and rows (null cells written empty) to a text writer, CRLF line ends.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, char separator = DefaultSeparator)
    {
        WriteRecord(writer, header, separator);
        foreach (var row in rows) WriteRecord(writer, row, separator);
    }

    /// <summary>Writes a whole CSV file (UTF-8 with BOM) to a stream; the stream is left open.</summary>
    public static void Write(Stream output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, char separator = DefaultSeparator)
    {
        using var writer = new StreamWriter(output, Utf8Bom, bufferSize: 65536, leaveOpen: true) { NewLine = "\r\n" };
        Write(writer, header, rows, separator);
    }

    /// <summary>The bytes of a whole CSV file (UTF-8 with BOM).</summary>
    public static byte[] ToBytes(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, char separator = DefaultSeparator)
    {
        using var ms = new MemoryStream();
        Write(ms, header, rows, separator);
        return ms.ToArray();
    }

    private static void WriteRecord(TextWriter writer, IReadOnlyList<string?> cells, char separator)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) writer.Write(separator);
            writer.Write(Escape(cells[i], separator));
        }
        writer.Write("\r\n");
    }

    /// <summary>A cell as written: formulas neutralised (<see cref="FormulaGuard"/>), then quoted when it contains the
    /// separator, a quote or a line break.</summary>
    public static string Escape(string? value, char separator = DefaultSeparator)
    {
        if (string.IsNullOrEmpty(value)) return "";
        value = FormulaGuard.Neutralise(value);
        var needs = false;
        foreach (var c in value)
            if (c == separator || c is '"' or '\r' or '\n') { needs = true; break; }
        return needs ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>
    /// Reads a CSV file from raw bytes: strict UTF-8 (a leading BOM is skipped). The first non-empty record is the header.
    /// Throws <see cref="CsvFormatException"/> (with a line number) on invalid UTF-8 or an unterminated quoted field.
    /// </summary>
    public static TableSheet Read(string name, ReadOnlySpan<byte> bytes, char separator = DefaultSeparator, bool restoreFormulas = true)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) bytes = bytes[3..];
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CsvFormatException(1, "Le fichier n'est pas encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 (délimité par des points-virgules) ».");
        }
        return Read(name, text, separator, restoreFormulas);
    }

    /// <summary>Reads CSV text. Records whose cells are all empty are skipped. With <paramref name="restoreFormulas"/>
    /// (the default) the formula neutralisation of the writer is undone.</summary>
    public static TableSheet Read(string name, string text, char separator = DefaultSeparator, bool restoreFormulas = true)
    {
        var records = Parse(text, separator);
        if (restoreFormulas) records = records.Select(r => r with { Cells = r.Cells.Select(FormulaGuard.Restore).ToList() }).ToList();
        var header = records.FirstOrDefault(r => !IsBlank(r.Cells));
        if (header is null) return new TableSheet(name, [], [], 1);
        var rows = records.Where(r => r.Line > header.Line && !IsBlank(r.Cells)).ToList();
        return new TableSheet(name, header.Cells, rows, header.Line);
    }

    private static bool IsBlank(IReadOnlyList<string> cells) => cells.All(c => c.Length == 0);

    /// <summary>Splits CSV text into records, each with the 1-based line on which it starts.</summary>
    public static List<TableRow> Parse(string text, char separator = DefaultSeparator)
    {
        var records = new List<TableRow>();
        var cells = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        var quoted = false;
        var quoteLine = 0;
        var atFieldStart = true;
        var any = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                    quoted = false; i++; continue;
                }
                if (c == '\n') line++;
                field.Append(c); i++; continue;
            }
            if (c == '"' && atFieldStart) { quoted = true; quoteLine = line; atFieldStart = false; any = true; i++; continue; }
            if (c == separator) { cells.Add(field.ToString()); field.Clear(); atFieldStart = true; any = true; i++; continue; }
            if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                i++;
                cells.Add(field.ToString());
                field.Clear();
                records.Add(new TableRow(recordLine, cells));
                cells = [];
                line++;
                recordLine = line;
                atFieldStart = true;
                any = false;
                continue;
            }
            field.Append(c); atFieldStart = false; any = true; i++;
        }
        if (quoted) throw new CsvFormatException(quoteLine, "Guillemet ouvrant sans guillemet fermant.");
        if (any || field.Length > 0 || cells.Count > 0)
        {
            cells.Add(field.ToString());
            records.Add(new TableRow(recordLine, cells));
        }
        return records;
    }
}

/// <summary>A CSV file that cannot be parsed at all (encoding, unterminated quote), with the line where it fails.</summary>
public sealed class CsvFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
