using Maillage.Core.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Associations;

/// <summary>Patient associations and how many conventions each has signed.</summary>
public sealed class IndexModel(MaillageDbContext db) : PageModel
{
    public sealed record Item(string Id, string Name, string? Acronym, string? Website, int Conventions);

    public List<Item> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Items = (await db.Associations.AsNoTracking()
                .Select(a => new { a.Id, a.Name, a.Acronym, a.Website, Count = a.Conventions.Count }).ToListAsync(ct))
            .Select(a => new Item(a.Id, a.Name, a.Acronym, a.Website, a.Count))
            .OrderBy(a => a.Name, StringComparer.Create(Shared.Fr.Culture, true)).ToList();
    }
}
