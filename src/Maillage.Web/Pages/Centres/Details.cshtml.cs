using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Centres;

/// <summary>A reference site, CCMR or CRC: establishment, network or attachments, heads, contact, labels, history.</summary>
public sealed class DetailsModel(RegistryPages pages) : PageModel
{
    public Centre Centre { get; private set; } = default!;
    public List<(string Id, string Name, string Filiere)> AttachedNetworks { get; private set; } = [];
    public IReadOnlyList<Mandate> Heads { get; private set; } = [];
    public Mandate? CurrentHead { get; private set; }
    public string? PredecessorName { get; private set; }
    public List<(string Id, string Name)> Successors { get; private set; } = [];
    public List<(string Id, string Name)> Platforms { get; private set; } = [];
    public IReadOnlyList<Label> Labels { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    public bool CanEdit { get; private set; }
    /// <summary>Measured activity per year (activity extracts): health activity, shown only to callers who may read it and its
    /// small cells on this centre (docs/security.md, "Who reads what"); null otherwise.</summary>
    public IReadOnlyList<Maillage.Domain.Activity.ActivityIndicators>? Activity { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await pages.CentreAsync(Caller.From(User), id, ct) is not { } v) return NotFound();
        Centre = v.Centre;
        AttachedNetworks = v.AttachedNetworks.ToList();
        Heads = v.Heads;
        CurrentHead = v.CurrentHead;
        PredecessorName = v.PredecessorName;
        Successors = v.Successors.ToList();
        Platforms = v.Platforms.ToList();
        Labels = v.Labels;
        History = v.History;
        CanEdit = v.CanEdit;
        Activity = v.Activity;
        return Page();
    }

    /// <summary>
    /// The dsfr-chart attributes of the activity charts (years in ascending order), as the home page's bar chart: x is one
    /// list of years shared by the series, y one list of values per series. The table under the charts carries the same figures (the accessible alternative).
    /// </summary>
    public (string X, string Y, string Names) ActivityChart(params (string Name, Func<Maillage.Domain.Activity.ActivityIndicators, int> Value)[] series)
    {
        var years = (Activity ?? []).OrderBy(a => a.Year).ToList();
        var x = years.Select(a => a.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (System.Text.Json.JsonSerializer.Serialize(new[] { x }),
            System.Text.Json.JsonSerializer.Serialize(series.Select(s => years.Select(s.Value))),
            System.Text.Json.JsonSerializer.Serialize(series.Select(s => s.Name)));
    }
}
