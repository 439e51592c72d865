using Maillage.Core.Features.Committee;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Validation;
using Maillage.Domain.Committee;
using Maillage.Domain.Procedures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.ComiteDeSuivi;

/// <summary>
/// A meeting of the follow-up committee: agenda, minutes (PDF), the opinions given there, the dossiers waiting for an
/// opinion (with the form a member or the secretariat fills), and the committee's tools one click away.
/// </summary>
public sealed class ReunionModel(CommitteeService committee) : PageModel
{
    public sealed class MeetingForm
    {
        public DateOnly? Date { get; set; }
        public string? Title { get; set; }
        public string? Status { get; set; }
        public string? Agenda { get; set; }
    }

    public sealed class OpinionForm
    {
        public string? DossierId { get; set; }
        public int? DossierVersion { get; set; }
        public string? Subject { get; set; }
        public string? Value { get; set; }
        public string? Reasons { get; set; }
    }

    [BindProperty] public MeetingForm Edit { get; set; } = new();
    [BindProperty] public OpinionForm Opinion { get; set; } = new();
    [BindProperty] public int? Version { get; set; }
    public MeetingView View { get; private set; } = default!;
    public string? Conflict { get; private set; }
    public bool IsNational => Caller.From(User).Role == UserRole.NationalAdmin;

    private IActionResult Refused() => Caller.From(User).IsAuthenticated ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();

    private async Task<IActionResult?> LoadAsync(string id, bool fillForm, CancellationToken ct)
    {
        try
        {
            if (await committee.MeetingAsync(Caller.From(User), id, ct) is not { } v) return NotFound();
            View = v;
        }
        catch (AccessRefusedException) { return Refused(); }
        if (fillForm)
        {
            var m = View.Meeting;
            Edit = new MeetingForm { Date = m.Date, Title = m.Title, Status = m.Status.Code(), Agenda = m.Agenda };
            Version = m.Version;
        }
        return null;
    }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => await LoadAsync(id, true, ct) ?? Page();

    public async Task<IActionResult> OnGetMinutesAsync(string id, CancellationToken ct)
    {
        try
        {
            if (await committee.MinutesAsync(Caller.From(User), id, ct) is not { } f) return NotFound();
            return File(f.Content, "application/pdf", f.FileName);
        }
        catch (AccessRefusedException) { return Refused(); }
    }

    public async Task<IActionResult> OnPostEditAsync(string id, CancellationToken ct)
    {
        var status = CommitteeTables.MeetingStatuses.TryParse(Edit.Status, out var s) ? s : (MeetingStatus?)null;
        var r = await committee.SaveMeetingAsync(Caller.From(User), id, new MeetingInput(Edit.Date, Edit.Title, status, Edit.Agenda), Version, ct);
        return await OutcomeAsync(id, r, "Edit.", "La réunion a été enregistrée.", ct);
    }

    public async Task<IActionResult> OnPostMinutesAsync(string id, IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
            return await OutcomeAsync(id, EditResult.Invalid(new FieldError("file", "Choisissez le compte rendu (PDF).")), "", "", ct);
        if (file.Length > CommitteeService.MaxMinutesBytes)
            return await OutcomeAsync(id, EditResult.Invalid(new FieldError("file",
                $"{file.FileName} : {file.Length / 1024.0 / 1024.0:0.0} Mo, au-delà de la taille maximale de {CommitteeService.MaxMinutesBytes / 1024 / 1024} Mo.")), "", "", ct);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var r = await committee.UploadMinutesAsync(Caller.From(User), id, file.FileName, buffer.ToArray(), Version, ct);
        return await OutcomeAsync(id, r, "", "Le compte rendu a été déposé.", ct);
    }

    public async Task<IActionResult> OnPostOpinionAsync(string id, CancellationToken ct)
    {
        var subject = CommitteeTables.Subjects.TryParse(Opinion.Subject, out var s) ? s : (CommitteeSubject?)null;
        OpinionValue? value = Opinion.Value switch { "favourable" => OpinionValue.Favourable, "reserved" => OpinionValue.Reserved, "unfavourable" => OpinionValue.Unfavourable, _ => null };
        var r = await committee.RecordOpinionAsync(Caller.From(User), new CommitteeOpinionInput(Opinion.DossierId, id, subject, value, Opinion.Reasons, null),
            Opinion.DossierVersion, ct);
        return await OutcomeAsync(id, r, "Opinion.", $"Avis {r.Id} inscrit au registre.", ct);
    }

    private async Task<IActionResult> OutcomeAsync(string id, EditResult r, string prefix, string success, CancellationToken ct)
    {
        switch (r.Status)
        {
            case EditStatus.Ok:
                TempData["Success"] = success;
                return Redirect($"{Routes.Pages.CommitteeMeetings}/{Uri.EscapeDataString(id)}");
            case EditStatus.Forbidden:
                return Refused();
            case EditStatus.NotFound:
                return NotFound();
            case EditStatus.Stale:
                Conflict = r.Errors[0].Message;
                break;
            default:
                foreach (var e in r.Errors) ModelState.AddModelError(prefix + e.Field, e.Message);
                break;
        }
        // Keep what the user typed: reload the meeting without refilling the form.
        return await LoadAsync(id, false, ct) ?? Page();
    }
}
