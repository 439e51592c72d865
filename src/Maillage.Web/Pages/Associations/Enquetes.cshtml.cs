using Maillage.Core.Features.Associations;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Associations;

/// <summary>The surveys the caller may read: its association's, its centre's or filière's (once opened), all for the ministry.</summary>
public sealed class EnquetesModel(AssociationSpaceService service) : PageModel
{
    public IReadOnlyList<SurveyRow> Surveys { get; private set; } = [];
    public Caller Caller { get; private set; } = Caller.Anonymous;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Caller = Caller.From(User);
        try { Surveys = await service.SurveysAsync(Caller, ct); }
        catch (AccessRefusedException) { return Challenge(); }
        return Page();
    }
}
