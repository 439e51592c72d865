using Maillage.Core.Features.FiliereReports;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Filieres.Activite;

/// <summary>A filière's annual reports the caller may read (the public: those the ministry received), and, for its editors, the years to write.</summary>
public sealed class RapportsModel(FiliereReportService service) : PageModel
{
    public string Acronym { get; private set; } = "";
    public IReadOnlyList<FiliereReportRow> Rows { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public int ThisYear { get; private set; }

    public async Task<IActionResult> OnGetAsync(string acronym, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (await service.ListAsync(caller, acronym, ct) is not { } rows) return NotFound();
        Acronym = acronym;
        Rows = rows;
        CanEdit = FiliereActivityScope.CanEdit(caller, acronym);
        ThisYear = service.Today.Year;
        return Page();
    }
}
