using Maillage.Core.Features.PublicDirectory;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Pages.Annuaire;

/// <summary>The directory's search: a disease (code, name, synonym, typos tolerated) and/or a place.</summary>
public sealed class IndexModel(DirectoryCache cache) : DirectoryPage(cache)
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "orpha")]
    public int? OrphaCode { get; set; }

    [BindProperty(SupportsGet = true, Name = "lieu")]
    public string? Lieu { get; set; }

    public DirectoryResult? Result { get; private set; }

    public bool Searched => !string.IsNullOrWhiteSpace(Q) || OrphaCode is not null || !string.IsNullOrWhiteSpace(Lieu);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadCatalogAsync(ct);
        if (Searched) Result = DirectorySearch.Search(Catalog, Q, OrphaCode, Lieu, limit: 100, lang: Language);
    }

    public string DiseaseLink(int code) =>
        "/annuaire?orpha=" + code.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (string.IsNullOrWhiteSpace(Lieu) ? "" : "&lieu=" + Uri.EscapeDataString(Lieu.Trim()))
        + (English ? "&lang=en" : "");

    /// <summary>The centres shown, counted by département (code, name, count), for the map of the results and its list.</summary>
    public IReadOnlyList<(string Code, string Name, int Count)> ResultsByDepartement() => Result is null ? [] :
        [.. Result.Centres.GroupBy(c => (c.DepartementCode, c.DepartementName)).Select(g => (g.Key.DepartementCode, g.Key.DepartementName, g.Count()))
            .OrderBy(x => x.DepartementCode, StringComparer.Ordinal)];

    /// <summary>The map's data: département code → number of centres (the DSFR map-chart component's format).</summary>
    public static string ResultsMapData(IReadOnlyList<(string Code, string Name, int Count)> byDepartement) =>
        System.Text.Json.JsonSerializer.Serialize(byDepartement.ToDictionary(x => x.Code, x => x.Count, StringComparer.Ordinal));
}
