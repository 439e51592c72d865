using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Etablissements;

/// <summary>Edit an establishment: name, category, commune, postal code, group, coordinates.</summary>
public sealed class EditModel(RegistryQueries queries, RegistryService service, AccessPolicy access) : EditPageModel(access)
{
    public sealed class InputModel
    {
        public string? Name { get; set; }
        public string? Category { get; set; }
        public string? Commune { get; set; }
        public string? PostalCode { get; set; }
        public string? GroupName { get; set; }
        public string? Latitude { get; set; }
        public string? Longitude { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public Establishment Establishment { get; private set; } = default!;
    public static List<SelectListItem> Categories => FormInput.Options<EstablishmentCategory>(Labels.Category);

    protected override IReadOnlyDictionary<string, string> FieldMap { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["name"] = "Input.Name", ["category"] = "Input.Category", ["commune"] = "Input.Commune", ["postal_code"] = "Input.PostalCode",
        ["group_name"] = "Input.GroupName", ["latitude"] = "Input.Latitude", ["longitude"] = "Input.Longitude",
    };

    public async Task<IActionResult> OnGetAsync(string finess, CancellationToken ct)
    {
        if (await RefuseAsync("establishment", finess, ct) is { } refused) return refused;
        var e = await queries.EstablishmentAsync(finess, ct);
        if (e is null) return NotFound();
        Establishment = e;
        Version = e.Version;
        Input = new InputModel
        {
            Name = e.Name, Category = e.Category.ToString(), Commune = e.Commune, PostalCode = e.PostalCode, GroupName = e.GroupName,
            Latitude = e.Latitude is null ? null : Fr.Number(e.Latitude.Value, 6),
            Longitude = e.Longitude is null ? null : Fr.Number(e.Longitude.Value, 6),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string finess, CancellationToken ct)
    {
        if (await RefuseAsync("establishment", finess, ct) is { } refused) return refused;
        var e = await queries.EstablishmentAsync(finess, ct);
        if (e is null) return NotFound();
        Establishment = e;
        if (FormInput.Text(Input.Name) is null) Error("Input.Name", "Le nom de l’établissement est obligatoire.");
        if (!Enum.TryParse<EstablishmentCategory>(Input.Category, out var category)) Error("Input.Category", "Choisissez une catégorie dans la liste.");
        var postal = FormInput.Text(Input.PostalCode);
        if (postal is not null && (postal.Length != 5 || !postal.All(char.IsAsciiDigit))) Error("Input.PostalCode", "Le code postal comporte 5 chiffres.");
        double? lat = null, lon = null;
        if (FormInput.Text(Input.Latitude) is { } latText)
        {
            if (FormInput.TryDecimal(latText, out var v) && v is >= -90 and <= 90) lat = v;
            else Error("Input.Latitude", "La latitude est un nombre décimal entre -90 et 90, par exemple 48,8566.");
        }
        if (FormInput.Text(Input.Longitude) is { } lonText)
        {
            if (FormInput.TryDecimal(lonText, out var v) && v is >= -180 and <= 180) lon = v;
            else Error("Input.Longitude", "La longitude est un nombre décimal entre -180 et 180, par exemple 2,3522.");
        }
        if ((lat is null) != (lon is null) && ModelState.IsValid) Error("Input.Longitude", "Renseignez la latitude et la longitude, ou aucune des deux.");
        if (!ModelState.IsValid) return Page();
        var result = await service.UpdateEstablishmentAsync(Caller.From(User), finess, x =>
        {
            x.Name = FormInput.Text(Input.Name)!;
            x.Category = category;
            x.Commune = FormInput.Text(Input.Commune);
            x.PostalCode = postal;
            x.GroupName = FormInput.Text(Input.GroupName);
            x.Latitude = lat;
            x.Longitude = lon;
        }, Version, ct);
        return Outcome(result, "/etablissements/" + Uri.EscapeDataString(finess), "Les modifications de l’établissement ont été enregistrées.") ?? Page();
    }
}
