using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Etablissements;

/// <summary>An establishment (ET or EJ) and all its centres; for an EJ, its geographical sites too.</summary>
public sealed class DetailsModel(RegistryQueries queries, AccessPolicy access, MaillageDbContext db) : PageModel
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
        var e = await queries.EstablishmentAsync(finess, ct);
        if (e is null) return NotFound();
        Establishment = e;
        Centres = (await queries.CentresAsync(new CentreFilter { Establishment = finess }, 1, 10_000, ct)).Items;
        Sites = await db.Establishments.AsNoTracking().Where(x => x.LegalEntityFiness == finess).OrderBy(x => x.Name).ToListAsync(ct);
        Platforms = await db.Platforms.AsNoTracking().Where(p => p.HostFiness == finess).OrderBy(p => p.Name).ToListAsync(ct);
        Filieres = await db.Filieres.AsNoTracking().Where(f => f.HostFiness == finess).OrderBy(f => f.Acronym).ToListAsync(ct);
        History = await queries.HistoryAsync("establishment", finess, ct);
        CanEdit = await access.CanWriteAsync(Caller.From(User), "establishment", finess, ct);
        return Page();
    }
}
