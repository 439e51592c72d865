using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Filieres;

/// <summary>A filière: its counts (as on the filière's own public page), networks, coordinators, ERN, labels, history.</summary>
public sealed class DetailsModel(RegistryPages pages) : PageModel
{
    public Filiere Filiere { get; private set; } = default!;
    public StructureCounts Counts { get; private set; } = new();
    public DateOnly AsOf { get; private set; }
    public List<FiliereNetworkItem> Networks { get; private set; } = [];
    public Dictionary<string, string> ErnNames { get; private set; } = [];
    public IReadOnlyList<Mandate> Coordinators { get; private set; } = [];
    public List<(string Id, string Name)> Associations { get; private set; } = [];
    public IReadOnlyList<Label> Labels { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(string acronym, CancellationToken ct)
    {
        if (await pages.FiliereAsync(Caller.From(User), acronym, ct) is not { } v) return NotFound();
        Filiere = v.Filiere;
        Today = v.Today;
        Counts = v.Counts;
        AsOf = v.AsOf;
        Networks = v.Networks.OrderBy(n => n.Name, StringComparer.Create(Shared.Fr.Culture, true)).ToList();
        ErnNames = v.ErnNames;
        Coordinators = v.Coordinators;
        Associations = v.Associations.ToList();
        Labels = v.Labels;
        History = v.History;
        CanEdit = v.CanEdit;
        return Page();
    }
}
