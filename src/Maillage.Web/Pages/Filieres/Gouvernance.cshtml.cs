using Maillage.Core.Features.Filieres;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Filieres;

/// <summary>
/// A filière's governance committee (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §2 « Gouvernance »): members by
/// college, règlement intérieur, meetings and minutes, coordinators. Public to read (without e-mails and minutes); the
/// filière's coordinator and the ministry edit it through <see cref="GovernanceService"/>, which checks scope and version.
/// </summary>
public sealed class GouvernanceModel(GovernanceService governance, AccessPolicy access) : EditPageModel(access)
{
    public sealed class MemberForm
    {
        public int? Id { get; set; }
        public string? College { get; set; }
        public string? Name { get; set; }
        public string? Function { get; set; }
        public string? Organisation { get; set; }
        public string? CentreId { get; set; }
        public string? AssociationId { get; set; }
        public string? Email { get; set; }
        public DateOnly? From { get; set; }
        public DateOnly? To { get; set; }
    }

    public sealed class MeetingForm
    {
        public int? Id { get; set; }
        public DateOnly? Date { get; set; }
        public string? Agenda { get; set; }
    }

    [BindProperty] public MemberForm Member { get; set; } = new();
    [BindProperty] public MeetingForm Meeting { get; set; } = new();
    public GovernanceView View { get; private set; } = default!;

    public static IEnumerable<SelectListItem> Colleges =>
        GovernanceCodes.Colleges.Values.Select(c => new SelectListItem(c.Label(), c.Code()));

    protected override IReadOnlyDictionary<string, string> FieldMap { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["college"] = "Member.College", ["name"] = "Member.Name", ["function"] = "Member.Function", ["organisation"] = "Member.Organisation",
        ["centre_id"] = "Member.CentreId", ["association_id"] = "Member.AssociationId", ["email"] = "Member.Email", ["from"] = "Member.From", ["to"] = "Member.To",
        ["date"] = "Meeting.Date", ["agenda"] = "Meeting.Agenda", ["file"] = "", ["meeting"] = "", ["adopted_on"] = "",
    };

    private string Self(string acronym) => $"/filieres/{Uri.EscapeDataString(acronym)}/gouvernance";

    public async Task<IActionResult> OnGetAsync(string acronym, int? membre, int? reunion, CancellationToken ct)
    {
        if (await LoadAsync(acronym, ct) is { } missing) return missing;
        Version = View.Version;
        if (View.CanManage && membre is { } mid && View.Members.FirstOrDefault(m => m.Id == mid) is { } m)
            Member = new MemberForm
            {
                Id = m.Id, College = m.College.Code(), Name = m.Name, Function = m.Function, Organisation = m.Organisation, CentreId = m.CentreId,
                AssociationId = m.AssociationId, Email = m.Email, From = m.From, To = m.To,
            };
        if (View.CanManage && reunion is { } rid && View.Meetings.FirstOrDefault(x => x.Id == rid) is { } r)
            Meeting = new MeetingForm { Id = r.Id, Date = r.Date, Agenda = r.Agenda };
        return Page();
    }

