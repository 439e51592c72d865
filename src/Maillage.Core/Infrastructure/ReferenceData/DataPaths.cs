namespace Maillage.Core.Infrastructure.ReferenceData;

/// <summary>Where the shipped reference data (the repository's <c>data/</c> folder) is found at run time.</summary>
public static class DataPaths
{
    private static readonly Lazy<string> Directory_ = new(Locate);

    /// <summary>
    /// <c>AppContext.BaseDirectory/data</c> (Maillage.Core copies <c>data/**</c> to every host's output); when that
    /// folder is missing (e.g. a tool run from an odd place), the nearest <c>data/</c> folder found walking up from the
    /// base directory that holds <c>orphanet/</c>.
    /// </summary>
    public static string DataDirectory => Directory_.Value;

    public static string Orphanet => Path.Combine(DataDirectory, "orphanet");

    /// <summary>The official ORPHAnomenclature pack shipped with the product.</summary>
    public static string OrphanetPack => Path.Combine(Orphanet, "Orphanet_Nomenclature_Pack_EN_2023.zip");

    private static string Locate()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "data");
        if (Directory.Exists(local)) return local;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data");
            if (Directory.Exists(Path.Combine(candidate, "orphanet"))) return candidate;
        }
        return local;
    }
}
