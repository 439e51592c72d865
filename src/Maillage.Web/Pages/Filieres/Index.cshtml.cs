using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Features.Registry;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Filieres;

/// <summary>The filières (FSMR) with their counts as of today.</summary>
public sealed class IndexModel(RegistryPages pages) : PageModel
{
    public List<Filiere> Filieres { get; private set; } = [];
    public RegistryStats Stats { get; private set; } = default!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var v = await pages.FilieresAsync(Caller.From(User), ct);
        Filieres = v.Filieres.ToList();
        Stats = v.Stats;
    }
}
