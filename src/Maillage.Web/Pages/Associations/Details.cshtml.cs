using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Associations;

/// <summary>A patient association and its conventions with networks, centres and filières.</summary>
public sealed class DetailsModel(RegistryPages pages, Maillage.Core.Features.Filieres.GovernanceService governance) : PageModel
{
    /// <summary>The seats the association holds in the filières' governance committees.</summary>
    public IReadOnlyList<Maillage.Core.Features.Filieres.AssociationSeat> Seats { get; private set; } = [];

    public sealed record ConventionItem(AssociationConvention Convention, string TargetName, string TargetHref);

    public Association Association { get; private set; } = default!;
    public List<ConventionItem> Conventions { get; private set; } = [];
    public string? DepartementName { get; private set; }
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await pages.AssociationAsync(Caller.From(User), id, ct) is not { } v) return NotFound();
        var a = v.Association;
        Association = a;
        Conventions = a.Conventions.OrderByDescending(c => c.SignedOn).Select(c => c.TargetKind switch
        {
            ConventionTarget.Network => new ConventionItem(c, v.NetworkNames.GetValueOrDefault(c.TargetId, c.TargetId), "/reseaux/" + Uri.EscapeDataString(c.TargetId)),
            ConventionTarget.Centre => new ConventionItem(c, v.CentreNames.GetValueOrDefault(c.TargetId, c.TargetId), "/centres/" + Uri.EscapeDataString(c.TargetId)),
            _ => new ConventionItem(c, c.TargetId + " – " + v.FiliereNames.GetValueOrDefault(c.TargetId, ""), "/filieres/" + Uri.EscapeDataString(c.TargetId)),
        }).ToList();
        DepartementName = v.DepartementName;
        History = v.History;
        CanEdit = v.CanEdit;
        Seats = await governance.SeatsOfAssociationAsync(a.Id, ct);
        return Page();
    }
}
