using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Maillage.Web.Errors;

namespace Maillage.Web.Api;

/// <summary>
/// The registry API: <c>/api/v1/{collection}</c> — list (filters, paging, as_of), get, create, update, history.
/// Reads are public (personal data only for signed-in callers); writes go through <see cref="RegistryService"/>.
/// </summary>
public static class RegistryEndpoints
{
    public const string Prefix = Routes.Api.Prefix;

    public static void MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Prefix).WithTags("Registre").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/stats", async (RegistryReads r, HttpContext http, [FromQuery(Name = "as_of")] DateOnly? asOf, CancellationToken ct) =>
                TypedResults.Ok(await r.StatsAsync(Caller.From(http.User), asOf, ct)))
            .WithName("GetStats").WithSummary("Le réseau en chiffres (par type, filière et région), à une date");

        MapReference(api);
        MapEstablishments(api);
        MapFilieres(api);
        MapNetworks(api);
        MapCentres(api, "sites", CentreKind.ReferenceSite);
        MapCentres(api, "competence-centres", CentreKind.CompetenceCentre);
        MapCentres(api, "resource-centres", CentreKind.ResourceCentre);
        MapPlatforms(api);
        MapPeople(api);
        MapAssociations(api);
    }

    private static (int Page, int Size) Paging(int? page, int? size) => (Math.Max(1, page ?? 1), Math.Clamp(size ?? 50, 1, 1000));

    /// <summary>An object's history as the caller may read it: 401 for the public and 403 for others when it is refused (a person's).</summary>
    private static async Task<IResult> HistoryAsync(RegistryReads r, HttpContext http, string entity, string id, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var rows = await r.HistoryAsync(caller, entity, id, ct);
        if (rows is null)
            return caller.IsAuthenticated
                ? TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "Cet historique contient des données personnelles hors de votre périmètre.")
                : TypedResults.Problem(statusCode: 401, title: "Authentification requise");
        return TypedResults.Ok(rows.Select(h => new HistoryDto(h.At, h.Author, h.Action, h.Origin, h.Before, h.After)).ToList());
    }

    private static void MapReference(RouteGroupBuilder api)
    {
        api.MapGet("/regions", async (RegistryReads r, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok((await r.RegionsAsync(Caller.From(http.User), ct)).Select(RegionDto.From).ToList()))
            .WithName("ListRegions").WithSummary("Régions (codes INSEE), avec leur ARS et leur population");
        api.MapGet("/regions/{code}", async Task<IResult> (RegistryReads r, HttpContext http, string code, CancellationToken ct) =>
            await r.RegionAsync(Caller.From(http.User), code, ct) is { } x ? TypedResults.Ok(RegionDto.From(x)) : ApiResults.NotFound($"Région « {code} » inconnue."))
            .WithName("GetRegion").Produces<RegionDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/departements", async (RegistryReads r, HttpContext http, string? region, CancellationToken ct) =>
            TypedResults.Ok((await r.DepartementsAsync(Caller.From(http.User), region, ct)).Select(DepartementDto.From).ToList()))
            .WithName("ListDepartements").WithSummary("Départements (codes INSEE, outre-mer compris)");
        api.MapGet("/departements/{code}", async Task<IResult> (RegistryReads r, HttpContext http, string code, CancellationToken ct) =>
            await r.DepartementAsync(Caller.From(http.User), code, ct) is { } d ? TypedResults.Ok(DepartementDto.From(d)) : ApiResults.NotFound($"Département « {code} » inconnu."))
            .WithName("GetDepartement").Produces<DepartementDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/ern", async (RegistryReads r, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok((await r.ErnsAsync(Caller.From(http.User), ct)).Select(ErnDto.From).ToList()))
            .WithName("ListErn").WithSummary("Réseaux européens de référence (ERN)");
        api.MapGet("/ern/{acronym}", async Task<IResult> (RegistryReads r, HttpContext http, string acronym, CancellationToken ct) =>
            await r.ErnAsync(Caller.From(http.User), acronym, ct) is { } e ? TypedResults.Ok(ErnDto.From(e)) : ApiResults.NotFound($"ERN « {acronym} » inconnu."))
            .WithName("GetErn").Produces<ErnDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/orpha/{code:int}", async Task<IResult> (RegistryReads r, HttpContext http, int code, CancellationToken ct) =>
            {
                if (await r.OrphaAsync(Caller.From(http.User), code, ct) is not { } entry) return ApiResults.NotFound($"ORPHAcode {code} inconnu de la nomenclature chargée.");
                var o = entry.Disease;
                var synonyms = (o.Synonyms ?? "").Split(" | ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return TypedResults.Ok(new OrphaDto(o.Code, o.NameEn, o.NameFr, o.Status, o.IsActive, o.ClassificationLevel, o.DisorderType,
                    synonyms, o.RedirectTo, entry.Parents, entry.Children, "Orphanet, INSERM — CC BY 4.0"));
            })
            .WithName("GetOrpha").Produces<OrphaDto>().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Une entrée de la nomenclature ORPHA (Orphanet, INSERM — CC BY 4.0)");
    }

    private static void MapEstablishments(RouteGroupBuilder api)
    {
        api.MapGet("/establishments", async Task<IResult> (RegistryReads r, HttpContext http, string? q, string? region, string? departement,
                string? category, string? level, [FromQuery(Name = "legal_entity")] string? legalEntity, int? page, [FromQuery(Name = "page_size")] int? pageSize, CancellationToken ct) =>
            {
                if (!ApiResults.TryEnum<EstablishmentCategory>(category, "category", out var categoryValue, out var bad1)) return bad1!;
                if (!ApiResults.TryEnum<EstablishmentLevel>(level, "level", out var levelValue, out var bad2)) return bad2!;
                var (p, size) = Paging(page, pageSize);
                var result = await r.EstablishmentsAsync(Caller.From(http.User), new EstablishmentFilter(q, region, departement, categoryValue, levelValue, legalEntity), p, size, ct);
                return TypedResults.Ok(new PageDto<EstablishmentDto>(result.Items.Select(EstablishmentDto.From).ToList(), result.Total, p, size, await r.IsDemoAsync(ct)));
            })
            .WithName("ListEstablishments").Produces<PageDto<EstablishmentDto>>().ProducesProblem(StatusCodes.Status400BadRequest).WithSummary("Établissements (FINESS EJ et ET)");
        api.MapGet("/establishments/{finess}", async Task<IResult> (RegistryReads r, HttpContext http, string finess, CancellationToken ct) =>
                await r.EstablishmentAsync(Caller.From(http.User), finess, ct) is { } e ? TypedResults.Ok(EstablishmentDto.From(e)) : ApiResults.NotFound($"Établissement « {finess} » inconnu."))
            .WithName("GetEstablishment").WithVersionETag("establishment", "finess").Produces<EstablishmentDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/establishments/{finess}/history", (RegistryReads r, HttpContext http, string finess, CancellationToken ct) => HistoryAsync(r, http, "establishment", finess, ct))
            .WithName("GetEstablishmentHistory");
        api.MapPost("/establishments", async Task<IResult> (RegistryService s, RegistryQueries q, HttpContext http, EstablishmentInput input, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(input.Finess)) return ApiResults.BadRequest("Le champ finess est obligatoire.");
                var e = new Establishment { Finess = input.Finess.Trim().ToUpperInvariant(), Name = input.Name, DepartementCode = input.Departement };
                input.ApplyTo(e);
                var caller = Caller.From(http.User);
                var r = await s.CreateEstablishmentAsync(caller, e, ct);
                return ApiResults.From(r, caller, () => TypedResults.Created($"{Prefix}/establishments/{e.Finess}", EstablishmentDto.From(e)));
            })
            .WithName("CreateEstablishment").Produces<EstablishmentDto>(StatusCodes.Status201Created).ProducesWriteProblems().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/establishments/{finess}", async Task<IResult> (RegistryService s, RegistryQueries q, HttpContext http, string finess, EstablishmentInput input, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return badTag!;
                var r = await s.UpdateEstablishmentAsync(caller, finess, input.ApplyTo, ifMatch, ct);
                return await ApiResults.FromAsync(r, caller, async () => TypedResults.Ok(EstablishmentDto.From((await q.EstablishmentAsync(finess, ct))!)));
            })
            .WithName("UpdateEstablishment").WithVersionETag("establishment", "finess").Produces<EstablishmentDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesVersionProblems();
    }

    private static void MapFilieres(RouteGroupBuilder api)
    {
        api.MapGet("/filieres", async (RegistryReads r, HttpContext http, CancellationToken ct) =>
                TypedResults.Ok((await r.FilieresAsync(Caller.From(http.User), ct)).Select(FiliereDto.From).ToList()))
            .WithName("ListFilieres").WithSummary("Les filières de santé maladies rares (FSMR)");
        api.MapGet("/filieres/{acronym}", async Task<IResult> (RegistryReads r, HttpContext http, string acronym, CancellationToken ct) =>
                await r.FiliereAsync(Caller.From(http.User), acronym, ct) is { } f ? TypedResults.Ok(FiliereDto.From(f)) : ApiResults.NotFound($"Filière « {acronym} » inconnue."))
            .WithName("GetFiliere").WithVersionETag("filiere", "acronym").Produces<FiliereDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/filieres/{acronym}/history", (RegistryReads r, HttpContext http, string acronym, CancellationToken ct) => HistoryAsync(r, http, "filiere", acronym, ct))
            .WithName("GetFiliereHistory");
        api.MapPut("/filieres/{acronym}", async Task<IResult> (RegistryService s, RegistryQueries q, HttpContext http, string acronym, FiliereInput input, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return badTag!;
                var r = await s.UpdateFiliereAsync(caller, acronym, input.ApplyTo, ifMatch, ct);
                return await ApiResults.FromAsync(r, caller, async () => TypedResults.Ok(FiliereDto.From((await q.FiliereAsync(acronym, ct))!)));
            })
            .WithName("UpdateFiliere").WithVersionETag("filiere", "acronym").Produces<FiliereDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesVersionProblems();
    }

    private static void MapNetworks(RouteGroupBuilder api)
    {
        api.MapGet("/networks", async Task<IResult> (RegistryReads r, HttpContext http, string? filiere, string? field, int? orpha, string? q,
                [FromQuery(Name = "as_of")] DateOnly? asOf, string? period, int? page, [FromQuery(Name = "page_size")] int? pageSize, CancellationToken ct) =>
            {
                var (p, size) = Paging(page, pageSize);
                if (!ApiResults.TryEnum<ThresholdField>(field, "field", out var fieldValue, out var bad)) return bad!;
                var found = await r.NetworksAsync(Caller.From(http.User), new NetworkFilter(filiere, fieldValue, orpha, q, asOf, period), p, size, ct);
                return TypedResults.Ok(new PageDto<NetworkDto>(found.Items.Select(NetworkDto.From).ToList(), found.Total, p, size, await r.IsDemoAsync(ct)));
            })
            .WithName("ListNetworks").Produces<PageDto<NetworkDto>>().ProducesProblem(StatusCodes.Status400BadRequest).WithSummary("Réseaux de centres de référence (CRMR)");
        api.MapGet("/networks/{id}", async Task<IResult> (RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
                await r.NetworkAsync(Caller.From(http.User), id, ct) is { } n ? TypedResults.Ok(NetworkDto.From(n)) : ApiResults.NotFound($"Réseau « {id} » inconnu."))
            .WithName("GetNetwork").WithVersionETag("network", "id").Produces<NetworkDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/networks/{id}/labels", async (RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
                TypedResults.Ok((await r.LabelsOfAsync(Caller.From(http.User), networkId: id, ct: ct)).Select(LabelDto.From).ToList()))
            .WithName("GetNetworkLabels");
        api.MapGet("/networks/{id}/history", (RegistryReads r, HttpContext http, string id, CancellationToken ct) => HistoryAsync(r, http, "network", id, ct))
            .WithName("GetNetworkHistory");
        api.MapPost("/networks", async Task<IResult> (RegistryService s, HttpContext http, NetworkInput input, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(input.Id)) return ApiResults.BadRequest("Le champ id est obligatoire.");
                var n = new Network { Id = input.Id.Trim(), Name = input.Name, FiliereAcronym = input.Filiere };
                input.ApplyTo(n);
                var caller = Caller.From(http.User);
                var r = await s.CreateNetworkAsync(caller, n, ct);
                return ApiResults.From(r, caller, () => TypedResults.Created($"{Prefix}/networks/{n.Id}", NetworkDto.From(n)));
            })
            .WithName("CreateNetwork").Produces<NetworkDto>(StatusCodes.Status201Created).ProducesWriteProblems().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/networks/{id}", async Task<IResult> (RegistryService s, RegistryQueries q, HttpContext http, string id, NetworkInput input, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return badTag!;
                var r = await s.UpdateNetworkAsync(caller, id, input.ApplyTo, ifMatch, ct);
                return await ApiResults.FromAsync(r, caller, async () => TypedResults.Ok(NetworkDto.From((await q.NetworkAsync(id, ct))!)));
            })
            .WithName("UpdateNetwork").WithVersionETag("network", "id").Produces<NetworkDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesVersionProblems();
    }

    private static async Task<CentreDto?> CentreDtoAsync(RegistryReads r, Caller caller, string id, CancellationToken ct) =>
        ToDto(await r.CentreAsync(caller, id, ct));

    private static CentreDto? ToDto(CentreDetail? detail)
    {
        if (detail is null) return null;
        var c = detail.Centre;
        return new CentreDto(c.Id, c.Kind, c.Role, c.ResourceKind, c.NetworkId, c.Name, c.EstablishmentFiness, c.Establishment?.Name,
            c.Establishment?.DepartementCode, c.Establishment?.Departement?.RegionCode,
            c.Attachments.Select(a => a.NetworkId).Order(StringComparer.Ordinal).ToList(), detail.Filieres, detail.HeadName,
            c.PredecessorId, c.Phone, c.Email, c.Website, c.ClosedOn);
    }

    /// <summary>The centre as returned after a write (the writer's own view).</summary>
    private static void MapCentres(RouteGroupBuilder api, string collection, CentreKind kind)
    {
        var name = collection switch { "sites" => "Sites", "competence-centres" => "CompetenceCentres", _ => "ResourceCentres" };
        var entity = "centre";
        api.MapGet($"/{collection}", async Task<IResult> (RegistryReads q, HttpContext http, string? role, string? filiere, string? region, string? departement, string? establishment,
                string? network, string? period, int? orpha, [FromQuery(Name = "as_of")] DateOnly? asOf, [FromQuery(Name = "q")] string? text,
                int? page, [FromQuery(Name = "page_size")] int? pageSize, CancellationToken ct) =>
            {
                var (p, size) = Paging(page, pageSize);
                if (!ApiResults.TryEnum<SiteRole>(role, "role", out var roleValue, out var bad)) return bad!;
                var filter = new CentreFilter
                {
                    Kind = kind, Role = roleValue, Filiere = filiere, Region = region, Departement = departement, Establishment = establishment,
                    Network = network, Period = period, Orpha = orpha, AsOf = asOf, Q = text,
                };
                var result = await q.CentresAsync(Caller.From(http.User), filter, p, size, ct);
                var items = result.Items.Select(r => new CentreDto(r.Id, r.Kind, r.Role, r.ResourceKind, r.NetworkId, r.Name, r.EstablishmentFiness,
                    r.EstablishmentName, r.DepartementCode, r.RegionCode, [], r.Filieres, r.HeadName, null, null, null, null, null)).ToList();
                return TypedResults.Ok(new PageDto<CentreDto>(items, result.Total, p, size, await q.IsDemoAsync(ct)));
            })
            .WithName($"List{name}").Produces<PageDto<CentreDto>>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet($"/{collection}/{{id}}", async Task<IResult> (RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
                await CentreDtoAsync(r, Caller.From(http.User), id, ct) is { } c && c.Kind == kind ? TypedResults.Ok(c) : ApiResults.NotFound($"« {id} » n'existe pas dans {collection}."))
            .WithName($"Get{name}").WithVersionETag("centre").Produces<CentreDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet($"/{collection}/{{id}}/labels", async (RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
                TypedResults.Ok((await r.LabelsOfAsync(Caller.From(http.User), centreId: id, ct: ct)).Select(LabelDto.From).ToList()))
            .WithName($"Get{name}Labels");
        api.MapGet($"/{collection}/{{id}}/heads", async (RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
                TypedResults.Ok((await r.MandatesAsync(Caller.From(http.User), centreId: id, ct: ct)).Select(m => MandateDto.Of(m.Mandate, m.PersonName)).ToList()))
            .WithName($"Get{name}Heads");
        api.MapGet($"/{collection}/{{id}}/history", (RegistryReads r, HttpContext http, string id, CancellationToken ct) => HistoryAsync(r, http, entity, id, ct))
            .WithName($"Get{name}History");
        api.MapPost($"/{collection}", async Task<IResult> (RegistryService s, RegistryReads reads, HttpContext http, CentreInput input, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(input.Id)) return ApiResults.BadRequest("Le champ id est obligatoire.");
                var c = new Centre { Id = input.Id.Trim(), Kind = kind, Name = input.Name, EstablishmentFiness = input.EstablishmentFiness };
                input.ApplyTo(c);
                var caller = Caller.From(http.User);
                var r = await s.CreateCentreAsync(caller, c, ct);
                return await ApiResults.FromAsync(r, caller, async () => TypedResults.Created($"{Prefix}/{collection}/{c.Id}", await CentreDtoAsync(reads, caller, c.Id, ct)));
            })
            .WithName($"Create{name}").Produces<CentreDto>(StatusCodes.Status201Created).ProducesWriteProblems().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut($"/{collection}/{{id}}", async Task<IResult> (RegistryService s, RegistryReads reads, HttpContext http, string id, CentreInput input, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return badTag!;
                var r = await s.UpdateCentreAsync(caller, id, kind, input.ApplyTo, ifMatch, ct);
                return await ApiResults.FromAsync(r, caller, async () => TypedResults.Ok(await CentreDtoAsync(reads, caller, id, ct)));
            })
            .WithName($"Update{name}").WithVersionETag("centre").Produces<CentreDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesVersionProblems();
        api.MapPut($"/{collection}/{{id}}/head", async Task<IResult> (RegistryService s, HttpContext http, string id, HeadInput input, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                var r = await s.SetCentreHeadAsync(caller, id, kind, input.PersonId, input.From, ct);
                return ApiResults.From(r, caller, () => TypedResults.NoContent());
            })
            .WithName($"Set{name}Head").Produces(StatusCodes.Status204NoContent).ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Nomme un nouveau responsable à compter d'une date (le mandat en cours se termine la veille)");
    }

    private static void MapPlatforms(RouteGroupBuilder api)
    {
        api.MapGet("/platforms", async Task<IResult> (RegistryReads r, HttpContext http, string? kind, string? region, [FromQuery(Name = "as_of")] DateOnly? asOf,
                int? page, [FromQuery(Name = "page_size")] int? pageSize, CancellationToken ct) =>
            {
                var (p, size) = Paging(page, pageSize);
                if (!ApiResults.TryEnum<PlatformKind>(kind, "kind", out var kindValue, out var bad)) return bad!;
                var found = await r.PlatformsAsync(Caller.From(http.User), kindValue, region, asOf, p, size, ct);
                return TypedResults.Ok(new PageDto<PlatformDto>(found.Items.Select(PlatformDto.From).ToList(), found.Total, p, size, await r.IsDemoAsync(ct)));
            })
            .WithName("ListPlatforms").Produces<PageDto<PlatformDto>>().ProducesProblem(StatusCodes.Status400BadRequest).WithSummary("Plateformes d'expertise (PEMR) et plateformes ultramarines");
        api.MapGet("/platforms/{id}", async Task<IResult> (RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
                await r.PlatformAsync(Caller.From(http.User), id, ct) is { } p ? TypedResults.Ok(PlatformDto.From(p)) : ApiResults.NotFound($"Plateforme « {id} » inconnue."))
            .WithName("GetPlatform").WithVersionETag("platform", "id").Produces<PlatformDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/platforms/{id}/history", (RegistryReads r, HttpContext http, string id, CancellationToken ct) => HistoryAsync(r, http, "platform", id, ct))
            .WithName("GetPlatformHistory");
        api.MapPut("/platforms/{id}", async Task<IResult> (RegistryService s, RegistryQueries q, HttpContext http, string id, PlatformInput input, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return badTag!;
                var r = await s.UpdatePlatformAsync(caller, id, input.ApplyTo, ifMatch, ct);
                return await ApiResults.FromAsync(r, caller, async () => TypedResults.Ok(PlatformDto.From((await q.PlatformAsync(id, ct))!)));
            })
            .WithName("UpdatePlatform").WithVersionETag("platform", "id").Produces<PlatformDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesVersionProblems();
    }

    private static void MapPeople(RouteGroupBuilder api)
    {
        api.MapGet("/people", async (RegistryReads r, HttpContext http, string? q, int? page, [FromQuery(Name = "page_size")] int? pageSize, CancellationToken ct) =>
            {
                var (p, size) = Paging(page, pageSize);
                var result = await r.PeopleAsync(Caller.From(http.User), q, p, size, ct);
                return TypedResults.Ok(new PageDto<PersonDto>(result.Items.Select(PersonDto.From).ToList(), result.Total, p, size, await r.IsDemoAsync(ct)));
            })
            .WithName("ListPeople").WithSummary("Personnes (responsables, coordonnateurs) ; RPPS, statut, date de naissance et courriel réservés aux rôles qui en ont besoin, sur leur périmètre (recherche par RPPS comprise)");
        api.MapGet("/people/{id}", async Task<IResult> (RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
                await r.PersonAsync(Caller.From(http.User), id, ct) is { } p ? TypedResults.Ok(PersonDto.From(p)) : ApiResults.NotFound($"Personne « {id} » inconnue."))
            .WithName("GetPerson").WithVersionETag("person", "id").Produces<PersonDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/people/{id}/mandates", async (RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
                TypedResults.Ok((await r.MandatesAsync(Caller.From(http.User), personId: id, ct: ct)).Select(m => MandateDto.Of(m.Mandate, m.PersonName)).ToList()))
            .WithName("GetPersonMandates");
        api.MapGet("/people/{id}/history", (RegistryReads r, HttpContext http, string id, CancellationToken ct) => HistoryAsync(r, http, "person", id, ct))
            .WithName("GetPersonHistory");
        api.MapPost("/people", async Task<IResult> (RegistryService s, HttpContext http, PersonInput input, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(input.Id)) return ApiResults.BadRequest("Le champ id est obligatoire.");
                var p = new Person { Id = input.Id.Trim(), FirstName = input.FirstName, LastName = input.LastName };
                input.ApplyTo(p);
                var caller = Caller.From(http.User);
                var r = await s.CreatePersonAsync(caller, p, ct);
                return ApiResults.From(r, caller, () => TypedResults.Created($"{Prefix}/people/{p.Id}", PersonDto.From(p, true)));
            })
            .WithName("CreatePerson").Produces<PersonDto>(StatusCodes.Status201Created).ProducesWriteProblems().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/people/{id}", async Task<IResult> (RegistryService s, RegistryQueries q, HttpContext http, string id, PersonInput input, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return badTag!;
                var r = await s.UpdatePersonAsync(caller, id, input.ApplyTo, ifMatch, ct);
                return await ApiResults.FromAsync(r, caller, async () => TypedResults.Ok(PersonDto.From((await q.PersonAsync(id, ct))!, true)));
            })
            .WithName("UpdatePerson").WithVersionETag("person", "id").Produces<PersonDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesVersionProblems();
    }

    private static void MapAssociations(RouteGroupBuilder api)
    {
        api.MapGet("/associations", async (RegistryReads r, HttpContext http, string? q, string? network, int? page, [FromQuery(Name = "page_size")] int? pageSize, CancellationToken ct) =>
            {
                var (p, size) = Paging(page, pageSize);
                var result = await r.AssociationsAsync(Caller.From(http.User), q, network, p, size, ct);
                return TypedResults.Ok(new PageDto<AssociationDto>(result.Items.Select(AssociationDto.From).ToList(), result.Total, p, size, await r.IsDemoAsync(ct)));
            })
            .WithName("ListAssociations").WithSummary("Associations de personnes malades et leurs conventions");
        api.MapGet("/associations/{id}", async Task<IResult> (RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
                await r.AssociationAsync(Caller.From(http.User), id, ct) is { } a ? TypedResults.Ok(AssociationDto.From(a)) : ApiResults.NotFound($"Association « {id} » inconnue."))
            .WithName("GetAssociation").WithVersionETag("association", "id").Produces<AssociationDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/associations/{id}/history", (RegistryReads r, HttpContext http, string id, CancellationToken ct) => HistoryAsync(r, http, "association", id, ct))
            .WithName("GetAssociationHistory");
        api.MapPost("/associations", async Task<IResult> (RegistryService s, HttpContext http, AssociationInput input, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(input.Id)) return ApiResults.BadRequest("Le champ id est obligatoire.");
                var a = new Association { Id = input.Id.Trim(), Name = input.Name };
                input.ApplyTo(a);
                var caller = Caller.From(http.User);
                var r = await s.CreateAssociationAsync(caller, a, ct);
                return ApiResults.From(r, caller, () => TypedResults.Created($"{Prefix}/associations/{a.Id}", AssociationDto.From(a)));
            })
            .WithName("CreateAssociation").Produces<AssociationDto>(StatusCodes.Status201Created).ProducesWriteProblems().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/associations/{id}", async Task<IResult> (RegistryService s, RegistryQueries q, HttpContext http, string id, AssociationInput input, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return badTag!;
                var r = await s.UpdateAssociationAsync(caller, id, input.ApplyTo, ifMatch, ct);
                return await ApiResults.FromAsync(r, caller, async () => TypedResults.Ok(AssociationDto.From((await q.AssociationAsync(id, ct))!)));
            })
            .WithName("UpdateAssociation").WithVersionETag("association", "id").Produces<AssociationDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesVersionProblems();
    }
}
