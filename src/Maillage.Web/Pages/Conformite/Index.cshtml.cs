using Maillage.Core.Features.Compliance;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;
using Maillage.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Conformite;

/// <summary>The fields of one site report, as the columns of the reports file (texts, read by the same reader).</summary>
public sealed class SiteReportForm
{
    public string? SiteId { get; set; }
    public string? Kind { get; set; }
    public string? Field { get; set; }
    public string? Year { get; set; }
    public string? ActivePatients { get; set; }
    public string? Consultations { get; set; }
    public string? DayHospitalStays { get; set; }
    public string? FundedPiProjects5y { get; set; }
    public string? HeadStatus { get; set; }
    public string? HeadBirthDate { get; set; }
    public string? HeadClinicalActivity { get; set; }
    public string? Exception { get; set; }
    public string? BndmrEntry { get; set; }
    public string? MeasuredActivePatients { get; set; }

    /// <summary>The form as a one-row reports file, so that it goes through exactly the file's checks.</summary>
    public byte[] ToCsv() => CsvTable.ToBytes(ComplianceReportsFile.AllColumns,
    [
        [SiteId, Kind, Field, Year, ActivePatients, Consultations, DayHospitalStays, FundedPiProjects5y, HeadStatus, HeadBirthDate, HeadClinicalActivity, Exception,
            BndmrEntry, MeasuredActivePatients],
    ]);

    /// <summary>The form property of a file column (<c>funded_pi_projects_5y</c> → <c>FundedPiProjects5y</c>).</summary>
    public static string Property(string column) =>
        string.Concat(column.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}

/// <summary>
/// Compliance check over the user's own input (a reports file, or one site typed in the form): same reader, same
/// referential and engine as <c>maillage compliance check</c> and <c>POST /api/v1/compliance/check</c>. Writes nothing.
/// </summary>
[RequestSizeLimit(Maillage.Web.Api.Calculator.CalculatorApi.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = Maillage.Web.Api.Calculator.CalculatorApi.MaxUploadBytes)]
public sealed class IndexModel(TimeProvider time) : PageModel
{
    [BindProperty] public string? Campaign { get; set; }

    [BindProperty] public string? AsOf { get; set; }

    [BindProperty] public SiteReportForm Site { get; set; } = new();

    /// <summary>The checked input (base64 of the reports CSV), posted back to export the results.</summary>
    [BindProperty] public string? Reports { get; set; }

    public IReadOnlyList<SiteEvaluation>? Results { get; private set; }

    public Referential? Referential { get; private set; }

    public string? FileError { get; private set; }

    public string? Source { get; private set; }

    public IReadOnlyList<string> Campaigns => CampaignCatalogue.Shipped.Ids;

    public List<SelectListItem> CampaignOptions => Campaigns.Select(c => new SelectListItem(c, c)).ToList();

    public static List<SelectListItem> Options(IEnumerable<string> codes, Func<string, string> label, bool empty = true) =>
        (empty ? [new SelectListItem("—", "")] : new List<SelectListItem>()).Concat(codes.Select(c => new SelectListItem(label(c) + " (" + c + ")", c))).ToList();

    private DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    public void OnGet()
    {
        Campaign ??= ComplianceCheck.DefaultCampaign;
        AsOf ??= Pages.Shared.Fr.Iso(Today);
    }

    public async Task<IActionResult> OnPostFileAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            FileError = "Choisissez le fichier CSV des rapports.";
            ModelState.AddModelError("file", FileError);
            return Page();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        Source = Path.GetFileName(file.FileName);
        Check(Source, buffer.ToArray(), fromForm: false);
        return Page();
    }

    public IActionResult OnPostSite()
    {
        Source = "formulaire";
        Check(Source, Site.ToCsv(), fromForm: true);
        return Page();
    }

    public IActionResult OnPostExport()
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(Reports ?? "");
        }
        catch (FormatException)
        {
            return BadRequest();
        }
        if (!Evaluate("rapports.csv", bytes, fromForm: false, out var results)) return Page();
        var stamp = Pages.Shared.Fr.Iso(Today);
        return File(ComplianceResultsCsv.ToBytes(results), "text/csv; charset=utf-8", $"conformite-{stamp}.csv");
    }

    private void Check(string name, byte[] bytes, bool fromForm)
    {
        if (Evaluate(name, bytes, fromForm, out var results))
        {
            Results = results;
            Reports = Convert.ToBase64String(bytes);
        }
    }

    /// <summary>The shared path; a bad value becomes a form error on its field (form) or the file's located message.</summary>
    private bool Evaluate(string name, byte[] bytes, bool fromForm, out IReadOnlyList<SiteEvaluation> results)
    {
        results = [];
        try
        {
            var date = ComplianceCheck.ParseAsOf(AsOf, Today, "Date de référence");
            Referential = CampaignCatalogue.Shipped.Get(string.IsNullOrWhiteSpace(Campaign) ? ComplianceCheck.DefaultCampaign : Campaign);
            results = ComplianceCheck.Run(ComplianceReportsFile.Parse(name, bytes), Referential, date);
            return true;
        }
        catch (InputFileException ex)
        {
            if (fromForm && ComplianceReportsFile.AllColumns.Contains(ex.Field))
                ModelState.AddModelError("Site." + SiteReportForm.Property(ex.Field), ex.Message[(ex.Message.IndexOf(" : ", StringComparison.Ordinal) + 3)..]);
            else
                ModelState.AddModelError("file", FileError = ex.Message);
        }
        catch (ReferentialException ex)
        {
            ModelState.AddModelError(nameof(Campaign), ex.Message);
        }
        catch (FormatException ex)
        {
            ModelState.AddModelError(nameof(AsOf), ex.Message);
        }
        return false;
    }
}
