using Maillage.Core.Features.Registry;
using Maillage.Core.Features.Registry.Transfer;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Maillage.Web.Errors;

namespace Maillage.Web.Api;

public sealed record ImportErrorDto(string File, int Line, string Column, string Message);

public sealed record RegistryImportDto(bool Applied, int Created, int Updated, int Unchanged, IReadOnlyList<ImportErrorDto> Errors)
{
    public static RegistryImportDto From(RegistryImportResult r) =>
        new(r.Applied, r.Created, r.Updated, r.Unchanged, r.Errors.Select(e => new ImportErrorDto(e.File, e.Line, e.Column, e.Message)).ToList());
}

/// <summary><c>GET /api/v1/registry/export</c> and <c>POST /api/v1/registry/import</c> (docs/formats/registry.md).</summary>
public static class RegistryTransferEndpoints
{
    public static void MapRegistryTransferApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Registry).WithTags("Registre — import et export").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/export", async Task<IResult> (RegistryTransfer transfer, HttpContext http, string? format, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!RegistryTransfer.CanExport(caller))
                    return TypedResults.Problem(statusCode: 401, title: "Authentification requise", detail: "L'export complet contient des données personnelles.");
                format = (format ?? "zip").ToLowerInvariant();
                if (format is not ("zip" or "xlsx")) return ApiResults.BadRequest("Paramètre « format » : zip ou xlsx.");
                var buffer = new MemoryStream();
                await transfer.ExportAsync(caller, format, buffer, ct);
                buffer.Position = 0;
                var stamp = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                return format == "xlsx"
                    ? TypedResults.File(buffer, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"registre-{stamp}.xlsx")
                    : TypedResults.File(buffer, "application/zip", $"registre-{stamp}.zip");
            })
            .WithName("ExportRegistry").WithSummary("Exporte tout le registre (zip de fichiers CSV ou XLSX)")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip").ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapPost("/import", async Task<IResult> (RegistryTransfer transfer, HttpContext http, IFormFile file, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return TypedResults.Problem(statusCode: 401, title: "Authentification requise");
                if (!RegistryTransfer.CanImport(caller)) return TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "L'import du registre est réservé à l'administration nationale.");
                if (file.Length > RegistryTransfer.MaxUploadBytes) return ApiResults.BadRequest("Fichier trop volumineux (200 Mo au plus).");
                await using var stream = file.OpenReadStream();
                var result = RegistryImportDto.From(await transfer.ImportAsync(caller, stream, file.FileName, ct));
                return result.Applied ? TypedResults.Ok(result) : TypedResults.UnprocessableEntity(result);
            })
            .WithName("ImportRegistry").WithSummary("Importe un registre (zip de CSV, XLSX ou un CSV) : tout ou rien, erreurs localisées (fichier, ligne, colonne)")
            .DisableAntiforgery()
            .Produces<RegistryImportDto>().Produces<RegistryImportDto>(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
