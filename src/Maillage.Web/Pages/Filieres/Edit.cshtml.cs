using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Pages.Filieres;

/// <summary>Edit a filière: name, host establishment (and whether it is confirmed), website.</summary>
public sealed class EditModel(RegistryQueries queries, RegistryService service, AccessPolicy access) : EditPageModel(access)
{
    public sealed class InputModel
    {
        public string? Name { get; set; }
        public string? HostFiness { get; set; }
        public bool HostUnverified { get; set; }
        public string? Website { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public Filiere Filiere { get; private set; } = default!;

    protected override IReadOnlyDictionary<string, string> FieldMap { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["name"] = "Input.Name", ["host_finess"] = "Input.HostFiness", ["host_unverified"] = "Input.HostUnverified", ["website"] = "Input.Website",
    };

    public async Task<IActionResult> OnGetAsync(string acronym, CancellationToken ct)
    {
        if (await RefuseAsync("filiere", acronym, ct) is { } refused) return refused;
        var f = await queries.FiliereAsync(acronym, ct);
        if (f is null) return NotFound();
        Filiere = f;
        Version = f.Version;
        Input = new InputModel { Name = f.Name, HostFiness = f.HostFiness, HostUnverified = f.HostUnverified, Website = f.Website };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string acronym, CancellationToken ct)
    {
        if (await RefuseAsync("filiere", acronym, ct) is { } refused) return refused;
        var f = await queries.FiliereAsync(acronym, ct);
        if (f is null) return NotFound();
        Filiere = f;
        if (FormInput.Text(Input.Name) is null) Error("Input.Name", "Le nom de la filière est obligatoire.");
        var host = FormInput.Text(Input.HostFiness)?.ToUpperInvariant();
        if (host is not null && Finess.Validate(host) is { } finessError) Error("Input.HostFiness", finessError);
        if (FormInput.UrlError(Input.Website) is { } urlError) Error("Input.Website", urlError);
        if (!ModelState.IsValid) return Page();
        var result = await service.UpdateFiliereAsync(Caller.From(User), acronym, x =>
        {
            x.Name = FormInput.Text(Input.Name)!;
            x.HostFiness = host;
            x.HostUnverified = Input.HostUnverified;
            x.Website = FormInput.Text(Input.Website);
        }, Version, ct);
        return Outcome(result, "/filieres/" + Uri.EscapeDataString(acronym), "Les modifications de la filière ont été enregistrées.") ?? Page();
    }
}
