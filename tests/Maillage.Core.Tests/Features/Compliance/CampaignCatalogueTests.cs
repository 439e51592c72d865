using Maillage.Core.Infrastructure.Campaigns;
using Xunit;

namespace Maillage.Core.Tests.Features.Compliance;

/// <summary>The one campaign catalogue: each file parsed once, parsed again only when its content changes.</summary>
public sealed class CampaignCatalogueTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("maillage-campaigns-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Copy(string id)
    {
        var path = Path.Combine(folder, id + ".yaml");
        File.Copy(ReferentialPaths.ForCampaign(id), path, overwrite: true);
        return path;
    }

    [Fact]
    public void Loads_once_and_reloads_only_when_a_file_changes()
    {
        var path = Copy("2023-2028");
        var catalogue = new CampaignCatalogue(folder);
        var first = catalogue.Get("2023-2028");
        var fingerprint = catalogue.Fingerprint;
        Assert.Same(first, catalogue.Get("2023-2028"));

        // Touched, same content: same fingerprint, same parsed referential.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));
        Assert.Same(first, catalogue.Get("2023-2028"));
        Assert.Equal(fingerprint, catalogue.Fingerprint);

        // Changed content: a new fingerprint and the new label.
        File.WriteAllText(path, File.ReadAllText(path).Replace("label: \"", "label: \"(modifié) ", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(10));
        var second = catalogue.Get("2023-2028");
        Assert.NotSame(first, second);
        Assert.NotEqual(fingerprint, catalogue.Fingerprint);
        Assert.StartsWith("(modifié) ", second.Label, StringComparison.Ordinal);

        // A new file is a new campaign.
        Copy("2017-2022");
        Assert.Equal(["2017-2022", "2023-2028"], catalogue.Ids);
        Assert.Equal("2017-2022", catalogue.ForYear(2020)!.CampaignId);
        Assert.Equal("2023-2028", catalogue.Activity.CampaignOf(2024));
    }

    [Fact]
    public void An_unknown_id_or_a_broken_file_is_a_clear_error()
    {
        File.WriteAllText(Path.Combine(folder, "2030-2035.yaml"), "campaign:\n  id: [unclosed\n");
        var catalogue = new CampaignCatalogue(folder);
        var unknown = Assert.Throws<ReferentialException>(() => catalogue.Get("../secret"));
        Assert.Contains("inconnue (référentiels disponibles : 2030-2035)", unknown.Message, StringComparison.Ordinal);
        var broken = Assert.Throws<ReferentialException>(() => catalogue.Get("2030-2035"));
        Assert.Equal("2030-2035.yaml", broken.File);
        Assert.True(broken.Line >= 1);
    }

    [Fact]
    public void The_shipped_catalogue_is_one_instance_with_both_campaigns()
    {
        Assert.Same(CampaignCatalogue.Shipped, CampaignCatalogue.Shipped);
        Assert.Contains("2023-2028", CampaignCatalogue.Shipped.Ids);
        Assert.Same(CampaignCatalogue.Shipped.Get("2023-2028"), CampaignCatalogue.Shipped.Get("2023-2028"));
    }
}
