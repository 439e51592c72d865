using System.Globalization;
using Maillage.Core.Infrastructure.Tabular;

namespace Maillage.Core.Features.Compliance;

/// <summary>
/// A <c>;</c>-separated file with a fixed set of columns (any order, each exactly once, no other column), read with
/// typed accessors that name the line and the column of any bad value.
/// </summary>
public sealed class SemicolonFile
{
    private readonly Dictionary<string, int> index;

    public string Name { get; }
    public IReadOnlyList<TableRow> Rows { get; }

    private SemicolonFile(string name, Dictionary<string, int> index, IReadOnlyList<TableRow> rows)
    {
        Name = name;
        this.index = index;
        Rows = rows;
    }

    public static SemicolonFile Read(string path, IReadOnlyList<string> columns, IReadOnlyList<string>? optional = null)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path)) throw new InputFileException(name, 0, "(fichier)", $"fichier introuvable : {path}");
        return Parse(name, File.ReadAllBytes(path), columns, optional);
    }

    /// <param name="optional">Columns a file may leave out (each at most once); an absent one reads as empty cells.</param>
    public static SemicolonFile Parse(string name, ReadOnlySpan<byte> bytes, IReadOnlyList<string> columns, IReadOnlyList<string>? optional = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        optional ??= [];
        var known = columns.Concat(optional).ToList();
        TableSheet sheet;
        try
        {
            sheet = CsvTable.Read(name, bytes, ';');
        }
        catch (CsvFormatException ex)
        {
            throw new InputFileException(name, ex.Line, ex.Field is { } f ? "champ " + f.ToString(CultureInfo.InvariantCulture) : "(format)", ex.Reason);
        }
        if (sheet.Header.Count == 0) throw new InputFileException(name, 1, "(en-tête)", "fichier vide : l'en-tête est attendu : " + string.Join(';', known));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sheet.Header.Count; i++)
        {
            var h = sheet.Header[i].Trim();
            if (!known.Contains(h))
                throw new InputFileException(name, sheet.HeaderLine, h.Length == 0 ? "(en-tête)" : h, $"colonne inconnue (attendu : {string.Join(';', known)}).");
            if (!index.TryAdd(h, i)) throw new InputFileException(name, sheet.HeaderLine, h, "colonne en double.");
        }
        foreach (var c in columns)
            if (!index.ContainsKey(c)) throw new InputFileException(name, sheet.HeaderLine, c, "colonne manquante dans l'en-tête.");
        foreach (var row in sheet.Rows)
        {
            if (row.Cells.Count > sheet.Header.Count)
                throw new InputFileException(name, row.Line, "(ligne)", string.Create(CultureInfo.InvariantCulture, $"{row.Cells.Count} valeurs pour {sheet.Header.Count} colonnes."));
        }
        return new SemicolonFile(name, index, sheet.Rows);
    }

    /// <summary>
    /// The same typed reading over records that did not come from a file (e.g. the rows of a JSON request): each
    /// record's cells are taken by column name (a missing name is an empty cell); record <c>i</c> (0-based) is
    /// "line" <c>i + 1</c>, so errors name the record's position.
    /// </summary>
    /// <summary>True when the file has the column (an optional column may be absent).</summary>
    public bool Has(string column) => index.ContainsKey(column);

    public static SemicolonFile FromRecords(string name, IReadOnlyList<string> columns, IEnumerable<IReadOnlyDictionary<string, string?>> records)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(records);
        var index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var rows = records.Select((r, i) => new TableRow(i + 1, columns.Select(c => r.TryGetValue(c, out var v) ? v ?? "" : "").ToList())).ToList();
        return new SemicolonFile(name, index, rows);
    }

    public InputFileException Error(TableRow row, string column, string message) => new(Name, row.Line, column, message);

    /// <summary>The trimmed cell; "" when empty or when the (optional) column is absent.</summary>
    public string Text(TableRow row, string column) => index.TryGetValue(column, out var i) ? row[i].Trim() : "";

    public string RequiredText(TableRow row, string column)
    {
        var t = Text(row, column);
        return t.Length > 0 ? t : throw Error(row, column, "valeur obligatoire manquante.");
    }

    /// <summary>A non-negative integer, or null when the cell is empty.</summary>
    public int? Count(TableRow row, string column)
    {
        var t = Text(row, column);
        if (t.Length == 0) return null;
        if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            throw Error(row, column, $"« {t} » n'est pas un entier positif ou nul.");
        return v;
    }

    /// <summary>An integer from 0 to <paramref name="max"/>, or null when the cell is empty.</summary>
    public int? Count(TableRow row, string column, int max)
    {
        var t = Text(row, column);
        if (t.Length == 0) return null;
        if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > max)
            throw Error(row, column, string.Create(CultureInfo.InvariantCulture, $"« {t} » : entier de 0 à {max} attendu (vide si inconnu)."));
        return v;
    }

    /// <summary>A non-negative decimal number (point or comma as decimal separator); required.</summary>
    public decimal Number(TableRow row, string column)
    {
        var t = Text(row, column);
        if (t.Length == 0) throw Error(row, column, "valeur obligatoire manquante.");
        if (!decimal.TryParse(t.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v))
            throw Error(row, column, $"« {t} » n'est pas un nombre positif ou nul.");
        return v;
    }

    /// <summary><c>true</c>/<c>false</c> (also <c>oui</c>/<c>non</c>, <c>1</c>/<c>0</c>), or null when empty.</summary>
    public bool? Bool(TableRow row, string column)
    {
        var t = Text(row, column).ToLowerInvariant();
        return t switch
        {
            "" => null,
            "true" or "oui" or "1" => true,
            "false" or "non" or "0" => false,
            _ => throw Error(row, column, $"« {Text(row, column)} » : true ou false attendu."),
        };
    }
}
