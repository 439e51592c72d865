using Maillage.Web.Errors;

namespace Maillage.Web.Api.Registry;

/// <summary>
/// The registry API: <c>/api/v1/{collection}</c> — list (filters, paging, as_of), get, create, update, history.
/// Reads are public (personal data only for signed-in callers); writes go through
/// <see cref="Maillage.Core.Features.Registry.RegistryService"/>. One line per route; what each does, answers and refuses
/// is on its handler (<see cref="ReferenceHandlers"/>, <see cref="RegistryHandlers"/>, <see cref="CentreHandlers{TCollection}"/>);
/// the routes naming one editable object carry its version as ETag.
/// </summary>
public static class RegistryApi
{
    public static void MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Prefix).WithTags("Registre").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/stats", ReferenceHandlers.Stats);
        api.MapGet("/regions", ReferenceHandlers.Regions);
        api.MapGet("/regions/{code}", ReferenceHandlers.Region);
        api.MapGet("/departements", ReferenceHandlers.Departements);
        api.MapGet("/departements/{code}", ReferenceHandlers.Departement);
        api.MapGet("/ern", ReferenceHandlers.Erns);
        api.MapGet("/ern/{acronym}", ReferenceHandlers.Ern);
        api.MapGet("/orpha/{code:int}", ReferenceHandlers.Orpha);

        api.MapGet("/establishments", RegistryHandlers.Establishments);
        api.MapGet("/establishments/{finess}", RegistryHandlers.Establishment).WithVersionETag("establishment", "finess");
        api.MapGet("/establishments/{finess}/history", RegistryHandlers.EstablishmentHistory);
        api.MapPost("/establishments", RegistryHandlers.CreateEstablishment);
        api.MapPut("/establishments/{finess}", RegistryHandlers.UpdateEstablishment).WithVersionETag("establishment", "finess");

        api.MapGet("/filieres", RegistryHandlers.Filieres);
        api.MapGet("/filieres/{acronym}", RegistryHandlers.Filiere).WithVersionETag("filiere", "acronym");
        api.MapGet("/filieres/{acronym}/history", RegistryHandlers.FiliereHistory);
        api.MapPut("/filieres/{acronym}", RegistryHandlers.UpdateFiliere).WithVersionETag("filiere", "acronym");

        api.MapGet("/networks", RegistryHandlers.Networks);
        api.MapGet("/networks/{id}", RegistryHandlers.Network).WithVersionETag("network", "id");
        api.MapGet("/networks/{id}/labels", RegistryHandlers.NetworkLabels);
        api.MapGet("/networks/{id}/history", RegistryHandlers.NetworkHistory);
        api.MapPost("/networks", RegistryHandlers.CreateNetwork);
        api.MapPut("/networks/{id}", RegistryHandlers.UpdateNetwork).WithVersionETag("network", "id");

        api.MapCentres<Sites>();
        api.MapCentres<CompetenceCentres>();
        api.MapCentres<ResourceCentres>();

        api.MapGet("/platforms", RegistryHandlers.Platforms);
        api.MapGet("/platforms/{id}", RegistryHandlers.Platform).WithVersionETag("platform", "id");
        api.MapGet("/platforms/{id}/history", RegistryHandlers.PlatformHistory);
        api.MapPut("/platforms/{id}", RegistryHandlers.UpdatePlatform).WithVersionETag("platform", "id");

        api.MapGet("/people", RegistryHandlers.People);
        api.MapGet("/people/{id}", RegistryHandlers.Person).WithVersionETag("person", "id");
        api.MapGet("/people/{id}/mandates", RegistryHandlers.PersonMandates);
        api.MapGet("/people/{id}/history", RegistryHandlers.PersonHistory);
        api.MapPost("/people", RegistryHandlers.CreatePerson);
        api.MapPut("/people/{id}", RegistryHandlers.UpdatePerson).WithVersionETag("person", "id");

        api.MapGet("/associations", RegistryHandlers.Associations);
        api.MapGet("/associations/{id}", RegistryHandlers.Association).WithVersionETag("association", "id");
        api.MapGet("/associations/{id}/history", RegistryHandlers.AssociationHistory);
        api.MapPost("/associations", RegistryHandlers.CreateAssociation);
        api.MapPut("/associations/{id}", RegistryHandlers.UpdateAssociation).WithVersionETag("association", "id");
    }

    /// <summary>The routes of one centre collection; the operation names carry the collection (<c>ListSites</c>, <c>GetCompetenceCentresHeads</c>…).</summary>
    private static void MapCentres<T>(this RouteGroupBuilder api) where T : ICentreCollection
    {
        var path = "/" + T.Collection;
        var name = T.OperationName;
        api.MapGet(path, CentreHandlers<T>.List).WithName($"List{name}");
        api.MapGet(path + "/{id}", CentreHandlers<T>.Get).WithName($"Get{name}").WithVersionETag("centre");
        api.MapGet(path + "/{id}/labels", CentreHandlers<T>.Labels).WithName($"Get{name}Labels");
        api.MapGet(path + "/{id}/heads", CentreHandlers<T>.Heads).WithName($"Get{name}Heads");
        api.MapGet(path + "/{id}/history", CentreHandlers<T>.History).WithName($"Get{name}History");
        api.MapPost(path, CentreHandlers<T>.Create).WithName($"Create{name}");
        api.MapPut(path + "/{id}", CentreHandlers<T>.Update).WithName($"Update{name}").WithVersionETag("centre");
        api.MapPut(path + "/{id}/head", CentreHandlers<T>.SetHead).WithName($"Set{name}Head");
    }
}
