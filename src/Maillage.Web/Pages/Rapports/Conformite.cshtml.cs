using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Pages.Rapports;

/// <summary>A site's compliance for a year, from its stored report: each finding with its rule, expected/actual and source; the exception decision.</summary>
public sealed class ConformiteModel(ReportService service) : ReportPageModel(service)
{
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public bool Accept { get; set; }

    public bool CanDecide => CurrentCaller.Role == UserRole.NationalAdmin && Report.Saved && Report.Exception.Claimed is not null;

    public async Task<IActionResult> OnGetAsync(string centreId, int year, CancellationToken ct) =>
        await LoadAsync(centreId, year, ct) ?? Page();

    /// <summary>Accepts (or withdraws) the site's claimed exception — national administrator only (the service checks it).</summary>
    public async Task<IActionResult> OnPostExceptionAsync(string centreId, int year, CancellationToken ct)
    {
        if (await RefuseWriteAsync(centreId, year, ct) is { } refused) return refused;
        var result = await Service.DecideExceptionAsync(CurrentCaller, centreId, year, Accept, Note, ct);
        if (Outcome(result, PathOf(centreId, year) + "/conformite",
                Accept ? "L'exception a été acceptée ; la conformité est recalculée." : "L'acceptation de l'exception a été retirée ; la conformité est recalculée.",
                f => f == "note" ? "Note" : "") is { } done) return done;
        return await LoadAsync(centreId, year, ct) ?? Page();
    }
}
