using System.Text;

namespace Maillage.Core.Infrastructure.Tabular;

/// <summary>One CSV record: the line it starts on (1-based, the header is line 1) and its fields.</summary>
internal sealed record CsvRecord(int Line, string[] Fields);

/// <summary>A CSV file with a header row, read into memory (the reference CSVs are small).</summary>
internal sealed class CsvDocument
{
    private readonly Dictionary<string, int> _columns;

    public CsvDocument(string fileName, string[] header, IReadOnlyList<CsvRecord> rows)
    {
        FileName = fileName;
        Header = header;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++) _columns.TryAdd(header[i].Trim(), i);
    }

    public string FileName { get; }
    public string[] Header { get; }
    public IReadOnlyList<CsvRecord> Rows { get; }

    /// <summary>Index of a required column; throws <see cref="InvalidDataException"/> naming the file when missing.</summary>
    public int Column(string name) =>
        _columns.TryGetValue(name, out var i)
            ? i
            : throw new InvalidDataException($"{FileName}, ligne 1 : colonne « {name} » absente de l'en-tête ({string.Join(", ", Header)}).");

    public int? OptionalColumn(string name) => _columns.TryGetValue(name, out var i) ? i : null;

    public string Field(CsvRecord row, int column) =>
        column < row.Fields.Length
            ? row.Fields[column]
            : throw new InvalidDataException($"{FileName}, ligne {row.Line} : {row.Fields.Length} champ(s), la colonne « {Header[column]} » manque.");
}

/// <summary>
/// Minimal RFC 4180 reader: a chosen delimiter, double-quoted fields with "" escapes and line breaks inside quotes,
/// CRLF or LF, optional UTF-8 BOM. Errors name the file and the line.
/// </summary>
internal static class CsvRows
{
    public static CsvDocument ReadTable(string path, char delimiter)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return ReadTable(reader, Path.GetFileName(path), delimiter);
    }

    public static CsvDocument ReadTable(TextReader reader, string fileName, char delimiter)
    {
        var records = Read(reader, fileName, delimiter).ToList();
        if (records.Count == 0) throw new InvalidDataException($"{fileName} : fichier vide (en-tête attendu).");
        return new CsvDocument(fileName, records[0].Fields, records.Skip(1).Where(r => !(r.Fields.Length == 1 && r.Fields[0].Length == 0)).ToList());
    }

    public static IEnumerable<CsvRecord> Read(TextReader reader, string fileName, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            any = true;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }
            if (ch == '"' && !fieldStarted && field.Length == 0)
            {
                inQuotes = true;
                fieldStarted = true;
            }
            else if (ch == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldStarted = false;
            }
            else if (ch == '\r')
            {
                // handled with the following \n; a lone \r ends the record too
                if (reader.Peek() == '\n') continue;
                yield return EndRecord();
            }
            else if (ch == '\n')
            {
                yield return EndRecord();
            }
            else
            {
                field.Append(ch);
                fieldStarted = true;
            }
        }
        if (inQuotes)
            throw new InvalidDataException($"{fileName}, ligne {recordLine} : guillemet ouvert jamais refermé.");
        if (any && (field.Length > 0 || fields.Count > 0 || fieldStarted))
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, [.. fields]);
        }

        CsvRecord EndRecord()
        {
            fields.Add(field.ToString());
            var rec = new CsvRecord(recordLine, [.. fields]);
            fields.Clear();
            field.Clear();
            fieldStarted = false;
            line++;
            recordLine = line;
            return rec;
        }
    }
}