    public async Task<IActionResult> OnPostMemberAsync(string acronym, CancellationToken ct)
    {
        if (await RefuseAsync("filiere", acronym, ct) is { } refused) return refused;
        GovernanceCollege? college = null;
        if (!string.IsNullOrWhiteSpace(Member.College))
        {
            if (GovernanceCodes.Colleges.TryParse(Member.College, out var c)) college = c;
            else Error("Member.College", "Collège inconnu.");
        }
        if (!ModelState.IsValid) return await LoadAsync(acronym, ct) ?? Page();
        var input = new GovernanceMemberInput(college, Member.Name, Member.Function, Member.Organisation, Member.CentreId, Member.AssociationId, Member.Email, Member.From, Member.To);
        var caller = Caller.From(User);
        var r = Member.Id is { } id
            ? await governance.UpdateMemberAsync(caller, acronym, id, input, Version, ct)
            : await governance.AddMemberAsync(caller, acronym, input, Version, ct);
        return Outcome(r, Self(acronym), Member.Id is null ? $"Membre ajouté : {Member.Name?.Trim()}." : $"Membre modifié : {Member.Name?.Trim()}.")
            ?? await LoadAsync(acronym, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostRemoveMemberAsync(string acronym, int memberId, CancellationToken ct)
    {
        if (await RefuseAsync("filiere", acronym, ct) is { } refused) return refused;
        var r = await governance.RemoveMemberAsync(Caller.From(User), acronym, memberId, Version, ct);
        return Outcome(r, Self(acronym), "Membre retiré du comité.") ?? await LoadAsync(acronym, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostMeetingAsync(string acronym, CancellationToken ct)
    {
        if (await RefuseAsync("filiere", acronym, ct) is { } refused) return refused;
        if (!ModelState.IsValid) return await LoadAsync(acronym, ct) ?? Page();
        var input = new GovernanceMeetingInput(Meeting.Date, Meeting.Agenda);
        var caller = Caller.From(User);
        var r = Meeting.Id is { } id
            ? await governance.UpdateMeetingAsync(caller, acronym, id, input, Version, ct)
            : await governance.AddMeetingAsync(caller, acronym, input, Version, ct);
        return Outcome(r, Self(acronym), Meeting.Id is null ? "Réunion ajoutée." : "Réunion modifiée.") ?? await LoadAsync(acronym, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostRemoveMeetingAsync(string acronym, int meetingId, CancellationToken ct)
    {
        if (await RefuseAsync("filiere", acronym, ct) is { } refused) return refused;
        var r = await governance.RemoveMeetingAsync(Caller.From(User), acronym, meetingId, Version, ct);
        return Outcome(r, Self(acronym), "Réunion supprimée.") ?? await LoadAsync(acronym, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostMinutesAsync(string acronym, int meetingId, IFormFile? file, CancellationToken ct)
    {
        if (await RefuseAsync("filiere", acronym, ct) is { } refused) return refused;
        if (await ReadAsync(file) is not { } content) return await LoadAsync(acronym, ct) ?? Page();
        var r = await governance.UploadMinutesAsync(Caller.From(User), acronym, meetingId, file!.FileName, content, Version, ct);
        return Outcome(r, Self(acronym), $"Compte rendu déposé : {Path.GetFileName(file.FileName)}.") ?? await LoadAsync(acronym, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostRulesAsync(string acronym, IFormFile? file, DateOnly? adoptedOn, CancellationToken ct)
    {
        if (await RefuseAsync("filiere", acronym, ct) is { } refused) return refused;
        if (await ReadAsync(file) is not { } content) return await LoadAsync(acronym, ct) ?? Page();
        var r = await governance.UploadRulesAsync(Caller.From(User), acronym, file!.FileName, content, adoptedOn, Version, ct);
        return Outcome(r, Self(acronym), $"Règlement intérieur déposé : {Path.GetFileName(file.FileName)}.") ?? await LoadAsync(acronym, ct) ?? Page();
    }

    /// <summary>The uploaded file's bytes, bounded before they are read; null (with an error) when missing or too large.</summary>
    private async Task<byte[]?> ReadAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            Error("", "Choisissez un fichier PDF.");
            return null;
        }
        if (file.Length > GovernanceService.MaxDocumentBytes)
        {
            Error("", $"{Path.GetFileName(file.FileName)} : au-delà de la taille maximale de {GovernanceService.MaxDocumentBytes / 1024 / 1024} Mo.");
            return null;
        }
        using var ms = new MemoryStream();
        await file.CopyToAsync(ms, HttpContext.RequestAborted);
        return ms.ToArray();
    }

    private async Task<IActionResult?> LoadAsync(string acronym, CancellationToken ct)
    {
        if (await governance.ReadAsync(Caller.From(User), acronym, ct) is not { } v) return NotFound();
        View = v;
        return null;
    }
}
