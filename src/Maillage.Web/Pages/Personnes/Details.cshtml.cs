using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Personnes;

/// <summary>
/// A person and his or her mandates. The public sees the name, title and mandates; RPPS, status, birth date,
/// e-mail and the history (whose before/after values hold them) are shown to signed-in users only.
/// </summary>
public sealed class DetailsModel(RegistryQueries queries, AccessPolicy access, MaillageDbContext db) : PageModel
{
    public sealed record MandateItem(Mandate Mandate, string TargetName, string? TargetHref);

    public Person Person { get; private set; } = default!;
    public List<MandateItem> Mandates { get; private set; } = [];
    public bool SignedIn { get; private set; }
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var p = await queries.PersonAsync(id, ct);
        if (p is null) return NotFound();
        Person = p;
        Today = queries.Today;
        var caller = Caller.From(User);
        SignedIn = caller.IsAuthenticated;
        var mandates = await queries.MandatesAsync(personId: id, ct: ct);
        var centreIds = mandates.Where(m => m.CentreId != null).Select(m => m.CentreId!).ToList();
        var platformIds = mandates.Where(m => m.PlatformId != null).Select(m => m.PlatformId!).ToList();
        var centres = await db.Centres.AsNoTracking().Where(c => centreIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, StringComparer.Ordinal, ct);
        var platforms = await db.Platforms.AsNoTracking().Where(x => platformIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, StringComparer.Ordinal, ct);
        Mandates = mandates.Select(m => m.Role switch
        {
            MandateRole.CentreHead when m.CentreId is not null =>
                new MandateItem(m, centres.GetValueOrDefault(m.CentreId, m.CentreId), "/centres/" + Uri.EscapeDataString(m.CentreId)),
            MandateRole.FiliereCoordinator when m.FiliereAcronym is not null =>
                new MandateItem(m, "Filière " + m.FiliereAcronym, "/filieres/" + Uri.EscapeDataString(m.FiliereAcronym)),
            MandateRole.PlatformHead when m.PlatformId is not null =>
                new MandateItem(m, platforms.GetValueOrDefault(m.PlatformId, m.PlatformId), "/plateformes/" + Uri.EscapeDataString(m.PlatformId)),
            _ => new MandateItem(m, "—", null),
        }).ToList();
        if (SignedIn) History = await queries.HistoryAsync("person", id, ct);
        CanEdit = await access.CanWriteAsync(caller, "person", id, ct);
        return Page();
    }
}
