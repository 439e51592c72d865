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
    /// Throws <see cref="CsvFormatException"/> (file, line, field) on invalid UTF-8, an unterminated quoted field or a
    /// bound of <paramref name="limits"/> (default <see cref="CsvLimits.Default"/>) passed.
    /// </summary>
    public static TableSheet Read(string name, ReadOnlySpan<byte> bytes, char separator = DefaultSeparator, bool restoreFormulas = true, CsvLimits? limits = null)
    {
        limits ??= CsvLimits.Default;
        if (bytes.Length > limits.MaxBytes)
            throw new CsvFormatException(name, 1, null, $"fichier de {CsvLimits.Count(bytes.Length)} octets, au-delà de la limite de {CsvLimits.Count(limits.MaxBytes)} octets.");
        return Read(name, Decode(name, bytes), separator, restoreFormulas, limits);
    }

    /// <summary>Reads CSV text. Records whose cells are all empty are skipped. With <paramref name="restoreFormulas"/>
    /// (the default) the formula neutralisation of the writer is undone.</summary>
    public static TableSheet Read(string name, string text, char separator = DefaultSeparator, bool restoreFormulas = true, CsvLimits? limits = null)
    {
        var records = Parse(text, separator, limits, name);
        if (restoreFormulas) records = records.Select(r => r with { Cells = r.Cells.Select(FormulaGuard.Restore).ToList() }).ToList();
        var header = records.FirstOrDefault(r => !IsBlank(r.Cells));
        if (header is null) return new TableSheet(name, [], [], 1);
        var rows = records.Where(r => r.Line > header.Line && !IsBlank(r.Cells)).ToList();
        return new TableSheet(name, header.Cells, rows, header.Line);
    }

    /// <summary>Strict UTF-8 text of a file's bytes (a leading BOM is skipped).</summary>
    internal static string Decode(string name, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) bytes = bytes[3..];
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CsvFormatException(name, 1, null, "le fichier n'est pas encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 (délimité par des points-virgules) ».");
        }
    }

    private static bool IsBlank(IReadOnlyList<string> cells) => cells.All(c => c.Length == 0);

    /// <summary>
    /// The one RFC 4180 reader of Maillage: splits CSV text into records, each with the 1-based physical line on which it
    /// starts. A chosen separator; double-quoted fields with <c>""</c> escapes, separators and line breaks inside; CRLF,
    /// LF or a lone CR. Bounded by <paramref name="limits"/> (rows, fields per row, characters per field); every error is
    /// a <see cref="CsvFormatException"/> naming <paramref name="fileName"/>, the line and the field.
    /// </summary>
    public static List<TableRow> Parse(string text, char separator = DefaultSeparator, CsvLimits? limits = null, string fileName = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= CsvLimits.Default;
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
                    if (i + 1 < text.Length && text[i + 1] == '"') { Append('"'); i += 2; continue; }
                    quoted = false; i++; continue;
                }
                if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))) line++;
                Append(c); i++; continue;
            }
            if (c == '"' && atFieldStart) { quoted = true; quoteLine = line; atFieldStart = false; any = true; i++; continue; }
            if (c == separator) { EndField(); atFieldStart = true; any = true; i++; continue; }
            if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                i++;
                EndField();
                EndRecord();
                line++;
                recordLine = line;
                atFieldStart = true;
                any = false;
                continue;
            }
            Append(c); atFieldStart = false; any = true; i++;
        }
        if (quoted) throw new CsvFormatException(fileName, quoteLine, cells.Count + 1, "guillemet ouvrant sans guillemet fermant.");
        if (any || field.Length > 0 || cells.Count > 0)
        {
            EndField();
            EndRecord();
        }
        return records;

        void Append(char ch)
        {
            if (field.Length >= limits.MaxFieldLength)
                throw new CsvFormatException(fileName, recordLine, cells.Count + 1, $"champ de plus de {CsvLimits.Count(limits.MaxFieldLength)} caractères.");
            field.Append(ch);
        }

        void EndField()
        {
            if (cells.Count >= limits.MaxFields)
                throw new CsvFormatException(fileName, recordLine, cells.Count + 1, $"plus de {CsvLimits.Count(limits.MaxFields)} champs sur la ligne.");
            cells.Add(field.ToString());
            field.Clear();
        }

        void EndRecord()
        {
            if (records.Count >= limits.MaxRows)
                throw new CsvFormatException(fileName, recordLine, null, $"plus de {CsvLimits.Count(limits.MaxRows)} lignes : découpez le fichier.");
            records.Add(new TableRow(recordLine, cells));
            cells = [];
        }
    }
}
