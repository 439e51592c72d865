using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Reseaux;

/// <summary>CRMR networks grouped by filière.</summary>
public sealed class IndexModel(RegistryPages pages) : PageModel
{
    public List<IGrouping<string, NetworkListItem>> ByFiliere { get; private set; } = [];
    public Dictionary<string, string> FiliereNames { get; private set; } = [];
    public int Count { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var view = await pages.NetworksAsync(Caller.From(User), ct);
        var items = view.Networks;
        Count = items.Count;
        ByFiliere = items.OrderBy(n => n.Name, StringComparer.Create(Shared.Fr.Culture, true))
            .GroupBy(n => n.Filiere).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        FiliereNames = view.FiliereNames;
    }
}
