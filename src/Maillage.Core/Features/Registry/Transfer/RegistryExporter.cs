using System.IO.Compression;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Core.Features.Registry;
using Maillage.Core.Features.Registry.Transfer;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Registry.Transfer;

/// <summary>
/// Exports the whole registry in the registry format (docs/formats/registry.md): one CSV per entity (folder or zip)
/// or one XLSX worksheet per entity. Output is deterministic: rows sorted by stable id, fixed columns, invariant
/// formatting, fixed ZIP timestamps. When the database holds the fictitious demo set, a README.txt (CSV) or a
/// "LISEZMOI" sheet (XLSX) says so; the CSV files themselves stay purely tabular.
/// </summary>
public static class RegistryExporter
{
    /// <summary>Columns of the people file that hold identifying personal data (emptied for people the reader may not read).</summary>
    public static readonly string[] IdentifyingColumns = ["rpps", "status", "birth_date", "clinical_activity"];

    /// <summary>Columns of the people file that hold professional contact.</summary>
    public static readonly string[] ContactColumns = ["email"];

    public static Task ExportCsvAsync(MaillageDbContext db, string folder, CancellationToken ct = default) => ExportCsvAsync(db, folder, null, ct);

    /// <summary>Exports to a folder; <paramref name="people"/> (null: everything) says whose personal data the reader may read.</summary>
    public static async Task ExportCsvAsync(MaillageDbContext db, string folder, Func<string, PersonRights>? people, CancellationToken ct = default)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in await BuildFilesAsync(db, people, ct))
            await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes, ct);
    }

    public static Task ExportZipAsync(MaillageDbContext db, Stream output, CancellationToken ct = default) => ExportZipAsync(db, output, null, ct);

    public static async Task ExportZipAsync(MaillageDbContext db, Stream output, Func<string, PersonRights>? people, CancellationToken ct = default)
    {
        var files = await BuildFilesAsync(db, people, ct);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, bytes) in files)
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
            entry.LastWriteTime = XlsxTable.ZipTimestamp;
            await using var s = entry.Open();
            await s.WriteAsync(bytes, ct);
        }
    }

    public static Task ExportXlsxAsync(MaillageDbContext db, Stream output, CancellationToken ct = default) => ExportXlsxAsync(db, output, null, ct);

    public static async Task ExportXlsxAsync(MaillageDbContext db, Stream output, Func<string, PersonRights>? people, CancellationToken ct = default)
    {
        var sheets = new List<TableSheet>();
        if (await IsDemoAsync(db, ct))
            sheets.Add(TableSheet.FromRows(RegistryFormat.ReadmeSheet, ["avertissement"], ReadmeLines().Select(l => (IReadOnlyList<string?>)[l])));
        foreach (var (sheet, header, rows) in BuildTables(await RegistryStore.LoadAsync(db, ct), people))
            sheets.Add(TableSheet.FromRows(sheet.Name, header, rows));
        XlsxTable.Write(output, sheets);
    }

    /// <summary>File name and bytes of every CSV file (and README.txt for the demo set), in format order.</summary>
    public static Task<IReadOnlyList<(string Name, byte[] Bytes)>> BuildFilesAsync(MaillageDbContext db, CancellationToken ct = default) => BuildFilesAsync(db, null, ct);

    public static async Task<IReadOnlyList<(string Name, byte[] Bytes)>> BuildFilesAsync(MaillageDbContext db, Func<string, PersonRights>? people, CancellationToken ct = default)
    {
        var files = new List<(string, byte[])>();
        foreach (var (sheet, header, rows) in BuildTables(await RegistryStore.LoadAsync(db, ct), people))
            files.Add((sheet.FileName, CsvTable.ToBytes(header, rows)));
        if (await IsDemoAsync(db, ct))
            files.Add((RegistryFormat.ReadmeFile, Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join("\r\n", ReadmeLines()) + "\r\n")).ToArray()));
        return files;
    }

    public static async Task<bool> IsDemoAsync(MaillageDbContext db, CancellationToken ct = default) =>
        await db.DataSetInfos.AsNoTracking().AnyAsync(x => x.Key == DataSetInfo.DemoKey && x.Value == "true", ct);

    private static IEnumerable<string> ReadmeLines() =>
    [
        RegistryFormat.DemoNotice + ".",
        "Les noms de personnes, numéros RPPS et FINESS, centres et établissements de cet export sont générés.",
        "Format des fichiers : docs/formats/registry.md (projet Maillage).",
    ];

    /// <summary>Every sheet of the format with its header and sorted rows, from registry data.</summary>
    public static IEnumerable<(RegistrySheet Sheet, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<string?>> Rows)> BuildTables(RegistryData d) => BuildTables(d, null);

    /// <summary>Every sheet; in the people sheet, the identifying and contact columns of people the reader may not read
    /// (<paramref name="people"/>; null: everything) are empty. Rows stay, so the format's shape does not change.</summary>
    public static IEnumerable<(RegistrySheet Sheet, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<string?>> Rows)> BuildTables(RegistryData d, Func<string, PersonRights>? people)
    {
        yield return Table(RegistryFormat.Regions, d.Regions);
        yield return Table(RegistryFormat.Departements, d.Departements);
        yield return Table(RegistryFormat.Establishments, d.Establishments);
        yield return Table(RegistryFormat.Erns, d.Erns);
        yield return Table(RegistryFormat.Filieres, d.Filieres);
        yield return Table(RegistryFormat.Networks, d.Networks);
        yield return Table(RegistryFormat.Centres, d.Centres);
        yield return Table(RegistryFormat.Platforms, d.Platforms);
        var peopleTable = Table(RegistryFormat.People, d.People);
        yield return people is null ? peopleTable : (peopleTable.Item1, peopleTable.Item2, Minimise(peopleTable.Item2, peopleTable.Item3, people));
        yield return Table(RegistryFormat.Mandates, d.Mandates);
        yield return Table(RegistryFormat.Associations, d.Associations);
        yield return Table(RegistryFormat.Conventions, d.Associations.SelectMany(a => a.Conventions));
        yield return Table(RegistryFormat.Periods, d.Periods);
        yield return Table(RegistryFormat.Labels, d.Labels);
    }

    private static IEnumerable<IReadOnlyList<string?>> Minimise(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, Func<string, PersonRights> people)
    {
        var id = IndexOf(header, "id");
        var identifying = IdentifyingColumns.Select(c => IndexOf(header, c)).ToList();
        var contact = ContactColumns.Select(c => IndexOf(header, c)).ToList();
        foreach (var row in rows)
        {
            var rights = people(row[id] ?? "");
            if (rights.Identifying && rights.Contact) { yield return row; continue; }
            var copy = row.ToArray();
            if (!rights.Identifying) foreach (var i in identifying) copy[i] = null;
            if (!rights.Contact) foreach (var i in contact) copy[i] = null;
            yield return copy;
        }
    }

    private static int IndexOf(IReadOnlyList<string> header, string column)
    {
        for (var i = 0; i < header.Count; i++) if (header[i] == column) return i;
        throw new InvalidOperationException($"Colonne « {column} » absente du fichier des personnes.");
    }

    private static (RegistrySheet, IReadOnlyList<string>, IEnumerable<IReadOnlyList<string?>>) Table<T>(RegistrySheet<T> sheet, IEnumerable<T> items) where T : class =>
        (sheet, sheet.Columns, sheet.Rows(items));
}
