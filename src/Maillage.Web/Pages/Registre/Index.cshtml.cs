using Maillage.Web.Api;
using Maillage.Core.Features.Registry;
using Maillage.Core.Features.Registry.Transfer;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Registre;

/// <summary>Whole-registry export (signed-in users) and import (national administrators), as the API and CLI do.</summary>
[RequestSizeLimit(RegistryTransfer.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = RegistryTransfer.MaxUploadBytes)]
public sealed class IndexModel(RegistryTransfer transfer) : PageModel
{
    public RegistryImportResult? Result { get; private set; }

    public string? FileName { get; private set; }

    public bool CanImport => RegistryTransfer.CanImport(Caller.From(User));

    public IActionResult OnGet() => Caller.From(User).IsAuthenticated ? Page() : Challenge();

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!RegistryTransfer.CanExport(caller)) return Challenge();
        var asked = ExportFormats.Registry.OrDefault(format);
        var buffer = new MemoryStream();
        await transfer.ExportAsync(caller, asked.Code(), buffer, ct);
        buffer.Position = 0;
        var stamp = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return asked == ExportFormat.Xlsx
            ? File(buffer, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"registre-{stamp}.xlsx")
            : File(buffer, "application/zip", $"registre-{stamp}.zip");
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!caller.IsAuthenticated) return Challenge();
        if (!RegistryTransfer.CanImport(caller)) return StatusCode(StatusCodes.Status403Forbidden);
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choisissez un fichier à importer (.zip, .xlsx ou .csv).");
            return Page();
        }
        FileName = file.FileName;
        await using var stream = file.OpenReadStream();
        Result = await transfer.ImportAsync(caller, stream, file.FileName, ct);
        return Page();
    }
}
