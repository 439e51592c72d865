using Maillage.Core.Data;
using Maillage.Core.Features.Registry.Transfer;
using Maillage.Core.Infrastructure.Nomenclature;
using Maillage.Core.Infrastructure.Security;

namespace Maillage.Core.Features.Registry;

/// <summary>
/// Whole-registry import and export for the web page, the API and the CLI (which acts as <see cref="Caller.Operator"/>).
/// Export: signed-in users only, and the people file's identifying columns (RPPS, status, birth date, clinical activity)
/// and contact (e-mail) are empty for the people whose data the caller may not read (<see cref="PersonalData"/>,
/// docs/security.md "Who reads what"). Import can touch every object: national administrators only. Both check the caller
/// here and refuse with <see cref="AccessRefusedException"/> (callers check first to answer 401/403). The upload is
/// written to a temporary file, read, validated as a whole, and applied in one transaction or not at all
/// (docs/formats/registry.md).
/// </summary>
public sealed class RegistryTransfer(MaillageDbContext db, PersonalData personal)
{
    public const long MaxUploadBytes = 200L * 1024 * 1024;

    public static readonly string[] AcceptedExtensions = [".zip", ".xlsx", ".csv"];

    public static bool CanExport(Caller caller) => caller.IsAuthenticated;

    public static bool CanImport(Caller caller) => caller.IsAuthenticated && caller.Role == UserRole.NationalAdmin;

    /// <summary>Exports the registry as a zip of CSV files or an XLSX workbook, minimised for the caller.</summary>
    public async Task ExportAsync(Caller caller, string format, Stream output, CancellationToken ct)
    {
        var people = await PeopleRightsAsync(caller, ct);
        if (format == "xlsx") await RegistryExporter.ExportXlsxAsync(db, output, people, ct);
        else await RegistryExporter.ExportZipAsync(db, output, people, ct);
    }

    /// <summary>Exports the registry as CSV files into a folder (the CLI), minimised for the caller.</summary>
    public async Task ExportFolderAsync(Caller caller, string folder, CancellationToken ct)
    {
        var people = await PeopleRightsAsync(caller, ct);
        await RegistryExporter.ExportCsvAsync(db, folder, people, ct);
    }

    private async Task<Func<string, PersonRights>> PeopleRightsAsync(Caller caller, CancellationToken ct)
    {
        if (!CanExport(caller)) throw new AccessRefusedException(caller, "L'export du registre est réservé aux utilisateurs connectés.");
        return await personal.RightsOfAsync(caller, null, ct);
    }

    /// <summary>Imports an uploaded file (.zip of CSV files, .xlsx, or one CSV file named after its entity).</summary>
    public async Task<RegistryImportResult> ImportAsync(Caller caller, Stream upload, string fileName, CancellationToken ct)
    {
        if (!CanImport(caller)) throw new AccessRefusedException(caller, "L'import du registre est réservé à l'administration nationale.");
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
