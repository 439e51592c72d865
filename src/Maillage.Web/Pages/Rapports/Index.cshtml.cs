using System.Globalization;
using Maillage.Core.Features.Registry;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Reports;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Rapports;

/// <summary>
/// The reports the caller may read: "my reports" for a centre head, the establishment's for its direction, the
/// filière's or the region's (transmitted) for their coordinators and agencies, all for the ministry; filters, sort and
/// pages of <see cref="PageSize"/>, all done by the database (<see cref="ReportQueries.PageAsync"/>).
/// </summary>
public sealed class IndexModel(ReportQueries queries, RegistryPages registry, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Filiere { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Establishment { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    /// <summary>Read from the query string by hand: "page" is also Razor Pages' own route value.</summary>
    public int PageNumber { get; private set; } = 1;

    public Page<ReportRow> Result { get; private set; } = new([], 0, 1, PageSize);
    public Caller CurrentCaller { get; private set; } = Caller.Anonymous;
    public int CurrentYear => clock.GetLocalNow().Year;
    public List<SelectListItem> Filieres { get; private set; } = [];
    public List<SelectListItem> Regions { get; private set; } = [];
    public Dictionary<string, string> RegionNames { get; private set; } = [];
    public bool CanTrackCampaign => CampaignTracking.CanTrack(CurrentCaller);

    /// <summary>The sort options: value "field" or "field-desc".</summary>
    public static readonly SelectListItem[] Sorts =
    [
        new("Année (récente d'abord)", ""), new("Année (ancienne d'abord)", "year-desc"), new("Centre (A → Z)", "centre"), new("Centre (Z → A)", "centre-desc"),
        new("Établissement", "establishment"), new("Région", "region"), new("Statut (brouillon → transmis)", "status"), new("Statut (transmis → brouillon)", "status-desc"),
    ];

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
        PageNumber = Shared.PageQuery.Number(Request);
        // The page falls back to the defaults where the API answers 400 (an unknown type or sort).
        var sortText = Blank(Sort);
        var descending = sortText?.EndsWith("-desc", StringComparison.Ordinal) == true;
        if (descending) sortText = sortText![..^5];
        if (!Api.Reports.ReportHandlers.TryPageQuery(Type, sortText, descending ? "desc" : "asc", out var kind, out var sort, out descending, out _))
            (kind, sort, descending) = (null, ReportSort.Year, false);
        var options = await registry.CentreFilterOptionsAsync(CurrentCaller, ct);
        Filieres = [new("Toutes", ""), .. options.Filieres.Select(f => new SelectListItem($"{f.Acronym} – {f.Name}", f.Acronym))];
        Regions = [new("Toutes", ""), .. options.Regions.OrderBy(r => r.Name, StringComparer.Create(Fr.Culture, false)).Select(r => new SelectListItem(r.Name, r.Code))];
        RegionNames = options.Regions.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
        Result = await queries.PageAsync(CurrentCaller, new ReportPageQuery(
            new ReportFilter(Year, Blank(Filiere), Blank(Region), Blank(Establishment), null, status), kind, Blank(Q), sort, descending, PageNumber, PageSize), ct);
        return Page();
    }

    /// <summary>The current filters as a query string, for the pages' links.</summary>
    public string Query(int? page = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value) { if (!string.IsNullOrWhiteSpace(value)) pairs.Add(new(key, value.Trim())); }
        Add("Year", Year?.ToString(CultureInfo.InvariantCulture)); Add("Filiere", Filiere); Add("Region", Region); Add("Establishment", Establishment);
        Add("Status", Status); Add("Type", Type); Add("Q", Q); Add("Sort", Sort);
        if (page is > 1) Add("page", page.Value.ToString(CultureInfo.InvariantCulture));
        return Microsoft.AspNetCore.Http.QueryString.Create(pairs).ToUriComponent();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
