using Maillage.Web.Errors;

namespace Maillage.Web.Api.Registry.Transfer;

/// <summary>
/// <c>GET /api/v1/registry/export</c> and <c>POST /api/v1/registry/import</c> (docs/formats/registry.md): the whole
/// registry out and in through <see cref="Maillage.Core.Features.Registry.Transfer.RegistryTransfer"/>. One line per
/// route; the handlers are in <see cref="RegistryTransferHandlers"/>.
/// </summary>
public static class RegistryTransferApi
{
    public static void MapRegistryTransferApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Registry).WithTags("Registre — import et export").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/export", RegistryTransferHandlers.Export);
        api.MapPost("/import", RegistryTransferHandlers.Import).DisableAntiforgery();
    }
}
