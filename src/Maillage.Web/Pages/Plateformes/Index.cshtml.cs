using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Plateformes;

/// <summary>Expertise platforms (PEMR) and overseas coordination platforms.</summary>
public sealed class IndexModel(RegistryPages pages) : PageModel
{
    public List<Platform> Platforms { get; private set; } = [];
    public Dictionary<string, string> RegionNames { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var v = await pages.PlatformsAsync(Caller.From(User), ct);
        Platforms = v.Platforms.ToList();
        RegionNames = v.RegionNames;
    }
}
