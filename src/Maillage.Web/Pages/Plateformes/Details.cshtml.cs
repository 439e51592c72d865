using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Features.Registry;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Plateformes;

/// <summary>A platform: host, establishments and centres it serves, heads, labels, history.</summary>
public sealed class DetailsModel(RegistryPages pages) : PageModel
{
    public Platform Platform { get; private set; } = default!;
    public string? RegionName { get; private set; }
    public List<Establishment> Establishments { get; private set; } = [];
    public List<(string Id, string Name)> Centres { get; private set; } = [];
    public IReadOnlyList<Mandate> Heads { get; private set; } = [];
    public IReadOnlyList<Label> Labels { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await pages.PlatformAsync(Caller.From(User), id, ct) is not { } v) return NotFound();
        Platform = v.Platform;
        RegionName = v.RegionName;
        Establishments = v.Establishments.ToList();
        Centres = v.Centres.ToList();
        Heads = v.Heads;
        Labels = v.Labels;
        History = v.History;
        return Page();
    }
}
