using Maillage.Core.Infrastructure.Security;
using System.Text.Json;
using Maillage.Core.Features.Registry;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages;

/// <summary>Home: the network in figures, computed from the registry as of a date (today by default).</summary>
public sealed class IndexModel(RegistryPages pages) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "date")]
    public string? Date { get; set; }

    public RegistryStats Stats { get; private set; } = default!;
    public DateOnly AsOf { get; private set; }
    public Dictionary<string, string> FiliereNames { get; private set; } = [];
    public Dictionary<string, string> RegionNames { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        DateOnly? asOf = Fr.TryParseIsoDate(Date, out var d) ? d : null;
        var view = await pages.HomeAsync(Caller.From(User), asOf, ct);
        Stats = view.Stats;
        AsOf = view.AsOf;
        FiliereNames = view.FiliereNames;
        RegionNames = view.RegionNames;
    }

    public static int Centres(StructureCounts c) => c.ReferenceSites + c.CompetenceCentres + c.ResourceCentres;

    public string FiliereChartX => JsonSerializer.Serialize(new[] { Stats.ByFiliere.Keys.ToArray() });

    public string FiliereChartY => JsonSerializer.Serialize(new[]
    {
        Stats.ByFiliere.Values.Select(c => c.CoordinatingSites).ToArray(),
        Stats.ByFiliere.Values.Select(c => c.ConstitutiveSites).ToArray(),
        Stats.ByFiliere.Values.Select(c => c.CompetenceCentres + c.ResourceCentres).ToArray(),
    });

    public static string FiliereChartNames => JsonSerializer.Serialize(new[] { "Sites coordonnateurs", "Sites constitutifs", "CCMR et CRC" });

    /// <summary>Centres per region, keyed as the dsfr-chart region map expects.</summary>
    public string RegionMapData => JsonSerializer.Serialize(Stats.ByRegion
        .Select(r => (Key: RegionMap.KeyOf(r.Key), Value: Centres(r.Value)))
        .Where(r => r.Key is not null)
        .ToDictionary(r => r.Key!, r => r.Value, StringComparer.Ordinal));
}
