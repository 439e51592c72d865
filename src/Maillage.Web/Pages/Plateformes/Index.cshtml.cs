using Maillage.Core.Data;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Plateformes;

/// <summary>Expertise platforms (PEMR) and overseas coordination platforms.</summary>
public sealed class IndexModel(MaillageDbContext db) : PageModel
{
    public List<Platform> Platforms { get; private set; } = [];
    public Dictionary<string, string> RegionNames { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Platforms = await db.Platforms.AsNoTracking().Include(p => p.Host).Include(p => p.Centres)
            .OrderBy(p => p.Kind).ThenBy(p => p.Name).ToListAsync(ct);
        RegionNames = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, StringComparer.Ordinal, ct);
    }
}
