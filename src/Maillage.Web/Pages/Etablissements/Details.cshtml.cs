using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Etablissements;

/// <summary>An establishment (ET or EJ) and all its centres; for an EJ, its geographical sites too.</summary>
public sealed class DetailsModel(RegistryPages pages) : PageModel
{
    public Establishment Establishment { get; private set; } = default!;
    public IReadOnlyList<CentreRow> Centres { get; private set; } = [];
    public List<Establishment> Sites { get; private set; } = [];
    public List<Platform> Platforms { get; private set; } = [];
    public List<Filiere> Filieres { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(string finess, CancellationToken ct)
    {
        if (await pages.EstablishmentAsync(Caller.From(User), finess, ct) is not { } v) return NotFound();
        Establishment = v.Establishment;
        Centres = v.Centres;
        Sites = v.Sites.ToList();
        Platforms = v.Platforms.ToList();
        Filieres = v.Filieres.ToList();
        History = v.History;
        CanEdit = v.CanEdit;
        return Page();
    }
}
