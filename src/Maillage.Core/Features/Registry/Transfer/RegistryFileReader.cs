using System.IO.Compression;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Registry.Transfer;

/// <summary>An error located in an imported file: file (or worksheet), 1-based line (row), column header, French message.
/// Line 0 means a record already in the database, not in the imported files.</summary>
public sealed record ImportError(string File, int Line, string Column, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Column}: {Message}";
}

/// <summary>
/// Reads the registry format (docs/formats/registry.md) from a folder of CSV files, a .zip of them, or a .xlsx
/// workbook, into a <see cref="RegistryData"/> plus parse errors located by file, line and column.
/// </summary>
public static class RegistryFileReader
{
    /// <summary>Reads a folder, a .zip or a .xlsx, chosen by the path.</summary>
    public static RegistryReadResult Read(string path)
    {
        if (Directory.Exists(path)) return ReadFolder(path);
        if (!File.Exists(path))
            return RegistryReadResult.Failed(new ImportError(Path.GetFileName(path), 0, "", $"Fichier ou dossier « {path} » introuvable."));
        using var stream = File.OpenRead(path);
        if (path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)) return ReadXlsx(stream, Path.GetFileName(path));
        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return ReadZip(stream);
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            return ReadCsvFiles([(Path.GetFileName(path), ms.ToArray())]);
        }
        return RegistryReadResult.Failed(new ImportError(Path.GetFileName(path), 0, "", "Format non reconnu : un dossier, un .zip, un .csv ou un .xlsx est attendu."));
    }

    public static RegistryReadResult ReadFolder(string folder)
    {
        var result = ReadCsvFiles(Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))));
        var readme = Path.Combine(folder, RegistryFormat.ReadmeFile);
        result.FictitiousDemoData = File.Exists(readme) && IsDemoNotice(File.ReadAllText(readme));
        return result;
    }

    private static bool IsDemoNotice(string text) => text.Contains(RegistryFormat.DemoNotice, StringComparison.Ordinal);

    public static RegistryReadResult ReadZip(Stream zip)
    {
        var files = new List<(string, byte[])>();
        var demo = false;
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in archive.Entries)
            {
                var name = Path.GetFileName(entry.FullName);
                if (string.Equals(name, RegistryFormat.ReadmeFile, StringComparison.OrdinalIgnoreCase))
                {
                    using var reader = new StreamReader(entry.Open());
                    demo = IsDemoNotice(reader.ReadToEnd());
                    continue;
                }
                if (name.Length == 0 || !name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.StartsWith("._", StringComparison.Ordinal)) continue;
                using var s = entry.Open();
                using var ms = new MemoryStream();
                s.CopyTo(ms);
                files.Add((name, ms.ToArray()));
            }
        }
        catch (InvalidDataException)
        {
            return RegistryReadResult.Failed(new ImportError("(zip)", 0, "", "Archive ZIP illisible."));
        }
        var result = ReadCsvFiles(files);
        result.FictitiousDemoData = demo;
        return result;
    }

    /// <summary>Reads CSV files given as (file name, bytes).</summary>
    public static RegistryReadResult ReadCsvFiles(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        var builder = new Builder();
        foreach (var (name, bytes) in files)
        {
            var sheet = RegistryFormat.ByName(Path.GetFileNameWithoutExtension(name).ToLowerInvariant());
            if (sheet is null)
            {
                builder.Errors.Add(new ImportError(name, 0, "", $"Fichier inconnu : fichiers attendus {string.Join(", ", RegistryFormat.All.Select(s => s.FileName))}."));
                continue;
            }
            TableSheet table;
            try
            {
                table = CsvTable.Read(name, bytes);
            }
            catch (CsvFormatException ex)
            {
                builder.Errors.Add(new ImportError(name, ex.Line, ex.Field is { } f ? XlsxTable.ColumnName(f - 1) : "", ex.Reason));
                continue;
            }
            builder.Add(sheet, table, name);
        }
        return builder.Build();
    }

    public static RegistryReadResult ReadXlsx(Stream xlsx, string fileName = "registre.xlsx")
    {
        IReadOnlyList<TableSheet> sheets;
        try
        {
            sheets = XlsxTable.Read(xlsx);
        }
        catch (Exception ex) when (ex is InvalidDataException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or IOException or System.Xml.XmlException)
        {
            return RegistryReadResult.Failed(new ImportError(fileName, 0, "", "Classeur XLSX illisible."));
        }
        var builder = new Builder();
        var demo = false;
        foreach (var table in sheets)
        {
            if (string.Equals(table.Name, RegistryFormat.ReadmeSheet, StringComparison.OrdinalIgnoreCase))
            {
                demo = table.Rows.Any(r => r.Cells.Any(IsDemoNotice));
                continue;
            }
            var sheet = RegistryFormat.ByName(table.Name.Trim().ToLowerInvariant());
            if (sheet is null)
            {
                builder.Errors.Add(new ImportError(table.Name, 0, "", $"Feuille inconnue : feuilles attendues {string.Join(", ", RegistryFormat.All.Select(s => s.Name))}."));
                continue;
            }
            builder.Add(sheet, table, sheet.Name);
        }
        var result = builder.Build();
        result.FictitiousDemoData = demo;
        return result;
    }

    private sealed class Builder
    {
        public List<ImportError> Errors { get; } = [];
        private readonly Dictionary<string, ParsedSheet> _parsed = new(StringComparer.Ordinal);

        public void Add(RegistrySheet sheet, TableSheet table, string file)
        {
            if (_parsed.ContainsKey(sheet.Name))
            {
                Errors.Add(new ImportError(file, 0, "", $"« {sheet.Name} » est présent deux fois dans l'import."));
                return;
            }
            _parsed[sheet.Name] = sheet switch
            {
                RegistrySheet<Region> s => Parse(s, table, file),
                RegistrySheet<Departement> s => Parse(s, table, file),
                RegistrySheet<Establishment> s => Parse(s, table, file),
                RegistrySheet<Ern> s => Parse(s, table, file),
                RegistrySheet<Filiere> s => Parse(s, table, file),
                RegistrySheet<Network> s => Parse(s, table, file),
                RegistrySheet<Centre> s => Parse(s, table, file),
                RegistrySheet<Platform> s => Parse(s, table, file),
                RegistrySheet<Person> s => Parse(s, table, file),
                RegistrySheet<Mandate> s => Parse(s, table, file),
                RegistrySheet<Association> s => Parse(s, table, file),
                RegistrySheet<AssociationConvention> s => Parse(s, table, file),
                RegistrySheet<LabellingPeriod> s => Parse(s, table, file),
                RegistrySheet<Label> s => Parse(s, table, file),
                _ => throw new InvalidOperationException(sheet.Name),
            };
        }

        private ParsedSheet<T> Parse<T>(RegistrySheet<T> def, TableSheet table, string file) where T : class
        {
            var result = new ParsedSheet<T>(def, file);
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var headerOk = true;
            if (table.Header.Count == 0)
            {
                Errors.Add(new ImportError(file, 1, "", "Fichier vide : la première ligne doit donner les noms de colonnes."));
                return result;
            }
            for (var i = 0; i < table.Header.Count; i++)
            {
                var name = table.Header[i].Trim().ToLowerInvariant();
                if (name.Length == 0) continue;
                if (!def.Columns.Contains(name))
                {
                    Errors.Add(new ImportError(file, table.HeaderLine, table.Header[i], $"Colonne inconnue : colonnes attendues {string.Join(", ", def.Columns)}."));
                    headerOk = false;
                }
                else if (!index.TryAdd(name, i))
                {
                    Errors.Add(new ImportError(file, table.HeaderLine, name, "Colonne présente deux fois."));
                    headerOk = false;
                }
            }
            for (var c = 0; c < def.Cols.Count; c++)
                if (def.Cols[c].Required && !index.ContainsKey(def.Cols[c].Name))
                {
                    Errors.Add(new ImportError(file, table.HeaderLine, def.Cols[c].Name, "Colonne obligatoire absente."));
                    headerOk = false;
                }
            foreach (var name in index.Keys) result.PresentColumns.Add(name);
            if (!headerOk) return result;

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in table.Rows)
            {
                for (var i = table.Header.Count; i < row.Cells.Count; i++)
                    if (row.Cells[i].Trim().Length > 0)
                    {
                        Errors.Add(new ImportError(file, row.Line, XlsxTable.ColumnName(i), "Valeur hors des colonnes de l'en-tête (point-virgule non protégé par des guillemets ?)."));
                        break;
                    }
                var entity = def.Create();
                var keyMissing = false;
                for (var c = 0; c < def.Cols.Count; c++)
                {
                    var col = def.Cols[c];
                    if (!index.TryGetValue(col.Name, out var at)) continue;
                    var text = row[at].Trim();
                    if (text.Length == 0 && col.Required)
                    {
                        Errors.Add(new ImportError(file, row.Line, col.Name, "Valeur obligatoire manquante."));
                        if (c < def.KeyCount) keyMissing = true;
                        continue;
                    }
                    var error = col.Parse(entity, text);
                    if (error is not null)
                    {
                        Errors.Add(new ImportError(file, row.Line, col.Name, error));
                        if (c < def.KeyCount) keyMissing = true;
                    }
                }
                if (keyMissing) continue;
                var key = def.Key(entity);
                if (seen.TryGetValue(key, out var firstLine))
                {
                    Errors.Add(new ImportError(file, row.Line, def.Columns[0], $"Identifiant « {key.Replace('\u001F', '|')} » en double (déjà ligne {firstLine})."));
                    continue;
                }
                seen[key] = row.Line;
                result.Rows.Add((entity, row.Line));
            }
            return result;
        }

        public RegistryReadResult Build()
        {
            if (_parsed.Count == 0 && Errors.Count == 0)
                Errors.Add(new ImportError("(import)", 0, "", $"Aucun fichier du registre trouvé : fichiers attendus {string.Join(", ", RegistryFormat.All.Select(s => s.FileName))}."));
            return new RegistryReadResult(_parsed, Errors);
        }
    }
}

/// <summary>One sheet as read: which columns it had, and its entities with their line numbers.</summary>
public abstract class ParsedSheet(RegistrySheet sheet, string file)
{
    public RegistrySheet Sheet { get; } = sheet;

    /// <summary>File name (CSV) or worksheet name (XLSX) used in errors.</summary>
    public string File { get; } = file;

    public HashSet<string> PresentColumns { get; } = new(StringComparer.Ordinal);

    public abstract IEnumerable<(object Entity, int Line)> Entries { get; }
}

public sealed class ParsedSheet<T>(RegistrySheet<T> sheet, string file) : ParsedSheet(sheet, file) where T : class
{
    public new RegistrySheet<T> Sheet { get; } = sheet;

    public List<(T Entity, int Line)> Rows { get; } = [];

    public override IEnumerable<(object Entity, int Line)> Entries => Rows.Select(r => ((object)r.Entity, r.Line));

    /// <summary>For the optional columns this sheet lacked, copies the values of <paramref name="existing"/> into <paramref name="entity"/>.</summary>
    public void FillMissingColumns(T entity, T existing)
    {
        foreach (var col in Sheet.Cols)
            if (!PresentColumns.Contains(col.Name))
                Sheet.CopyColumn(col, existing, entity);
    }
}
