using System.Globalization;
using Maillage.Core.Features.Registry;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Rapports;

/// <summary>
/// Campaign tracking for the ministry and the regional agencies (docs/campaign-tracking.md): the counts of a year's
/// campaign, the year before, the centres by name (late ones first) and the e-mail reminders. Everything comes from
/// <see cref="CampaignTracking"/>, which refuses every other role.
/// </summary>
public sealed class CampagneModel(CampaignTracking tracking, RegistryPages registry) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Filiere { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public bool Late { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    /// <summary>The one centre to remind (a line's button); empty: every centre not yet submitted.</summary>
    [BindProperty] public string? CentreId { get; set; }

    public int PageNumber { get; private set; } = 1;
    public CampaignView? View { get; private set; }
    public Caller CurrentCaller { get; private set; } = Caller.Anonymous;
    public ReminderResult? Reminded { get; private set; }
    public string? Error { get; private set; }
    public List<SelectListItem> Filieres { get; private set; } = [];
    public List<SelectListItem> Regions { get; private set; } = [];
    public int ShownYear { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostRemindAsync(CancellationToken ct)
    {
        CurrentCaller = Caller.From(User);
        if (!CampaignTracking.CanTrack(CurrentCaller)) return Refuse();
        var year = Year ?? tracking.DefaultYear();
        try
        {
            Reminded = await tracking.RemindAsync(CurrentCaller, year, string.IsNullOrWhiteSpace(CentreId) ? null : [CentreId.Trim()], ct,
                CurrentCaller.Role == UserRole.NationalAdmin ? Blank(Region) : null);
        }
        catch (AccessRefusedException) { return Refuse(); }
        if (Reminded.Error is not null) { Error = Reminded.Error; Reminded = null; }
        return await LoadAsync(ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        CurrentCaller = Caller.From(User);
        if (!CampaignTracking.CanTrack(CurrentCaller)) return Refuse();
        PageNumber = Shared.PageQuery.Number(Request);
        ShownYear = Year ?? tracking.DefaultYear();
        CampaignState? state = CampaignStates.Table.TryParse(Blank(State), out var s) ? s : null;
        var region = CurrentCaller.Role == UserRole.NationalAdmin ? Blank(Region) : null;
        try
        {
            View = await tracking.TrackAsync(CurrentCaller, ShownYear, new CampaignQuery(region, Blank(Filiere), state, Late, Blank(Q), PageNumber), ct);
        }
        catch (AccessRefusedException) { return Refuse(); }
        if (View is null) Error ??= $"Aucune campagne de labellisation ne couvre l'année {ShownYear}.";
        var options = await registry.CentreFilterOptionsAsync(CurrentCaller, ct);
        Filieres = [new("Toutes", ""), .. options.Filieres.Select(f => new SelectListItem($"{f.Acronym} – {f.Name}", f.Acronym))];
        Regions = [new("Toutes", ""), .. options.Regions.OrderBy(r => r.Name, StringComparer.Create(Shared.Fr.Culture, false)).Select(r => new SelectListItem(r.Name, r.Code))];
        return null;
    }

    private IActionResult Refuse() => User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();

    /// <summary>The current filters as a query string, for the pages' links.</summary>
    public string Query(int? page = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value) { if (!string.IsNullOrWhiteSpace(value)) pairs.Add(new(key, value.Trim())); }
        Add("Year", ShownYear.ToString(CultureInfo.InvariantCulture)); Add("Region", Region); Add("Filiere", Filiere); Add("State", State);
        if (Late) Add("Late", "true");
        Add("Q", Q);
        if (page is > 1) Add("page", page.Value.ToString(CultureInfo.InvariantCulture));
        return Microsoft.AspNetCore.Http.QueryString.Create(pairs).ToUriComponent();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
