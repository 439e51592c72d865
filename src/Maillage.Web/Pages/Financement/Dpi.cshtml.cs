using Maillage.Core.Features.Compliance;
using Maillage.Core.Features.Funding;
using Maillage.Domain.Funding;
using Maillage.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Financement;

/// <summary>The DPI module calculator over an uploaded file: same reader and tree as <c>maillage funding dpi</c>. Writes nothing.</summary>
[RequestSizeLimit(Maillage.Web.Api.Calculator.CalculatorApi.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = Maillage.Web.Api.Calculator.CalculatorApi.MaxUploadBytes)]
public sealed class DpiModel : PageModel
{
    public IReadOnlyList<DpiFunding>? Result { get; private set; }

    public string? FileName { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choisissez le fichier CSV des établissements.");
            return Page();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        FileName = Path.GetFileName(file.FileName);
        try
        {
            Result = FundingFiles.ComputeDpi(FileName, buffer.ToArray());
        }
        catch (InputFileException ex)
        {
            ModelState.AddModelError("file", ex.Message);
        }
        return Page();
    }
}
