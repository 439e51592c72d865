using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Associations;

/// <summary>Patient associations and how many conventions each has signed.</summary>
public sealed class IndexModel(RegistryPages pages) : PageModel
{
    public sealed record Item(string Id, string Name, string? Acronym, string? Website, int Conventions);

    public List<Item> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Items = (await pages.AssociationsAsync(Caller.From(User), ct))
            .Select(a => new Item(a.Id, a.Name, a.Acronym, a.Website, a.Conventions))
            .OrderBy(a => a.Name, StringComparer.Create(Shared.Fr.Culture, true)).ToList();
    }
}
