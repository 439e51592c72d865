using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Pages.Associations;

/// <summary>Edit an association: name, acronym, website, département of its seat.</summary>
public sealed class EditModel(RegistryQueries queries, RegistryService service, AccessPolicy access) : EditPageModel(access)
{
    public sealed class InputModel
    {
        public string? Name { get; set; }
        public string? Acronym { get; set; }
        public string? Website { get; set; }
        public string? DepartementCode { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public Association Association { get; private set; } = default!;

    protected override IReadOnlyDictionary<string, string> FieldMap { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["name"] = "Input.Name", ["acronym"] = "Input.Acronym", ["website"] = "Input.Website", ["departement"] = "Input.DepartementCode",
        ["departement_code"] = "Input.DepartementCode",
    };

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await RefuseAsync("association", id, ct) is { } refused) return refused;
        var a = await queries.AssociationAsync(id, ct);
        if (a is null) return NotFound();
        Association = a;
        Version = a.Version;
        Input = new InputModel { Name = a.Name, Acronym = a.Acronym, Website = a.Website, DepartementCode = a.DepartementCode };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (await RefuseAsync("association", id, ct) is { } refused) return refused;
        var a = await queries.AssociationAsync(id, ct);
        if (a is null) return NotFound();
        Association = a;
        if (FormInput.Text(Input.Name) is null) Error("Input.Name", "Le nom de l’association est obligatoire.");
        if (FormInput.UrlError(Input.Website) is { } urlError) Error("Input.Website", urlError);
        var dep = FormInput.Text(Input.DepartementCode)?.ToUpperInvariant();
        if (dep is not null && !DepartementCode.IsValid(dep)) Error("Input.DepartementCode", "Code département INSEE invalide (par exemple 75, 2A ou 974).");
        if (!ModelState.IsValid) return Page();
        var result = await service.UpdateAssociationAsync(Caller.From(User), id, x =>
        {
            x.Name = FormInput.Text(Input.Name)!;
            x.Acronym = FormInput.Text(Input.Acronym);
            x.Website = FormInput.Text(Input.Website);
            x.DepartementCode = dep;
        }, Version, ct);
        return Outcome(result, "/associations/" + Uri.EscapeDataString(id), "Les modifications de l’association ont été enregistrées.") ?? Page();
    }
}
