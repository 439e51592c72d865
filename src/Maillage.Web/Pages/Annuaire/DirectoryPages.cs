using Maillage.Core.Features.PublicDirectory;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Pages.Annuaire;

/// <summary>Public pages of a centre (site, CCMR, CRC), a network, a filière and a platform, from the directory catalog.</summary>
public sealed class CentreModel(DirectoryCache cache) : DirectoryPage(cache)
{
    [BindProperty(SupportsGet = true, Name = "lieu")]
    public string? Lieu { get; set; }

    public DirCentre Centre { get; private set; } = default!;
    public DirEstablishment Establishment { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        await LoadCatalogAsync(ct);
        if (!Catalog.Centres.TryGetValue(id, out var c)) return NotFound();
        Centre = c;
        Establishment = Catalog.EstablishmentOf(c)!;
        return Page();
    }
}

public sealed class NetworkModel(DirectoryCache cache) : DirectoryPage(cache)
{
    [BindProperty(SupportsGet = true, Name = "lieu")]
    public string? Lieu { get; set; }

    public DirNetwork Network { get; private set; } = default!;
    public List<CentreHit> Sites { get; private set; } = [];
    public List<CentreHit> Attached { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        await LoadCatalogAsync(ct);
        if (!Catalog.Networks.TryGetValue(id, out var n)) return NotFound();
        Network = n;
        var place = string.IsNullOrWhiteSpace(Lieu) ? null : Catalog.Places.Resolve(Lieu);
        if (place is not null)
        {
            var (point, source) = Maillage.Domain.PublicDirectory.PlaceResolver.ReferencePoint(place, Catalog.Located);
            place = place with { Point = point, PointSource = source };
        }
        var centres = (Catalog.CentresByNetwork.GetValueOrDefault(id) ?? []).Select(x => Catalog.Centres[x]).ToList();
        Sites = DirectorySearch.Rank(Catalog, centres.Where(c => c.NetworkId == id), place);
        Attached = DirectorySearch.Rank(Catalog, centres.Where(c => c.NetworkId != id), place);
        return Page();
    }
}

public sealed class FiliereModel(DirectoryCache cache) : DirectoryPage(cache)
{
    public DirFiliere Filiere { get; private set; } = default!;
    public List<DirNetwork> Networks { get; private set; } = [];
    public int CentreCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(string acronym, CancellationToken ct)
    {
        await LoadCatalogAsync(ct);
        if (!Catalog.Filieres.TryGetValue(acronym, out var f)) return NotFound();
        Filiere = f;
        Networks = [.. Catalog.Networks.Values.Where(n => n.FiliereAcronym == acronym).OrderBy(n => n.Name, StringComparer.Ordinal)];
        CentreCount = Catalog.Centres.Values.Count(c => c.Filieres.Contains(acronym));
        return Page();
    }
}

public sealed class PlatformModel(DirectoryCache cache) : DirectoryPage(cache)
{
    protected override bool Translated => false;

    public DirPlatform Platform { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        await LoadCatalogAsync(ct);
        if (!Catalog.Platforms.TryGetValue(id, out var p)) return NotFound();
        Platform = p;
        return Page();
    }
}

public sealed class DataModel(DirectoryCache cache) : DirectoryPage(cache)
{
    protected override bool Translated => false;

    public Task OnGetAsync(CancellationToken ct) => LoadCatalogAsync(ct);
}
