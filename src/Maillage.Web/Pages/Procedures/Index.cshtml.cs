using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Procedures;

/// <summary>"Ce qui m'attend": the caller's tasks, notifications and dossiers.</summary>
public sealed class IndexModel(ProcedureService procedures) : PageModel
{
    public IReadOnlyList<TaskItem> Tasks { get; private set; } = [];
    public IReadOnlyList<Notification> Notifications { get; private set; } = [];
    public IReadOnlyList<Dossier> Dossiers { get; private set; } = [];
    public Caller Caller { get; private set; } = Caller.Anonymous;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Caller = Caller.From(User);
        if (!Caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        (Tasks, Dossiers) = await procedures.OverviewAsync(Caller, ct);
        Notifications = await procedures.InboxAsync(Caller, 20, ct);
        return Page();
    }
}
