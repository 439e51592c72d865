using Maillage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Testing;

/// <summary>A migrated SQLite database in a temporary file, deleted on dispose.</summary>
public sealed class TempSqliteDb : IAsyncDisposable
{
    private TempSqliteDb(string path, MaillageDbContext db)
    {
        Path = path;
        Db = db;
    }

    public string Path { get; }
    public MaillageDbContext Db { get; }

    public static async Task<TempSqliteDb> CreateAsync(CancellationToken ct) => await CreateAsync(null, ct);

    /// <summary>A database starting as a copy of <paramref name="templatePath"/> (a closed SQLite file), or empty.</summary>
    public static async Task<TempSqliteDb> CreateAsync(string? templatePath, CancellationToken ct)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"maillage-test-{Guid.NewGuid():N}.db");
        if (templatePath is not null) File.Copy(templatePath, path);
        var db = new MaillageDbContext(new DbContextOptionsBuilder<MaillageDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options);
        await SchemaMigrator.MigrateAsync(db, ct);
        return new TempSqliteDb(path, db);
    }

    /// <summary>A fresh context on the same file (nothing tracked).</summary>
    public MaillageDbContext NewContext() =>
        new(new DbContextOptionsBuilder<MaillageDbContext>().UseSqlite($"Data Source={Path};Pooling=False").Options);

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        foreach (var f in new[] { Path, Path + "-wal", Path + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
    }
}
