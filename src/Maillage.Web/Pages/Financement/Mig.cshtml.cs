using Maillage.Core.Features.Compliance;
using Maillage.Core.Features.Funding;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Funding;
using Maillage.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Financement;

/// <summary>The MIG variable part over an uploaded file and an envelope: same path as <c>maillage funding mig</c>. Writes nothing.</summary>
[RequestSizeLimit(Maillage.Web.Api.Calculator.CalculatorApi.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = Maillage.Web.Api.Calculator.CalculatorApi.MaxUploadBytes)]
public sealed class MigModel : PageModel
{
    [BindProperty] public string? Envelope { get; set; }

    [BindProperty] public string? Campaign { get; set; } = ComplianceCheck.DefaultCampaign;

    public MigResultDto? Result { get; private set; }

    public string? FileName { get; private set; }

    public List<SelectListItem> CampaignOptions => CampaignCatalogue.Shipped.Ids.Select(c => new SelectListItem(c, c)).ToList();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        decimal envelope = 0;
        try
        {
            envelope = FundingCalculators.ParseEnvelope(Envelope);
        }
        catch (FundingInputException ex)
        {
            ModelState.AddModelError(nameof(Envelope), "Enveloppe : " + ex.Message);
        }
        if (file is null || file.Length == 0) ModelState.AddModelError("file", "Choisissez le fichier CSV des centres.");
        if (!ModelState.IsValid) return Page();
        using var buffer = new MemoryStream();
        await file!.CopyToAsync(buffer, ct);
        FileName = Path.GetFileName(file.FileName);
        try
        {
            Result = FundingCalculators.Mig(FundingFiles.ReadMig(FileName, buffer.ToArray()), envelope, Campaign);
        }
        catch (InputFileException ex)
        {
            ModelState.AddModelError("file", ex.Message);
        }
        catch (ReferentialException ex)
        {
            ModelState.AddModelError(nameof(Campaign), ex.Message);
        }
        catch (FundingInputException ex)
        {
            ModelState.AddModelError("file", ex.Message);
        }
        return Page();
    }
}
