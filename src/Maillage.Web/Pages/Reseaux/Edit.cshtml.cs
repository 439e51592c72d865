using System.Globalization;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Reseaux;

/// <summary>Edit a CRMR network: name, acronym, field, age valence and perimeter (ORPHA codes).</summary>
public sealed class EditModel(RegistryQueries queries, RegistryService service, AccessPolicy access) : EditPageModel(access)
{
    public sealed class InputModel
    {
        public string? Name { get; set; }
        public string? Acronym { get; set; }
        public string? Field { get; set; }
        public string? AgeValence { get; set; }
        public string? OrphaCodes { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public Network Network { get; private set; } = default!;
    public static List<SelectListItem> Fields => FormInput.Options<ThresholdField>(Labels.Field);
    public static List<SelectListItem> Ages => FormInput.Options<AgeValence>(Labels.Age);

    protected override IReadOnlyDictionary<string, string> FieldMap { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["name"] = "Input.Name", ["acronym"] = "Input.Acronym", ["orpha_codes"] = "Input.OrphaCodes",
    };

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await RefuseAsync("network", id, ct) is { } refused) return refused;
        var n = await queries.NetworkAsync(id, ct);
        if (n is null) return NotFound();
        Network = n;
        Version = n.Version;
        Input = new InputModel
        {
            Name = n.Name, Acronym = n.Acronym, Field = n.Field.ToString(), AgeValence = n.AgeValence.ToString(),
            OrphaCodes = string.Join(" ", n.Perimeter.Select(p => p.OrphaCode).Order().Select(c => c.ToString(CultureInfo.InvariantCulture))),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (await RefuseAsync("network", id, ct) is { } refused) return refused;
        var n = await queries.NetworkAsync(id, ct);
        if (n is null) return NotFound();
        Network = n;
        if (FormInput.Text(Input.Name) is null) Error("Input.Name", "Le nom du réseau est obligatoire.");
        if (!Enum.TryParse<ThresholdField>(Input.Field, out var field)) Error("Input.Field", "Choisissez un domaine dans la liste.");
        if (!Enum.TryParse<AgeValence>(Input.AgeValence, out var age)) Error("Input.AgeValence", "Choisissez une valence d’âge dans la liste.");
        var (codes, invalid) = FormInput.OrphaCodes(Input.OrphaCodes);
        if (invalid.Count > 0) Error("Input.OrphaCodes", $"Codes ORPHA illisibles : {string.Join(", ", invalid)}. Un code est un nombre, par exemple 558 ou ORPHA:558.");
        if (!ModelState.IsValid) return Page();
        var result = await service.UpdateNetworkAsync(Caller.From(User), id, x =>
        {
            x.Name = FormInput.Text(Input.Name)!;
            x.Acronym = FormInput.Text(Input.Acronym);
            x.Field = field;
            x.AgeValence = age;
            x.Perimeter.RemoveAll(p => !codes.Contains(p.OrphaCode));
            foreach (var code in codes.Where(c => !x.Perimeter.Any(p => p.OrphaCode == c)))
                x.Perimeter.Add(new NetworkDisease { NetworkId = id, OrphaCode = code });
        }, Version, ct);
        return Outcome(result, "/reseaux/" + Uri.EscapeDataString(id), "Les modifications du réseau ont été enregistrées.") ?? Page();
    }
}
