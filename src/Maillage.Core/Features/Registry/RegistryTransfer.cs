using Maillage.Core.Data;
using Maillage.Core.Exports.Registry;
using Maillage.Core.Imports.Orphanet;
using Maillage.Core.Imports.Registry;
using Maillage.Core.Security;

namespace Maillage.Core.Features.Registry;

/// <summary>
/// Whole-registry import and export for the web page and the API (the CLI calls the importer and exporter directly).
/// Export holds personal data (RPPS, birth dates): signed-in users only. Import can touch every object: national
/// administrators only. The upload is written to a temporary file, read, validated as a whole, and applied in one
/// transaction or not at all (docs/formats/registry.md).
/// </summary>
public sealed class RegistryTransfer(MaillageDbContext db)
{
    public const long MaxUploadBytes = 200L * 1024 * 1024;

    public static readonly string[] AcceptedExtensions = [".zip", ".xlsx", ".csv"];

    public static bool CanExport(Caller caller) => caller.IsAuthenticated;

    public static bool CanImport(Caller caller) => caller.IsAuthenticated && caller.Role == UserRole.NationalAdmin;

    public async Task ExportAsync(string format, Stream output, CancellationToken ct)
    {
        if (format == "xlsx") await RegistryExporter.ExportXlsxAsync(db, output, ct);
        else await RegistryExporter.ExportZipAsync(db, output, ct);
    }

    /// <summary>Imports an uploaded file (.zip of CSV files, .xlsx, or one CSV file named after its entity).</summary>
    public async Task<RegistryImportResult> ImportAsync(Caller caller, Stream upload, string fileName, CancellationToken ct)
    {
        var name = Path.GetFileName(fileName);
        // Fails closed here too, whatever the page or endpoint checked: an import can touch every object.
        if (!CanImport(caller))
            return new RegistryImportResult([new ImportError(name, 0, "", "L'import du registre est réservé à l'administration nationale.")], 0, 0, 0, false);
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (!AcceptedExtensions.Contains(extension))
            return new RegistryImportResult([new ImportError(name, 0, "", $"Format « {extension} » non pris en charge : déposez un .zip de fichiers CSV, un .xlsx ou un fichier .csv.")], 0, 0, 0, false);
        var dir = Directory.CreateTempSubdirectory("maillage-import-");
        try
        {
            var path = Path.Combine(dir.FullName, name);
            await using (var file = File.Create(path))
                await upload.CopyToAsync(file, ct);
            var orpha = await OrphaCatalog.LoadAsync(db, ct);
            return await RegistryImporter.ImportAsync(db, path, orpha, ct);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
