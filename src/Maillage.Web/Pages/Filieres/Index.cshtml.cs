using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Filieres;

/// <summary>The filières (FSMR) with their counts as of today.</summary>
public sealed class IndexModel(RegistryQueries queries, MaillageDbContext db) : PageModel
{
    public List<Filiere> Filieres { get; private set; } = [];
    public RegistryStats Stats { get; private set; } = default!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Filieres = await db.Filieres.AsNoTracking().Include(f => f.Host).OrderBy(f => f.Acronym).ToListAsync(ct);
        Stats = await queries.StatsAsync(ct: ct);
    }
}
