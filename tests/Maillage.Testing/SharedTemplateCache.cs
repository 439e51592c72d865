using System.Security.Cryptography;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.ReferenceData;

namespace Maillage.Testing;

/// <summary>
/// The SQLite seed templates shared by the test processes of a machine: Maillage.Core.Tests, Maillage.Web.Tests and
/// Maillage.Browser.Tests each need the demo template, which takes minutes to build on a loaded 2-core machine (the
/// ORPHA nomenclature, the demo network, its activity, dossiers and reports). The first process builds it under a file
/// lock, the others wait and copy it. A template is keyed by what makes it: the seed, the local date (the demo's first
/// start is relative to today), the bytes of Maillage.Core, Maillage.Domain and Maillage.Testing, and the name and bytes
/// of every file of the reference data folder; any change builds a new one. Each process copies the shared
/// file into its own folder before use, so pruning old entries never pulls a file from under a test.
/// <c>MAILLAGE_TEMPLATE_CACHE</c> names the folder (default: <c>$TMPDIR/maillage-template-cache</c>); <c>off</c> builds
/// the templates in each process as before.
/// </summary>
public static class SharedTemplateCache
{
    public const string Variable = "MAILLAGE_TEMPLATE_CACHE";

    /// <summary>Entries kept besides the one just written (the newest ones; older than a day are deleted anyway).</summary>
    private const int Kept = 8;

    private static readonly TimeSpan LockCeiling = TimeSpan.FromMinutes(20);

    /// <summary>The shared folder, or null when the cache is off.</summary>
    public static string? Folder =>
        Environment.GetEnvironmentVariable(Variable) switch
        {
            "off" or "0" => null,
            { Length: > 0 } folder => folder,
            _ => Path.Combine(Path.GetTempPath(), "maillage-template-cache"),
        };

    /// <summary>The template of <paramref name="seed"/> as a file in <paramref name="privateFolder"/>: copied from the
    /// shared cache, or built by <paramref name="build"/> (which returns the file it built) and then shared.</summary>
    public static string GetOrBuild(string seed, string privateFolder, Func<string, string> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (Folder is not { } folder) return build(seed);
        Directory.CreateDirectory(folder);
        var key = Key(seed);
        var shared = Path.Combine(folder, $"template-{key}.db");
        var mine = Path.Combine(privateFolder, $"template-{seed}-shared.db");
        using var held = Lock(Path.Combine(folder, $"template-{key}.lock"));
        if (File.Exists(shared))
        {
            File.Copy(shared, mine, overwrite: true);
            return mine;
        }
        var built = build(seed);
        var partial = shared + "." + Guid.NewGuid().ToString("N") + ".partial";
        File.Copy(built, partial);
        File.Move(partial, shared, overwrite: true); // a rename: other processes see the whole file or none
        Prune(folder, shared);
        return built;
    }

    private static FileStream Lock(string path)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock between processes (flock on Unix), released if the holder dies.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockCeiling)
            {
                Thread.Sleep(250); // another process builds this template: it takes minutes, wait for it
            }
        }
    }

    private static string Key(string seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Add(seed);
        Add(DateTime.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add(TimeZoneInfo.Local.Id);
        foreach (var assembly in new[] { typeof(MaillageDbContext).Assembly, typeof(Maillage.Domain.Registry.Person).Assembly, typeof(SharedTemplateCache).Assembly })
            hash.AppendData(File.ReadAllBytes(assembly.Location));
        var data = DataPaths.DataDirectory;
        if (Directory.Exists(data))
            foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                Add(Path.GetRelativePath(data, file));
                hash.AppendData(File.ReadAllBytes(file)); // ~11 MB: read in well under a second
            }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    private static void Prune(string folder, string keep)
    {
        try
        {
            var entries = new DirectoryInfo(folder).GetFiles("template-*.db")
                .Where(f => f.FullName != keep).OrderByDescending(f => f.LastWriteTimeUtc).ToList();
            foreach (var old in entries.Skip(Kept).Concat(entries.Take(Kept).Where(f => f.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-1))))
                old.Delete();
            // Lock files are empty; only day-old ones go (a newer one may be held or waited on).
            foreach (var old in new DirectoryInfo(folder).GetFiles("template-*.lock").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-1)))
                old.Delete();
        }
        catch (IOException) { /* best effort: another process prunes too */ }
        catch (UnauthorizedAccessException) { /* best effort */ }
    }
}
