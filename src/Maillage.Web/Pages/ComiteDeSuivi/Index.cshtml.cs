using Maillage.Core.Features.Committee;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Validation;
using Maillage.Domain.Committee;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.ComiteDeSuivi;

/// <summary>The follow-up committee for a year: members, meetings (with the two-meetings warning), referred dossiers, the register.</summary>
public sealed class IndexModel(CommitteeService committee, TimeProvider clock) : PageModel
{
    public sealed class MeetingForm
    {
        public DateOnly? Date { get; set; }
        public string? Title { get; set; }
        public string? Agenda { get; set; }
    }

    public sealed class MemberForm
    {
        public string? Name { get; set; }
        public string? Organisation { get; set; }
        public string? Seat { get; set; }
        public string? College { get; set; }
        public string? AppointedBy { get; set; }
        public string? UserName { get; set; }
        public DateOnly? From { get; set; }
        public DateOnly? To { get; set; }
    }

    [BindProperty] public MeetingForm Meeting { get; set; } = new();
    [BindProperty] public MemberForm Member { get; set; } = new();
    public CommitteeOverview Overview { get; private set; } = default!;
    public int Year { get; private set; }

    private IActionResult Refused(Caller caller) =>
        caller.IsAuthenticated ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();

    private async Task<IActionResult?> LoadAsync(int? annee, CancellationToken ct)
    {
        var caller = Caller.From(User);
        Year = annee is >= 2018 and <= 2100 ? annee.Value : clock.GetLocalNow().Year;
        try { Overview = await committee.OverviewAsync(caller, Year, ct); }
        catch (AccessRefusedException) { return Refused(caller); }
        return null;
    }

    public async Task<IActionResult> OnGetAsync(int? annee, CancellationToken ct) => await LoadAsync(annee, ct) ?? Page();

    public async Task<IActionResult> OnPostMeetingAsync(int? annee, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var r = await committee.SaveMeetingAsync(caller, null, new MeetingInput(Meeting.Date, Meeting.Title, MeetingStatus.Planned, Meeting.Agenda), null, ct);
        if (r.Status == EditStatus.Forbidden) return Refused(caller);
        if (r.Status == EditStatus.Ok)
        {
            TempData["Success"] = $"Réunion {r.Id} enregistrée.";
            return Redirect($"{Routes.Pages.CommitteeMeetings}/{Uri.EscapeDataString(r.Id!)}");
        }
        foreach (var e in r.Errors) ModelState.AddModelError("Meeting." + FieldName(e.Field), e.Message);
        return await LoadAsync(annee, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostMemberAsync(int? annee, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var input = new MemberInput(Member.Name, Member.Organisation, Parse(CommitteeTables.Seats, Member.Seat), Parse(CommitteeTables.Colleges, Member.College),
            Parse(CommitteeTables.Bodies, Member.AppointedBy), Member.UserName, Member.From, Member.To);
        var r = await committee.SaveMemberAsync(caller, null, input, null, ct);
        if (r.Status == EditStatus.Forbidden) return Refused(caller);
        if (r.Status == EditStatus.Ok)
        {
            TempData["Success"] = $"Membre {r.Id} ajouté.";
            return RedirectToPage(new { annee });
        }
        foreach (var e in r.Errors) ModelState.AddModelError("Member." + FieldName(e.Field), e.Message);
        return await LoadAsync(annee, ct) ?? Page();
    }

    private static T? Parse<T>(Domain.EnumTable<T> table, string? code) where T : struct, Enum => table.TryParse(code, out var v) ? v : null;

    private static string FieldName(string field) => string.Concat(field.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}
