namespace Maillage.Web.Api.Fhir;

/// <summary>
/// Read-only FHIR R4 API under <c>/fhir/r4</c> (docs/formats/fhir.md): read by id, search (searchset Bundles) and the
/// CapabilityStatement at <c>/fhir/r4/metadata</c>, in <c>application/fhir+json</c>. FHIR has its own REST conventions
/// and is described by its CapabilityStatement, so these routes stay out of the /api/v1 OpenAPI document.
/// Public registry data only; no authentication. One line per route; the handlers are in <see cref="FhirHandlers"/>.
/// </summary>
public static class FhirApi
{
    public static void MapFhirApi(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup(Routes.Fhir).ExcludeFromDescription();
        fhir.MapGet("/metadata", FhirHandlers.Metadata);
        fhir.MapGet("/{type}", FhirHandlers.Search);
        fhir.MapGet("/{type}/{id}", FhirHandlers.Read);
    }
}
