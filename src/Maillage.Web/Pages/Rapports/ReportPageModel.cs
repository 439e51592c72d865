using System.Globalization;
using Maillage.Core.Features.Registry;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Reports;
using Maillage.Web.Api;
using Maillage.Web.Api.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Rapports;

/// <summary>Shared steps of the report pages: sign-in, scope (403), loading the report as the API shows it.</summary>
public abstract class ReportPageModel(ReportService service) : PageModel
{
    protected ReportService Service => service;
    public ReportDto Report { get; protected set; } = default!;
    public Caller CurrentCaller => Caller.From(User);

    /// <summary>The report's version the form was filled from (hidden field; docs/security.md, "No silent lost update").</summary>
    [BindProperty] public int? Version { get; set; }

    /// <summary>Set on a stale save: who changed the report in between, and when (the user's input is kept).</summary>
    public string? Conflict { get; protected set; }

    /// <summary>Loads the report; null when it may be shown, otherwise the refusing response (sign-in, 403, 404).</summary>
    protected async Task<IActionResult?> LoadAsync(string centreId, int year, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        var read = await Maillage.Web.Api.Reports.ReportHandlers.ReadAsync(service, caller, centreId, year, ct);
        if (read is null) return NotFound();
        if (read.Dto is null) return StatusCode(StatusCodes.Status403Forbidden);
        Report = read.Dto;
        return null;
    }

    /// <summary>Refuses a write before anything else when the caller acts in no capacity on this report (anonymous → sign-in, else 403).</summary>
    protected async Task<IActionResult?> RefuseWriteAsync(string centreId, int year, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        var site = await service.SiteAsync(centreId, year, ct);
        if (site is null) return NotFound();
        return ReportService.ActorFor(caller, site) == ReportActor.None ? StatusCode(StatusCodes.Status403Forbidden) : null;
    }

    /// <summary>Maps the service's outcome: redirect with a message, 403/404, or null after adding the errors (field → form key).</summary>
    protected IActionResult? Outcome(WriteResult result, string url, string message, Func<string, string> key)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                TempData["Success"] = message;
                return Redirect(url);
            case WriteStatus.NotFound:
                return NotFound();
            case WriteStatus.Forbidden when result.Errors.Count == 0:
                return StatusCode(StatusCodes.Status403Forbidden);
            case WriteStatus.Stale:
                // Keep the input; the next save, now from the current version, is a deliberate replacement.
                Conflict = result.Errors.FirstOrDefault()?.Message;
                Version = result.CurrentVersion;
                ModelState.Remove(nameof(Version));
                return null;
            default:
                foreach (var e in result.Errors) ModelState.AddModelError(key(e.Field), e.Message);
                return null;
        }
    }

    public static string PathOf(string centreId, int year) => "/rapports/" + Uri.EscapeDataString(centreId) + "/" + year.ToString(CultureInfo.InvariantCulture);
}
