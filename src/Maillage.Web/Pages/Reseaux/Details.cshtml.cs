using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Reseaux;

/// <summary>A CRMR network: its sites, attached CCMR/CRC, perimeter, filière, ERN, labels and history.</summary>
public sealed class DetailsModel(RegistryPages pages) : PageModel
{
    public Network Network { get; private set; } = default!;
    public IReadOnlyList<CentreRow> Sites { get; private set; } = [];
    public IReadOnlyList<CentreRow> CompetenceCentres { get; private set; } = [];
    public IReadOnlyList<CentreRow> ResourceCentres { get; private set; } = [];
    public Dictionary<int, string> OrphaNames { get; private set; } = [];
    public Dictionary<string, string> ErnNames { get; private set; } = [];
    public List<(string Id, string Name)> Associations { get; private set; } = [];
    public IReadOnlyList<Label> Labels { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await pages.NetworkAsync(Caller.From(User), id, ct) is not { } v) return NotFound();
        Network = v.Network;
        Sites = v.Sites;
        CompetenceCentres = v.CompetenceCentres;
        ResourceCentres = v.ResourceCentres;
        OrphaNames = v.OrphaNames;
        ErnNames = v.ErnNames;
        Associations = v.Associations.ToList();
        Labels = v.Labels;
        History = v.History;
        CanEdit = v.CanEdit;
        return Page();
    }
}
