using System.Text.Json.Serialization;

namespace Maillage.Core.Features.Registry;

/// <summary>Counts of the network's structures (the contract of <c>maillage registry stats --format json</c>).</summary>
public sealed class StructureCounts
{
    [JsonPropertyName("networks")] public int Networks { get; set; }
    [JsonPropertyName("coordinating_sites")] public int CoordinatingSites { get; set; }
    [JsonPropertyName("constitutive_sites")] public int ConstitutiveSites { get; set; }
    [JsonPropertyName("competence_centres")] public int CompetenceCentres { get; set; }
    [JsonPropertyName("resource_centres")] public int ResourceCentres { get; set; }
    [JsonPropertyName("platforms")] public int Platforms { get; set; }

    [JsonIgnore] public int ReferenceSites => CoordinatingSites + ConstitutiveSites;
}

public sealed class RegistryStats
{
    [JsonPropertyName("as_of")] public required string AsOf { get; init; }
    [JsonPropertyName("fictitious_demo_data")] public bool FictitiousDemoData { get; init; }
    [JsonPropertyName("totals")] public required StructureCounts Totals { get; init; }
    /// <summary>Keyed by filière acronym; every filière appears, with zeros where it has nothing.</summary>
    [JsonPropertyName("by_filiere")] public required SortedDictionary<string, StructureCounts> ByFiliere { get; init; }
    /// <summary>Keyed by region INSEE code; every region appears.</summary>
    [JsonPropertyName("by_region")] public required SortedDictionary<string, StructureCounts> ByRegion { get; init; }
}
