using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Rapports;

/// <summary>
/// The reports the caller may read: "my reports" for a centre head, the establishment's for its direction, the
/// filière's or the region's (transmitted) for their coordinators and agencies, all for the ministry; filters.
/// </summary>
public sealed class IndexModel(ReportQueries queries, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Filiere { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Establishment { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }

    public IReadOnlyList<ReportRow> Rows { get; private set; } = [];
    public Caller CurrentCaller { get; private set; } = Caller.Anonymous;
    public int CurrentYear => clock.GetLocalNow().Year;

    public string Heading => CurrentCaller.Role switch
    {
        UserRole.CentreHead => "Mes rapports annuels",
        UserRole.Establishment => "Rapports annuels de l'établissement",
        UserRole.FiliereCoordinator => "Rapports annuels transmis de la filière",
        UserRole.RegionalAgency => "Rapports annuels transmis de la région",
        _ => "Rapports annuels",
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        CurrentCaller = Caller.From(User);
        if (!CurrentCaller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        ReportStatus? status = ReportWorkflow.TryParseStatus(Status, out var s) ? s : null;
        Rows = await queries.ListAsync(CurrentCaller, new ReportFilter(Year, Blank(Filiere), Blank(Region), Blank(Establishment), null, status), ct);
        return Page();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
