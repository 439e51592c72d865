using System.IO.Compression;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Nomenclature;
using Maillage.Core.Infrastructure.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Xunit;

using Maillage.Testing;

namespace Maillage.Core.Tests.Infrastructure.Nomenclature;

/// <summary>The real 2023 pack (with the French CSVs) imported once into a SQLite file that tests copy.</summary>
public sealed class ImportedPackFixture : IAsyncLifetime
{
    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"maillage-orpha-{Guid.NewGuid():N}.db");
    public OrphanetImportResult Result { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await using var db = new MaillageDbContext(new DbContextOptionsBuilder<MaillageDbContext>().UseSqlite($"Data Source={DatabasePath};Pooling=False").Options);
        await SchemaMigrator.MigrateAsync(db, TestContext.Current.CancellationToken);
        Result = await OrphanetImporter.ImportAsync(db, DataPaths.OrphanetPack, DataPaths.Orphanet, null, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        File.Delete(DatabasePath);
        return ValueTask.CompletedTask;
    }
}

public sealed class OrphanetImporterTests(ImportedPackFixture imported) : IClassFixture<ImportedPackFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Pack => DataPaths.OrphanetPack;
    private static string FrenchDir => DataPaths.Orphanet;

    [Fact]
    public async Task Import_real_2023_pack_gives_nomenclature_french_names_redirections_and_edges()
    {
        await using var t = await TempSqliteDb.CreateAsync(imported.DatabasePath, Ct);
        var result = imported.Result;

        Assert.Equal("2023 (extraction 2023-06-21)", result.Version);
        Assert.Equal(10_839, result.Diseases);
        Assert.Equal(9_479, result.ActiveDiseases);
        TestContext.Current.TestOutputHelper?.WriteLine($"import took {result.Elapsed}"); // reported, not asserted: speed belongs to bench/
        await using var db = t.NewContext();
        Assert.True(await db.OrphaDiseases.CountAsync(Ct) > 10_000);

        var marfan = await db.OrphaDiseases.SingleAsync(d => d.Code == 558, Ct);
        Assert.Equal("Marfan syndrome", marfan.NameEn);
        Assert.Equal("Syndrome de Marfan", marfan.NameFr);
        Assert.True(marfan.IsActive);
        Assert.Equal("Disorder", marfan.ClassificationLevel);
        Assert.Equal("Disease", marfan.DisorderType);
        Assert.Null(marfan.RedirectTo);

        // orpha_redirections_fr_2023.csv: "166068","166063","21471" (Moved to)
        var pch5 = await db.OrphaDiseases.SingleAsync(d => d.Code == 166068, Ct);
        Assert.False(pch5.IsActive);
        Assert.Equal("Inactive: Deprecated", pch5.Status);
        Assert.Equal(166063, pch5.RedirectTo);
        Assert.Contains("PCH5", pch5.Synonyms!, StringComparison.Ordinal);
        Assert.Contains("Hypoplasie olivopontocérébelleuse foetale", pch5.Synonyms!, StringComparison.Ordinal);
        // "163898","622014","27341" (Referred to)
        Assert.Equal(622014, (await db.OrphaDiseases.SingleAsync(d => d.Code == 163898, Ct)).RedirectTo);

        Assert.Equal(35_755, await db.OrphaEdges.CountAsync(Ct));
        // Rare cardiac diseases (ClassificationId = the classification's OrphaNumber 156265): 97929 → 167848.
        Assert.True(await db.OrphaEdges.AnyAsync(e => e.ClassificationId == 156265 && e.ParentCode == 97929 && e.ChildCode == 167848, Ct));
        Assert.Equal("2023 (extraction 2023-06-21)",
            (await db.DataSetInfos.SingleAsync(i => i.Key == DataSetInfo.OrphanetVersionKey, Ct)).Value);
    }

    [Fact]
    public async Task Redirections_read_from_the_xml_alone_match_the_redirections_csv()
    {
        await using var t = await TempSqliteDb.CreateAsync(Ct);
        await OrphanetImporter.ImportAsync(t.Db, Pack, frenchCsvDirectory: null, null, Ct);

        await using var db = t.NewContext();
        var fromXml = await db.OrphaDiseases.Where(d => d.RedirectTo != null).ToDictionaryAsync(d => d.Code, d => d.RedirectTo!.Value, Ct);
        var csv = File.ReadAllLines(Path.Combine(FrenchDir, "orpha_redirections_fr_2023.csv")).Skip(1)
            .Select(l => l.Replace("\"", "", StringComparison.Ordinal).Split(','))
            .ToDictionary(f => int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), f => int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(csv.OrderBy(p => p.Key), fromXml.OrderBy(p => p.Key));
        Assert.Null((await db.OrphaDiseases.SingleAsync(d => d.Code == 558, Ct)).NameFr);
    }

    [Fact]
    public async Task Reimporting_the_same_pack_changes_nothing()
    {
        await using var t = await TempSqliteDb.CreateAsync(imported.DatabasePath, Ct);
        var before = await SnapshotAsync(t);

        await OrphanetImporter.ImportAsync(t.Db, Pack, FrenchDir, null, Ct);

        var after = await SnapshotAsync(t);
        Assert.Equal(before.Diseases, after.Diseases);
        Assert.Equal(before.Edges, after.Edges);
        Assert.Equal(before.Digest, after.Digest);
    }

    [Fact]
    public async Task Corrupted_zip_fails_naming_the_file_and_writes_nothing()
    {
        await using var t = await TempSqliteDb.CreateAsync(imported.DatabasePath, Ct);
        var before = await SnapshotAsync(t);
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.zip");
        var bytes = await File.ReadAllBytesAsync(Pack, Ct);
        await File.WriteAllBytesAsync(broken, bytes.AsSpan(0, bytes.Length / 3).ToArray(), Ct);
        try
        {
            var ex = await Assert.ThrowsAsync<OrphanetImportException>(() => OrphanetImporter.ImportAsync(t.Db, broken, FrenchDir, null, Ct));
            Assert.Contains(Path.GetFileName(broken), ex.Message, StringComparison.Ordinal);
            Assert.Equal(before.Digest, (await SnapshotAsync(t)).Digest);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task Truncated_nomenclature_xml_fails_naming_entry_and_line_and_writes_nothing()
    {
        await using var t = await TempSqliteDb.CreateAsync(imported.DatabasePath, Ct);
        var before = await SnapshotAsync(t);
        var truncated = await BuildPackAsync(nomenclatureBytes: 300_000);
        try
        {
            var ex = await Assert.ThrowsAsync<OrphanetImportException>(() => OrphanetImporter.ImportAsync(t.Db, truncated, FrenchDir, null, Ct));
            Assert.Contains(Path.GetFileName(truncated), ex.Message, StringComparison.Ordinal);
            Assert.Contains("ORPHAnomenclature_en_2023.xml", ex.Message, StringComparison.Ordinal);
            Assert.NotNull(ex.Line);
            Assert.True(ex.Line > 1000, $"line {ex.Line}");
            Assert.Contains($"ligne {ex.Line}", ex.Message, StringComparison.Ordinal);
            Assert.Equal(before.Digest, (await SnapshotAsync(t)).Digest);
        }
        finally
        {
            File.Delete(truncated);
        }
    }

    [Fact]
    public async Task Pack_without_nomenclature_entry_fails_clearly()
    {
        await using var t = await TempSqliteDb.CreateAsync(Ct);
        var path = Path.Combine(Path.GetTempPath(), $"empty-{Guid.NewGuid():N}.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            await using var w = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            await w.WriteAsync("not a pack");
        }
        try
        {
            var ex = await Assert.ThrowsAsync<OrphanetImportException>(() => OrphanetImporter.ImportAsync(t.Db, path, null, null, Ct));
            Assert.Contains(Path.GetFileName(path), ex.Message, StringComparison.Ordinal);
            Assert.Contains("ORPHAnomenclature", ex.Message, StringComparison.Ordinal);
            await using var db = t.NewContext();
            Assert.Equal(0, await db.OrphaDiseases.CountAsync(Ct));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Catalog_walks_the_classifications_and_resolves_redirections()
    {
        await using var t = await TempSqliteDb.CreateAsync(imported.DatabasePath, Ct);
        await using var db = t.NewContext();

        var catalog = await OrphaCatalog.LoadAsync(db, Ct);

        Assert.Equal(10_839, catalog.Count);
        Assert.Equal("2023 (extraction 2023-06-21)", catalog.Version);
        Assert.True(catalog.IsActive(558));
        Assert.False(catalog.IsActive(166068));
        Assert.Null(catalog.IsActive(999_999_999));
        Assert.Equal("Syndrome de Marfan", catalog.Find(558)!.NameFr);
        Assert.Equal(558, catalog.Resolve(558));
        Assert.Equal(166063, catalog.Resolve(166068));
        Assert.Null(catalog.Resolve(999_999_999));
        // Rare cardiac disease (97929) ⊃ rare cardiomyopathy (167848) ⊃ ARVC (247) ⊃ Naxos disease (34217).
        var descendants = catalog.Descendants(97929).ToList();
        Assert.Contains(34217, descendants);
        Assert.Contains(247, descendants);
        Assert.DoesNotContain(97929, descendants);
        Assert.Equal(descendants.Count, descendants.Distinct().Count());
        var ancestors = catalog.Ancestors(34217).ToList();
        Assert.Contains(247, ancestors);
        Assert.Contains(97929, ancestors);
        Assert.True(catalog.IsDescendantOf(34217, 167848));
    }

    [Fact]
    public async Task EnsureImported_does_nothing_when_the_nomenclature_is_there()
    {
        await using var t = await TempSqliteDb.CreateAsync(imported.DatabasePath, Ct);
        Assert.Null(await OrphanetImporter.EnsureImportedAsync(t.Db, null, Ct));
    }

    [Fact]
    public void Catalog_is_cycle_safe()
    {
        var d = (int code, string status, int? to) => new Domain.Registry.OrphaDisease { Code = code, NameEn = $"D{code}", Status = status, RedirectTo = to };
        var catalog = new OrphaCatalog(
            [d(1, "Active", null), d(2, "Active", null), d(3, "Active", null), d(10, "Inactive: Obsolete", 11), d(11, "Inactive: Obsolete", 10)],
            [new() { ParentCode = 1, ChildCode = 2 }, new() { ParentCode = 2, ChildCode = 3 }, new() { ParentCode = 3, ChildCode = 1 }]);

        Assert.Equal([2, 3], catalog.Descendants(1));
        Assert.Equal([3, 2], catalog.Ancestors(1));
        Assert.Null(catalog.Resolve(10));
    }

    private sealed record Snapshot(int Diseases, int Edges, string Digest);

    private static async Task<Snapshot> SnapshotAsync(TempSqliteDb t)
    {
        await using var db = t.NewContext();
        var diseases = await db.OrphaDiseases.AsNoTracking().OrderBy(d => d.Code).ToListAsync(Ct);
        var edges = await db.OrphaEdges.AsNoTracking().OrderBy(e => e.ClassificationId).ThenBy(e => e.ParentCode).ThenBy(e => e.ChildCode).ToListAsync(Ct);
        var info = await db.DataSetInfos.AsNoTracking().OrderBy(i => i.Key).ToListAsync(Ct);
        var sb = new StringBuilder();
        foreach (var d in diseases)
            sb.Append(d.Code).Append('\t').Append(d.NameEn).Append('\t').Append(d.NameFr).Append('\t').Append(d.Status).Append('\t')
              .Append(d.ClassificationLevel).Append('\t').Append(d.DisorderType).Append('\t').Append(d.Synonyms).Append('\t').Append(d.RedirectTo).Append('\n');
        foreach (var e in edges) sb.Append(e.ClassificationId).Append('\t').Append(e.ParentCode).Append('\t').Append(e.ChildCode).Append('\n');
        foreach (var i in info) sb.Append(i.Key).Append('=').Append(i.Value).Append('\n');
        var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
        return new Snapshot(diseases.Count, edges.Count, digest);
    }

    /// <summary>A copy of the real pack whose nomenclature entry is cut after <paramref name="nomenclatureBytes"/> bytes.</summary>
    private static async Task<string> BuildPackAsync(int nomenclatureBytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"truncated-{Guid.NewGuid():N}.zip");
        using var source = ZipFile.OpenRead(Pack);
        using var target = ZipFile.Open(path, ZipArchiveMode.Create);
        // The nomenclature fails first: one small classification is enough to make the pack complete.
        foreach (var entry in source.Entries.Where(e => e.Name.StartsWith("ORPHAnomenclature", StringComparison.Ordinal) || e.Name.Contains("_235_", StringComparison.Ordinal)))
        {
            await using var input = entry.Open();
            await using var output = target.CreateEntry(entry.FullName).Open();
            if (entry.Name.StartsWith("ORPHAnomenclature", StringComparison.Ordinal))
            {
                var buffer = new byte[nomenclatureBytes];
                await input.ReadExactlyAsync(buffer, Ct);
                await output.WriteAsync(buffer, Ct);
            }
            else
            {
                await input.CopyToAsync(output, Ct);
            }
        }
        return path;
    }
}
