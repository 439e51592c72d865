namespace Maillage.Core.Infrastructure.Campaigns;

/// <summary>Where the shipped campaign referentials (the repository's <c>referentials/</c> folder) are found at run time.</summary>
public static class ReferentialPaths
{
    private static readonly Lazy<string> Directory_ = new(Locate);

    /// <summary><c>AppContext.BaseDirectory/referentials</c> (Maillage.Core copies it to every host's output), else the nearest one walking up.</summary>
    public static string Directory => Directory_.Value;

    /// <summary>The file of a campaign: <c>referentials/&lt;campaign&gt;.yaml</c>.</summary>
    public static string ForCampaign(string campaignId) => Path.Combine(Directory, campaignId + ".yaml");

    private static string Locate()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "referentials");
        if (System.IO.Directory.Exists(local)) return local;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "referentials");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        return local;
    }
}
