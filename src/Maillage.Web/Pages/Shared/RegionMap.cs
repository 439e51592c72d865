namespace Maillage.Web.Pages.Shared;

/// <summary>
/// Keys of the region map of @gouvfr/dsfr-chart (2.0.x): its region layer is keyed by short codes, not by INSEE
/// region codes (shared MACHINE-NOTES); overseas regions use their département code.
/// </summary>
public static class RegionMap
{
    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["84"] = "ARA", ["27"] = "BFC", ["53"] = "BRE", ["24"] = "CVL", ["94"] = "20R", ["44"] = "GES",
        ["32"] = "HDF", ["11"] = "IDF", ["28"] = "NOR", ["75"] = "NAQ", ["76"] = "OCC", ["52"] = "PDL",
        ["93"] = "PAC", ["01"] = "971", ["02"] = "972", ["03"] = "973", ["04"] = "974", ["06"] = "976",
    };

    public static string? KeyOf(string inseeRegionCode) => Keys.GetValueOrDefault(inseeRegionCode);
}
