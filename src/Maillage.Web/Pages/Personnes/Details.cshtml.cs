using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Personnes;

/// <summary>
/// A person and his or her mandates. Everyone sees the name, title and mandates; RPPS, status, birth date and the history
/// (identifying data), and the e-mail (professional contact), only the callers whose role and scope cover the person
/// (docs/security.md, "Who reads what"): <see cref="PersonView"/> has them null otherwise.
/// </summary>
public sealed class DetailsModel(RegistryPages pages) : PageModel
{
    public sealed record MandateItem(Mandate Mandate, string TargetName, string? TargetHref);

    public PersonView Person { get; private set; } = default!;
    public List<MandateItem> Mandates { get; private set; } = [];
    /// <summary>Null when the caller may not read the person's history.</summary>
    public IReadOnlyList<HistoryRow>? History { get; private set; }
    public bool CanEdit { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await pages.PersonAsync(Caller.From(User), id, ct) is not { } v) return NotFound();
        Person = v.Person;
        Today = v.Today;
        Mandates = v.Mandates.Select(m => m.Role switch
        {
            MandateRole.CentreHead when m.CentreId is not null =>
                new MandateItem(m, v.CentreNames.GetValueOrDefault(m.CentreId, m.CentreId), "/centres/" + Uri.EscapeDataString(m.CentreId)),
            MandateRole.FiliereCoordinator when m.FiliereAcronym is not null =>
                new MandateItem(m, "Filière " + m.FiliereAcronym, "/filieres/" + Uri.EscapeDataString(m.FiliereAcronym)),
            MandateRole.PlatformHead when m.PlatformId is not null =>
                new MandateItem(m, v.PlatformNames.GetValueOrDefault(m.PlatformId, m.PlatformId), "/plateformes/" + Uri.EscapeDataString(m.PlatformId)),
            _ => new MandateItem(m, "—", null),
        }).ToList();
        History = v.History;
        CanEdit = v.CanEdit;
        return Page();
    }
}
