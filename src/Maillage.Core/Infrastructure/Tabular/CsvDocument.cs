namespace Maillage.Core.Infrastructure.Tabular;

/// <summary>
/// A CSV file with a header row read into memory through the one reader (<see cref="CsvTable.Parse"/>), with its
/// columns found by name: the shipped reference files (régions, départements, filières, ERN, communes) and the
/// Orphanet exports. The first record is the header; records that are one empty field (blank lines) are skipped. Every
/// error names the file and the line, and the column when one is at fault.
/// </summary>
internal sealed class CsvDocument
{
    private readonly Dictionary<string, int> _columns;

    public CsvDocument(string fileName, IReadOnlyList<string> header, IReadOnlyList<TableRow> rows)
    {
        FileName = fileName;
        Header = header;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++) _columns.TryAdd(header[i].Trim(), i);
    }

    public string FileName { get; }
    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<TableRow> Rows { get; }

    /// <summary>
    /// Reads a UTF-8 file (BOM optional), bounded by <paramref name="limits"/> (default <see cref="CsvLimits.Default"/>).
    /// Every error is an <see cref="InvalidDataException"/> whose message names the file, the line and the field.
    /// </summary>
    public static CsvDocument Read(string path, char delimiter, CsvLimits? limits = null)
    {
        limits ??= CsvLimits.Default;
        var name = Path.GetFileName(path);
        var length = new FileInfo(path).Length;
        if (length > limits.MaxBytes)
            throw new InvalidDataException(new CsvFormatException(name, 1, null,
                $"fichier de {CsvLimits.Count(length)} octets, au-delà de la limite de {CsvLimits.Count(limits.MaxBytes)} octets.").Message);
        string text;
        try
        {
            text = CsvTable.Decode(name, File.ReadAllBytes(path));
        }
        catch (CsvFormatException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
        return Read(text, name, delimiter, limits);
    }

    public static CsvDocument Read(TextReader reader, string fileName, char delimiter, CsvLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Read(reader.ReadToEnd(), fileName, delimiter, limits);
    }

    private static CsvDocument Read(string text, string fileName, char delimiter, CsvLimits? limits)
    {
        List<TableRow> records;
        try
        {
            records = CsvTable.Parse(text, delimiter, limits, fileName);
        }
        catch (CsvFormatException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
        if (records.Count == 0) throw new InvalidDataException($"{fileName} : fichier vide (en-tête attendu).");
        return new CsvDocument(fileName, records[0].Cells,
            records.Skip(1).Where(r => !(r.Cells.Count == 1 && r.Cells[0].Length == 0)).ToList());
    }

    /// <summary>Index of a required column; throws <see cref="InvalidDataException"/> naming the file when missing.</summary>
    public int Column(string name) =>
        _columns.TryGetValue(name, out var i)
            ? i
            : throw new InvalidDataException($"{FileName}, ligne 1 : colonne « {name} » absente de l'en-tête ({string.Join(", ", Header)}).");

    public int? OptionalColumn(string name) => _columns.TryGetValue(name, out var i) ? i : null;

    /// <summary>The field of a column in a row; a row too short for it is an error naming the file, the line and the column.</summary>
    public string Field(TableRow row, int column) =>
        column < row.Cells.Count
            ? row.Cells[column]
            : throw new InvalidDataException($"{FileName}, ligne {row.Line} : {Maillage.Domain.French.Count(row.Cells.Count, "champ", "champs")}, la colonne « {Header[column]} » manque.");

    /// <summary>The rows as column name → value (a short row reads "" for its missing columns).</summary>
    public IEnumerable<Dictionary<string, string>> Records()
    {
        foreach (var row in Rows)
        {
            var record = new Dictionary<string, string>(Header.Count, StringComparer.Ordinal);
            for (var i = 0; i < Header.Count; i++) record[Header[i]] = row[i];
            yield return record;
        }
    }
}
