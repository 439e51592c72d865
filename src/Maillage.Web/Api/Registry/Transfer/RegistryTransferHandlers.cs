using System.Globalization;
using Maillage.Core.Features.Registry;
using Maillage.Core.Features.Registry.Transfer;
using Maillage.Core.Infrastructure.Security;
using Maillage.Web.Exports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Registry.Transfer;

public sealed record RegistryImportDto(bool Applied, int Created, int Updated, int Unchanged, IReadOnlyList<ImportErrorDto> Errors)
{
    public static RegistryImportDto From(RegistryImportResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Applied, r.Created, r.Updated, r.Unchanged, r.Errors.Select(e => new ImportErrorDto(e.File, e.Line, e.Column, e.Message)).ToList());
    }
}

/// <summary>The registry transfer's handlers: export for the callers allowed personal data, all-or-nothing import for the national administration.</summary>
public static class RegistryTransferHandlers
{
    [EndpointName("ExportRegistry")]
    [EndpointSummary("Exporte tout le registre (zip de fichiers CSV ou XLSX)")]
    [ProducesFile("application/zip"), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized)]
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Export(
        RegistryTransfer transfer, HttpContext http, [FromQuery(Name = "format")] string? format, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var caller = Caller.From(http?.User);
        if (!RegistryTransfer.CanExport(caller))
            return TypedResults.Problem(statusCode: 401, title: "Authentification requise", detail: "L'export complet contient des données personnelles.");
        if (ExportFormats.Registry.Parse(format, out var asked) is { } problem) return problem;
        var buffer = new MemoryStream();
        await transfer.ExportAsync(caller, asked.Code(), buffer, ct);
        buffer.Position = 0;
        var name = "registre-" + DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "." + asked.Code();
        return asked == ExportFormat.Xlsx
            ? TypedResults.File(buffer, TableExport.XlsxContentType, name)
            : TypedResults.File(buffer, "application/zip", name);
    }

    [EndpointName("ImportRegistry")]
    [EndpointSummary("Importe un registre (zip de CSV, XLSX ou un CSV) : tout ou rien, erreurs localisées (fichier, ligne, colonne)")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static async Task<Results<Ok<RegistryImportDto>, UnprocessableEntity<RegistryImportDto>, ProblemHttpResult>> Import(
        RegistryTransfer transfer, HttpContext http, IFormFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        ArgumentNullException.ThrowIfNull(file);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return TypedResults.Problem(statusCode: 401, title: "Authentification requise");
        if (!RegistryTransfer.CanImport(caller)) return TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "L'import du registre est réservé à l'administration nationale.");
        if (file.Length > RegistryTransfer.MaxUploadBytes) return ApiResults.Invalid("Fichier trop volumineux (200 Mo au plus).");
        await using var stream = file.OpenReadStream();
        var result = RegistryImportDto.From(await transfer.ImportAsync(caller, stream, file.FileName, ct));
        return result.Applied ? TypedResults.Ok(result) : TypedResults.UnprocessableEntity(result);
    }
}
