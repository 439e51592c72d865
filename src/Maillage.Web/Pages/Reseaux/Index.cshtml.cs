using Maillage.Core.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Reseaux;

/// <summary>CRMR networks grouped by filière.</summary>
public sealed class IndexModel(MaillageDbContext db) : PageModel
{
    public sealed record NetworkItem(string Id, string Name, string? Acronym, string Filiere, string? Coordinating, int Sites);

    public List<IGrouping<string, NetworkItem>> ByFiliere { get; private set; } = [];
    public Dictionary<string, string> FiliereNames { get; private set; } = [];
    public int Count { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var networks = await db.Networks.AsNoTracking()
            .Select(n => new
            {
                n.Id, n.Name, n.Acronym, n.FiliereAcronym,
                Coordinating = n.Sites.Where(s => s.Role == Domain.Registry.SiteRole.Coordinating && s.ClosedOn == null).Select(s => s.Establishment!.Commune).FirstOrDefault(),
                Sites = n.Sites.Count(s => s.ClosedOn == null),
            })
            .ToListAsync(ct);
        var items = networks.Select(n => new NetworkItem(n.Id, n.Name, n.Acronym, n.FiliereAcronym, n.Coordinating, n.Sites)).ToList();
        Count = items.Count;
        ByFiliere = items.OrderBy(n => n.Name, StringComparer.Create(Shared.Fr.Culture, true))
            .GroupBy(n => n.Filiere).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        FiliereNames = await db.Filieres.AsNoTracking().ToDictionaryAsync(f => f.Acronym, f => f.Name, StringComparer.Ordinal, ct);
    }
}
