using System.Globalization;
using Maillage.Core.Features.Activity;
using Maillage.Core.Features.Activity.Jobs;
using Maillage.Core.Infrastructure.Security;
using Maillage.Web.Activity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Activite;

/// <summary>
/// Upload of an activity extract (national administrators): the form streams the file to an import job
/// (<see cref="ActivityImportJobs"/>: a row that the worker of any node runs), then the job's page follows it (progress, cancel, summary, rejects). Works as a
/// plain form post; <c>wwwroot/js/activity-import.js</c> adds the upload progress bar and the live job progress.
/// </summary>
/// <remarks>
/// Antiforgery is checked by hand: the automatic check would read (and buffer) the whole multipart body to find the
/// token, where the upload handler reads the token field first and streams the file after it.
/// </remarks>
[IgnoreAntiforgeryToken]
[RequestSizeLimit(ActivityUpload.MaxBytes)]
public sealed class ImportModel(ActivityImportJobs jobs, ActivityReads reads, IAntiforgery antiforgery, TimeProvider clock) : PageModel
{
    public const string TokenField = "__RequestVerificationToken";

    public ActivityImportJobSnapshot? Job { get; private set; }
    public bool HasRejects { get; private set; }
    public IReadOnlyList<ActivityImportJobSnapshot> Jobs { get; private set; } = [];
    public IReadOnlyList<ActivityImportRecord> Imports { get; private set; } = [];
    public string? Error { get; private set; }

    private Caller Me => Caller.From(User);

    /// <summary>Core refuses whoever may not import (<see cref="ActivityImporter.CanImport"/>); checked first so that a refused
    /// upload is not read.</summary>
    private IActionResult? Refuse()
    {
        var caller = Me;
        if (!caller.IsAuthenticated) return Challenge();
        return ActivityImporter.CanImport(caller) ? null : StatusCode(StatusCodes.Status403Forbidden);
    }

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken ct)
    {
        if (Refuse() is { } refused) return refused;
        if (id is not null)
        {
            if (await jobs.FindAsync(Me, id, ct) is not { } job) return NotFound();
            Job = job.Snapshot(clock.GetUtcNow());
            HasRejects = job.HasRejects;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        Jobs = (await jobs.ListAsync(Me, 10, ct)).Select(j => j.Snapshot(now)).ToList();
        Imports = await reads.ImportsAsync(Me, 20, ct);
    }

    private bool WantsJson => Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The upload (multipart: the antiforgery token, the options, then the file, in this order).</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (Refuse() is { } refused) return refused;
        var ct = HttpContext.RequestAborted;
        ActivityUpload.AllowLargeBody(HttpContext);
        if (!Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) ?? true)
            return await FailAsync("Envoyez le fichier avec le formulaire (multipart/form-data).", ct);
        var tokenValid = false;
        var dryRun = false;
        var rate = 0.001;
        var (fileName, body, error) = await ActivityUpload.FirstFileAsync(Request, async (field, value) =>
        {
            switch (field)
            {
                case TokenField:
                    Request.Headers["RequestVerificationToken"] = value;
                    tokenValid = await antiforgery.IsRequestValidAsync(HttpContext);
                    return tokenValid ? null : "jeton de sécurité du formulaire invalide ; rechargez la page.";
                case "DryRun":
                    dryRun = value is "true" or "on";
                    return null;
                case "MaxRejectRatePercent":
                    if (!double.TryParse(value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || percent is < 0 or > 100)
                        return "taux de rejet maximal : un pourcentage entre 0 et 100.";
                    rate = percent / 100;
                    return null;
                default:
                    return null;
            }
        }, ct);
        if (error is null && !tokenValid) error = "jeton de sécurité du formulaire absent ; rechargez la page.";
        if (error is not null)
        {
            if (!tokenValid) return BadRequest();
            return await FailAsync("Formulaire : " + error, ct);
        }
        if (!ActivityUpload.TryFileName(fileName, null, out var kept, out var nameError))
            return await FailAsync("Fichier : " + nameError, ct);
        var (queued, job) = await jobs.UploadAsync(Me, await jobs.CreateAsync(Me, kept, dryRun, rate, Request.ContentLength, ct), body!, ct);
        if (!queued) return await FailAsync($"Fichier « {kept} » : {job.Error}", ct);
        var url = "/activite/import/" + job.Id;
        return WantsJson ? new JsonResult(new { id = job.Id, url, status_url = Routes.Api.Activity + "/imports/" + job.Id }) { StatusCode = StatusCodes.Status202Accepted } : Redirect(url);
    }

    private async Task<IActionResult> FailAsync(string error, CancellationToken ct)
    {
        if (WantsJson) return new JsonResult(new { error }) { StatusCode = StatusCodes.Status400BadRequest };
        Error = error;
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(string? id)
    {
        if (Refuse() is { } refused) return refused;
        if (!await antiforgery.IsRequestValidAsync(HttpContext)) return BadRequest();
        if (id is null || await jobs.CancelAsync(Me, id, HttpContext.RequestAborted) == ActivityJobCancel.NotFound) return NotFound();
        return WantsJson ? new JsonResult(new { id }) { StatusCode = StatusCodes.Status202Accepted } : Redirect("/activite/import/" + id);
    }

    public static string StateLabel(ActivityImportJobState state) => state switch
    {
        ActivityImportJobState.Uploading => "Téléversement",
        ActivityImportJobState.Queued => "En attente",
        ActivityImportJobState.Running => "En cours",
        ActivityImportJobState.Succeeded => "Terminé",
        ActivityImportJobState.Failed => "Échec",
        _ => "Annulé",
    };

    public static string StateBadge(ActivityImportJobState state) => state switch
    {
        ActivityImportJobState.Succeeded => "fr-badge--success",
        ActivityImportJobState.Failed => "fr-badge--error",
        ActivityImportJobState.Cancelled => "fr-badge--warning",
        _ => "fr-badge--info",
    };
}
