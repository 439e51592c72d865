using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Pages.Associations;

/// <summary>A patient association and its conventions with networks, centres and filières.</summary>
public sealed class DetailsModel(RegistryQueries queries, AccessPolicy access, MaillageDbContext db) : PageModel
{
    public sealed record ConventionItem(AssociationConvention Convention, string TargetName, string TargetHref);

    public Association Association { get; private set; } = default!;
    public List<ConventionItem> Conventions { get; private set; } = [];
    public string? DepartementName { get; private set; }
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var a = await queries.AssociationAsync(id, ct);
        if (a is null) return NotFound();
        Association = a;
        var ids = a.Conventions.Select(c => c.TargetId).ToList();
        var networks = await db.Networks.AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Name, StringComparer.Ordinal, ct);
        var centres = await db.Centres.AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Name, StringComparer.Ordinal, ct);
        var filieres = await db.Filieres.AsNoTracking().Where(n => ids.Contains(n.Acronym)).ToDictionaryAsync(n => n.Acronym, n => n.Name, StringComparer.Ordinal, ct);
        Conventions = a.Conventions.OrderByDescending(c => c.SignedOn).Select(c => c.TargetKind switch
        {
            ConventionTarget.Network => new ConventionItem(c, networks.GetValueOrDefault(c.TargetId, c.TargetId), "/reseaux/" + Uri.EscapeDataString(c.TargetId)),
            ConventionTarget.Centre => new ConventionItem(c, centres.GetValueOrDefault(c.TargetId, c.TargetId), "/centres/" + Uri.EscapeDataString(c.TargetId)),
            _ => new ConventionItem(c, c.TargetId + " – " + filieres.GetValueOrDefault(c.TargetId, ""), "/filieres/" + Uri.EscapeDataString(c.TargetId)),
        }).ToList();
        if (a.DepartementCode is not null)
            DepartementName = await db.Departements.AsNoTracking().Where(d => d.Code == a.DepartementCode).Select(d => d.Name).FirstOrDefaultAsync(ct);
        History = await queries.HistoryAsync("association", id, ct);
        CanEdit = await access.CanWriteAsync(Caller.From(User), "association", id, ct);
        return Page();
    }
}
