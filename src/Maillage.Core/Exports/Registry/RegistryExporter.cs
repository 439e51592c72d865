using System.IO.Compression;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Exports.Tabular;
using Maillage.Core.Imports.Registry;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Exports.Registry;

/// <summary>
/// Exports the whole registry in the registry format (docs/formats/registry.md): one CSV per entity (folder or zip)
/// or one XLSX worksheet per entity. Output is deterministic: rows sorted by stable id, fixed columns, invariant
/// formatting, fixed ZIP timestamps. When the database holds the fictitious demo set, a README.txt (CSV) or a
/// "LISEZMOI" sheet (XLSX) says so; the CSV files themselves stay purely tabular.
/// </summary>
public static class RegistryExporter
{
    public static async Task ExportCsvAsync(MaillageDbContext db, string folder, CancellationToken ct = default)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in await BuildFilesAsync(db, ct))
            await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes, ct);
    }

    public static async Task ExportZipAsync(MaillageDbContext db, Stream output, CancellationToken ct = default)
    {
        var files = await BuildFilesAsync(db, ct);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, bytes) in files)
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
            entry.LastWriteTime = XlsxTable.ZipTimestamp;
            await using var s = entry.Open();
            await s.WriteAsync(bytes, ct);
        }
    }

    public static async Task ExportXlsxAsync(MaillageDbContext db, Stream output, CancellationToken ct = default)
    {
        var sheets = new List<TableSheet>();
        if (await IsDemoAsync(db, ct))
            sheets.Add(TableSheet.FromRows(RegistryFormat.ReadmeSheet, ["avertissement"], ReadmeLines().Select(l => (IReadOnlyList<string?>)[l])));
        foreach (var (sheet, header, rows) in BuildTables(await RegistryStore.LoadAsync(db, ct)))
            sheets.Add(TableSheet.FromRows(sheet.Name, header, rows));
        XlsxTable.Write(output, sheets);
    }

    /// <summary>File name and bytes of every CSV file (and README.txt for the demo set), in format order.</summary>
    public static async Task<IReadOnlyList<(string Name, byte[] Bytes)>> BuildFilesAsync(MaillageDbContext db, CancellationToken ct = default)
    {
        var files = new List<(string, byte[])>();
        foreach (var (sheet, header, rows) in BuildTables(await RegistryStore.LoadAsync(db, ct)))
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
    public static IEnumerable<(RegistrySheet Sheet, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<string?>> Rows)> BuildTables(RegistryData d)
    {
        yield return Table(RegistryFormat.Regions, d.Regions);
        yield return Table(RegistryFormat.Departements, d.Departements);
        yield return Table(RegistryFormat.Establishments, d.Establishments);
        yield return Table(RegistryFormat.Erns, d.Erns);
        yield return Table(RegistryFormat.Filieres, d.Filieres);
        yield return Table(RegistryFormat.Networks, d.Networks);
        yield return Table(RegistryFormat.Centres, d.Centres);
        yield return Table(RegistryFormat.Platforms, d.Platforms);
        yield return Table(RegistryFormat.People, d.People);
        yield return Table(RegistryFormat.Mandates, d.Mandates);
        yield return Table(RegistryFormat.Associations, d.Associations);
        yield return Table(RegistryFormat.Conventions, d.Associations.SelectMany(a => a.Conventions));
        yield return Table(RegistryFormat.Periods, d.Periods);
        yield return Table(RegistryFormat.Labels, d.Labels);
    }

    private static (RegistrySheet, IReadOnlyList<string>, IEnumerable<IReadOnlyList<string?>>) Table<T>(RegistrySheet<T> sheet, IEnumerable<T> items) where T : class =>
        (sheet, sheet.Columns, sheet.Rows(items));
}
