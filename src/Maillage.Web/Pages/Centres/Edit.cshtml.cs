using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Pages.Centres;

/// <summary>Edit a centre's name, contact and establishment (POST, antiforgery; scope checked by the service too).</summary>
public sealed class EditModel(RegistryQueries queries, RegistryService service, AccessPolicy access) : EditPageModel(access)
{
    public sealed class InputModel
    {
        public string? Name { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }
        public string? Website { get; set; }
        public string? EstablishmentFiness { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public Centre Centre { get; private set; } = default!;

    protected override IReadOnlyDictionary<string, string> FieldMap { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["name"] = "Input.Name", ["phone"] = "Input.Phone", ["email"] = "Input.Email", ["website"] = "Input.Website",
        ["establishment_finess"] = "Input.EstablishmentFiness",
    };

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await RefuseAsync("centre", id, ct) is { } refused) return refused;
        var c = await queries.CentreAsync(id, ct);
        if (c is null) return NotFound();
        Centre = c;
        Version = c.Version;
        Input = new InputModel { Name = c.Name, Phone = c.Phone, Email = c.Email, Website = c.Website, EstablishmentFiness = c.EstablishmentFiness };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (await RefuseAsync("centre", id, ct) is { } refused) return refused;
        var c = await queries.CentreAsync(id, ct);
        if (c is null) return NotFound();
        Centre = c;
        if (FormInput.Text(Input.Name) is null) Error("Input.Name", "Le nom du centre est obligatoire.");
        if (Finess.Validate(Input.EstablishmentFiness) is { } finessError) Error("Input.EstablishmentFiness", finessError);
        if (FormInput.EmailError(Input.Email) is { } emailError) Error("Input.Email", emailError);
        if (FormInput.UrlError(Input.Website) is { } urlError) Error("Input.Website", urlError);
        if (!ModelState.IsValid) return Page();
        var result = await service.UpdateCentreAsync(Caller.From(User), id, x =>
        {
            x.Name = FormInput.Text(Input.Name)!;
            x.Phone = FormInput.Text(Input.Phone);
            x.Email = FormInput.Text(Input.Email);
            x.Website = FormInput.Text(Input.Website);
            x.EstablishmentFiness = FormInput.Text(Input.EstablishmentFiness)!.ToUpperInvariant();
        }, Version, ct);
        return Outcome(result, "/centres/" + Uri.EscapeDataString(id), "Les modifications du centre ont été enregistrées.") ?? Page();
    }
}
