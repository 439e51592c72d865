using Maillage.Core.Features.Home;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.MonEspace;

/// <summary>
/// Mon espace: the signed-in person's home (docs/home.md) — what waits, by section and deadline, the notifications
/// (read or not) and two lines on what Maillage does for the role. Everything comes from <see cref="HomeService"/>.
/// </summary>
public sealed class IndexModel(HomeService home) : PageModel
{
    /// <summary>The items shown per section before « et N autres ».</summary>
    public const int PerSection = 12;

    public HomeView View { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try { View = await home.HomeAsync(Caller.From(User), ct); }
        catch (AccessRefusedException) { return Refused(); }
        return Page();
    }

    /// <summary>Marks one notification read (idempotent), then shows the page again.</summary>
    public async Task<IActionResult> OnPostLuAsync(int id, CancellationToken ct) =>
        await home.MarkReadAsync(Caller.From(User), id, ct) switch
        {
            MarkReadStatus.Ok => RedirectToPage(null, null, null, "notifications"),
            MarkReadStatus.NotFound => NotFound(),
            MarkReadStatus.Forbidden => Refused(),
        };

    /// <summary>Marks every notification shown read.</summary>
    public async Task<IActionResult> OnPostToutLuAsync(CancellationToken ct)
    {
        try { await home.MarkAllReadAsync(Caller.From(User), ct); }
        catch (AccessRefusedException) { return Refused(); }
        return RedirectToPage(null, null, null, "notifications");
    }

    private IActionResult Refused() => User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();

    /// <summary>Where the whole list of a section is, when it is longer than the page shows.</summary>
    public static string? AllOf(HomeItemKind kind) => kind switch
    {
        HomeItemKind.Report => Routes.Pages.Reports,
        HomeItemKind.FiliereReport => Routes.Pages.Filieres,
        HomeItemKind.Dossier or HomeItemKind.Jury => Routes.Pages.Procedures,
        HomeItemKind.Committee => Routes.Pages.Committee,
        HomeItemKind.Association => Routes.Pages.Surveys,
    };
}
