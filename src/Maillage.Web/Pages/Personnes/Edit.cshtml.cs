using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Personnes;

/// <summary>Edit a person: title, names, RPPS, status, birth date, clinical activity.</summary>
public sealed class EditModel(RegistryQueries queries, RegistryService service, AccessPolicy access) : EditPageModel(access)
{
    public sealed class InputModel
    {
        public string? Title { get; set; }
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? Rpps { get; set; }
        public string? Status { get; set; }
        public string? BirthDate { get; set; }
        public bool ClinicalActivity { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public Person Person { get; private set; } = default!;
    public static List<SelectListItem> Statuses => FormInput.Options<HeadStatus>(Labels.Status);

    protected override IReadOnlyDictionary<string, string> FieldMap { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title"] = "Input.Title", ["first_name"] = "Input.FirstName", ["last_name"] = "Input.LastName", ["rpps"] = "Input.Rpps",
        ["status"] = "Input.Status", ["birth_date"] = "Input.BirthDate", ["clinical_activity"] = "Input.ClinicalActivity",
    };

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await RefuseAsync("person", id, ct) is { } refused) return refused;
        var p = await queries.PersonAsync(id, ct);
        if (p is null) return NotFound();
        Person = p;
        Version = p.Version;
        Input = new InputModel
        {
            Title = p.Title, FirstName = p.FirstName, LastName = p.LastName, Rpps = p.Rpps, Status = p.Status.ToString(),
            BirthDate = Fr.Iso(p.BirthDate), ClinicalActivity = p.ClinicalActivity,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (await RefuseAsync("person", id, ct) is { } refused) return refused;
        var p = await queries.PersonAsync(id, ct);
        if (p is null) return NotFound();
        Person = p;
        if (FormInput.Text(Input.LastName) is null) Error("Input.LastName", "Le nom est obligatoire.");
        if (FormInput.Text(Input.FirstName) is null) Error("Input.FirstName", "Le prénom est obligatoire.");
        if (FormInput.Text(Input.Rpps) is { } rpps && Rpps.Validate(rpps) is { } rppsError) Error("Input.Rpps", rppsError);
        if (!Enum.TryParse<HeadStatus>(Input.Status, out var status)) Error("Input.Status", "Choisissez un statut dans la liste.");
        DateOnly? birth = null;
        if (FormInput.Text(Input.BirthDate) is { } birthText)
        {
            if (!Fr.TryParseIsoDate(birthText, out var b)) Error("Input.BirthDate", "La date de naissance doit être une date valide (JJ/MM/AAAA).");
            else if (b > queries.Today || b.Year < 1900) Error("Input.BirthDate", "La date de naissance n’est pas vraisemblable.");
            else birth = b;
        }
        if (!ModelState.IsValid) return Page();
        var result = await service.UpdatePersonAsync(Caller.From(User), id, x =>
        {
            x.Title = FormInput.Text(Input.Title);
            x.FirstName = FormInput.Text(Input.FirstName)!;
            x.LastName = FormInput.Text(Input.LastName)!;
            x.Rpps = FormInput.Text(Input.Rpps);
            x.Status = status;
            x.BirthDate = birth;
            x.ClinicalActivity = Input.ClinicalActivity;
        }, Version, ct);
        return Outcome(result, "/personnes/" + Uri.EscapeDataString(id), "Les modifications de la fiche ont été enregistrées.") ?? Page();
    }
}
