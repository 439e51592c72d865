using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api.Registry;

/// <summary>
/// The registry's handlers for establishments, filières, networks, platforms, people and associations: reads through
/// <see cref="RegistryReads"/> (public, personal data only for the roles that need it), writes through
/// <see cref="RegistryService"/> with the caller (401/403, 404, 409 an existing id, 412 a stale If-Match, 422 a registry
/// rule). Centres are in <see cref="CentreHandlers{TCollection}"/>.
/// </summary>
public static class RegistryHandlers
{
    // ------------------------------------------------------------------ establishments

    [EndpointName("ListEstablishments")]
    [EndpointSummary("Établissements (FINESS EJ et ET)")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<Ok<PageDto<EstablishmentDto>>, ProblemHttpResult>> Establishments(
        RegistryReads r, HttpContext http, [AsParameters] EstablishmentQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(query);
        var categoryProblem = ApiResults.ParseEnum<EstablishmentCategory>(query.Category, "category", out var category);
        var levelProblem = ApiResults.ParseEnum<EstablishmentLevel>(query.Level, "level", out var level);
        if ((categoryProblem ?? levelProblem) is { } problem) return problem;
        var (page, size) = Paging.Of(query);
        var result = await r.EstablishmentsAsync(Caller.From(http?.User),
            new EstablishmentFilter(query.Q, query.Region, query.Departement, category, level, query.LegalEntity), page, size, ct);
        return TypedResults.Ok(new PageDto<EstablishmentDto>(result.Items.Select(EstablishmentDto.From).ToList(), result.Total, page, size, await r.IsDemoAsync(ct)));
    }

    [EndpointName("GetEstablishment")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<EstablishmentDto>, ProblemHttpResult>> Establishment(RegistryReads r, HttpContext http, string finess, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return await r.EstablishmentAsync(Caller.From(http?.User), finess, ct) is { } e ? TypedResults.Ok(EstablishmentDto.From(e)) : ApiResults.Unknown($"Établissement « {finess} » inconnu.");
    }

    [EndpointName("GetEstablishmentHistory")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<List<HistoryDto>>, ProblemHttpResult>> EstablishmentHistory(RegistryReads r, HttpContext http, string finess, CancellationToken ct) =>
        HistoryAsync(r, http, "establishment", finess, ct);

    [EndpointName("CreateEstablishment")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Created<EstablishmentDto>, ProblemHttpResult>> CreateEstablishment(
        RegistryService s, HttpContext http, EstablishmentInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.Finess)) return ApiResults.Invalid("Le champ finess est obligatoire.");
        var e = new Establishment { Finess = input.Finess.Trim().ToUpperInvariant(), Name = input.Name, DepartementCode = input.Departement };
        input.ApplyTo(e);
        var caller = Caller.From(http?.User);
        var result = await s.CreateEstablishmentAsync(caller, e, ct);
        return result.Status == WriteStatus.Ok
            ? TypedResults.Created($"{Routes.Api.Establishments}/{e.Finess}", EstablishmentDto.From(e))
            : ApiResults.Problem(result, caller);
    }

    [EndpointName("UpdateEstablishment")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<EstablishmentDto>, ProblemHttpResult>> UpdateEstablishment(
        RegistryService s, RegistryQueries q, HttpContext http, string finess, EstablishmentInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(input);
        var caller = Caller.From(http.User);
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var result = await s.UpdateEstablishmentAsync(caller, finess, input.ApplyTo, ifMatch, ct);
        return result.Status == WriteStatus.Ok ? TypedResults.Ok(EstablishmentDto.From((await q.EstablishmentAsync(finess, ct))!)) : ApiResults.Problem(result, caller);
    }

    // ------------------------------------------------------------------ filières

    [EndpointName("ListFilieres")]
    [EndpointSummary("Les filières de santé maladies rares (FSMR)")]
    public static async Task<Ok<List<FiliereDto>>> Filieres(RegistryReads r, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return TypedResults.Ok((await r.FilieresAsync(Caller.From(http?.User), ct)).Select(FiliereDto.From).ToList());
    }

    [EndpointName("GetFiliere")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<FiliereDto>, ProblemHttpResult>> Filiere(RegistryReads r, HttpContext http, string acronym, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return await r.FiliereAsync(Caller.From(http?.User), acronym, ct) is { } f ? TypedResults.Ok(FiliereDto.From(f)) : ApiResults.Unknown($"Filière « {acronym} » inconnue.");
    }

    [EndpointName("GetFiliereHistory")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<List<HistoryDto>>, ProblemHttpResult>> FiliereHistory(RegistryReads r, HttpContext http, string acronym, CancellationToken ct) =>
        HistoryAsync(r, http, "filiere", acronym, ct);

    [EndpointName("UpdateFiliere")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<FiliereDto>, ProblemHttpResult>> UpdateFiliere(
        RegistryService s, RegistryQueries q, HttpContext http, string acronym, FiliereInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(input);
        var caller = Caller.From(http.User);
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var result = await s.UpdateFiliereAsync(caller, acronym, input.ApplyTo, ifMatch, ct);
        return result.Status == WriteStatus.Ok ? TypedResults.Ok(FiliereDto.From((await q.FiliereAsync(acronym, ct))!)) : ApiResults.Problem(result, caller);
    }

    // ------------------------------------------------------------------ networks

    [EndpointName("ListNetworks")]
    [EndpointSummary("Réseaux de centres de référence (CRMR)")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<Ok<PageDto<NetworkDto>>, ProblemHttpResult>> Networks(
        RegistryReads r, HttpContext http, [AsParameters] NetworkQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(query);
        var (page, size) = Paging.Of(query);
        if (ApiResults.ParseEnum<ThresholdField>(query.Field, "field", out var field) is { } problem) return problem;
        var found = await r.NetworksAsync(Caller.From(http?.User), new NetworkFilter(query.Filiere, field, query.Orpha, query.Q, query.AsOf, query.Period), page, size, ct);
        return TypedResults.Ok(new PageDto<NetworkDto>(found.Items.Select(NetworkDto.From).ToList(), found.Total, page, size, await r.IsDemoAsync(ct)));
    }

    [EndpointName("GetNetwork")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<NetworkDto>, ProblemHttpResult>> Network(RegistryReads r, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return await r.NetworkAsync(Caller.From(http?.User), id, ct) is { } n ? TypedResults.Ok(NetworkDto.From(n)) : ApiResults.Unknown($"Réseau « {id} » inconnu.");
    }

    [EndpointName("GetNetworkLabels")]
    public static async Task<Ok<List<LabelDto>>> NetworkLabels(RegistryReads r, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return TypedResults.Ok((await r.LabelsOfAsync(Caller.From(http?.User), networkId: id, ct: ct)).Select(LabelDto.From).ToList());
    }

    [EndpointName("GetNetworkHistory")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<List<HistoryDto>>, ProblemHttpResult>> NetworkHistory(RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
        HistoryAsync(r, http, "network", id, ct);

    [EndpointName("CreateNetwork")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Created<NetworkDto>, ProblemHttpResult>> CreateNetwork(RegistryService s, HttpContext http, NetworkInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.Id)) return ApiResults.Invalid("Le champ id est obligatoire.");
        var n = new Network { Id = input.Id.Trim(), Name = input.Name, FiliereAcronym = input.Filiere };
        input.ApplyTo(n);
        var caller = Caller.From(http?.User);
        var result = await s.CreateNetworkAsync(caller, n, ct);
        return result.Status == WriteStatus.Ok ? TypedResults.Created($"{Routes.Api.Networks}/{n.Id}", NetworkDto.From(n)) : ApiResults.Problem(result, caller);
    }

    [EndpointName("UpdateNetwork")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<NetworkDto>, ProblemHttpResult>> UpdateNetwork(
        RegistryService s, RegistryQueries q, HttpContext http, string id, NetworkInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(input);
        var caller = Caller.From(http.User);
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var result = await s.UpdateNetworkAsync(caller, id, input.ApplyTo, ifMatch, ct);
        return result.Status == WriteStatus.Ok ? TypedResults.Ok(NetworkDto.From((await q.NetworkAsync(id, ct))!)) : ApiResults.Problem(result, caller);
    }

    // ------------------------------------------------------------------ platforms

    [EndpointName("ListPlatforms")]
    [EndpointSummary("Plateformes d'expertise (PEMR) et plateformes ultramarines")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<Ok<PageDto<PlatformDto>>, ProblemHttpResult>> Platforms(
        RegistryReads r, HttpContext http, [AsParameters] PlatformQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(query);
        var (page, size) = Paging.Of(query);
        if (ApiResults.ParseEnum<PlatformKind>(query.Kind, "kind", out var kind) is { } problem) return problem;
        var found = await r.PlatformsAsync(Caller.From(http?.User), kind, query.Region, query.AsOf, page, size, ct);
        return TypedResults.Ok(new PageDto<PlatformDto>(found.Items.Select(PlatformDto.From).ToList(), found.Total, page, size, await r.IsDemoAsync(ct)));
    }

    [EndpointName("GetPlatform")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<PlatformDto>, ProblemHttpResult>> Platform(RegistryReads r, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return await r.PlatformAsync(Caller.From(http?.User), id, ct) is { } p ? TypedResults.Ok(PlatformDto.From(p)) : ApiResults.Unknown($"Plateforme « {id} » inconnue.");
    }

    [EndpointName("GetPlatformHistory")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<List<HistoryDto>>, ProblemHttpResult>> PlatformHistory(RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
        HistoryAsync(r, http, "platform", id, ct);

    [EndpointName("UpdatePlatform")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<PlatformDto>, ProblemHttpResult>> UpdatePlatform(
        RegistryService s, RegistryQueries q, HttpContext http, string id, PlatformInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(input);
        var caller = Caller.From(http.User);
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var result = await s.UpdatePlatformAsync(caller, id, input.ApplyTo, ifMatch, ct);
        return result.Status == WriteStatus.Ok ? TypedResults.Ok(PlatformDto.From((await q.PlatformAsync(id, ct))!)) : ApiResults.Problem(result, caller);
    }

    // ------------------------------------------------------------------ people

    [EndpointName("ListPeople")]
    [EndpointSummary("Personnes (responsables, coordonnateurs) ; RPPS, statut, date de naissance et courriel réservés aux rôles qui en ont besoin, sur leur périmètre (recherche par RPPS comprise)")]
    public static async Task<Ok<PageDto<PersonDto>>> People(RegistryReads r, HttpContext http, [AsParameters] PersonQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(query);
        var (page, size) = Paging.Of(query);
        var result = await r.PeopleAsync(Caller.From(http?.User), query.Q, page, size, ct);
        return TypedResults.Ok(new PageDto<PersonDto>(result.Items.Select(PersonDto.From).ToList(), result.Total, page, size, await r.IsDemoAsync(ct)));
    }

    [EndpointName("GetPerson")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<PersonDto>, ProblemHttpResult>> Person(RegistryReads r, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return await r.PersonAsync(Caller.From(http?.User), id, ct) is { } p ? TypedResults.Ok(PersonDto.From(p)) : ApiResults.Unknown($"Personne « {id} » inconnue.");
    }

    [EndpointName("GetPersonMandates")]
    public static async Task<Ok<List<MandateDto>>> PersonMandates(RegistryReads r, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return TypedResults.Ok((await r.MandatesAsync(Caller.From(http?.User), personId: id, ct: ct)).Select(m => MandateDto.Of(m.Mandate, m.PersonName)).ToList());
    }

    [EndpointName("GetPersonHistory")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<List<HistoryDto>>, ProblemHttpResult>> PersonHistory(RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
        HistoryAsync(r, http, "person", id, ct);

    [EndpointName("CreatePerson")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Created<PersonDto>, ProblemHttpResult>> CreatePerson(RegistryService s, HttpContext http, PersonInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.Id)) return ApiResults.Invalid("Le champ id est obligatoire.");
        var p = new Person { Id = input.Id.Trim(), FirstName = input.FirstName, LastName = input.LastName };
        input.ApplyTo(p);
        var caller = Caller.From(http?.User);
        var result = await s.CreatePersonAsync(caller, p, ct);
        return result.Status == WriteStatus.Ok ? TypedResults.Created($"{Routes.Api.People}/{p.Id}", PersonDto.From(p, true)) : ApiResults.Problem(result, caller);
    }

    [EndpointName("UpdatePerson")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<PersonDto>, ProblemHttpResult>> UpdatePerson(
        RegistryService s, RegistryQueries q, HttpContext http, string id, PersonInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(input);
        var caller = Caller.From(http.User);
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var result = await s.UpdatePersonAsync(caller, id, input.ApplyTo, ifMatch, ct);
        return result.Status == WriteStatus.Ok ? TypedResults.Ok(PersonDto.From((await q.PersonAsync(id, ct))!, true)) : ApiResults.Problem(result, caller);
    }

    // ------------------------------------------------------------------ associations

    [EndpointName("ListAssociations")]
    [EndpointSummary("Associations de personnes malades et leurs conventions")]
    public static async Task<Ok<PageDto<AssociationDto>>> Associations(RegistryReads r, HttpContext http, [AsParameters] AssociationQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(query);
        var (page, size) = Paging.Of(query);
        var result = await r.AssociationsAsync(Caller.From(http?.User), query.Q, query.Network, page, size, ct);
        return TypedResults.Ok(new PageDto<AssociationDto>(result.Items.Select(AssociationDto.From).ToList(), result.Total, page, size, await r.IsDemoAsync(ct)));
    }

    [EndpointName("GetAssociation")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<AssociationDto>, ProblemHttpResult>> Association(RegistryReads r, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return await r.AssociationAsync(Caller.From(http?.User), id, ct) is { } a ? TypedResults.Ok(AssociationDto.From(a)) : ApiResults.Unknown($"Association « {id} » inconnue.");
    }

    [EndpointName("GetAssociationHistory")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<List<HistoryDto>>, ProblemHttpResult>> AssociationHistory(RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
        HistoryAsync(r, http, "association", id, ct);

    [EndpointName("CreateAssociation")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Created<AssociationDto>, ProblemHttpResult>> CreateAssociation(RegistryService s, HttpContext http, AssociationInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.Id)) return ApiResults.Invalid("Le champ id est obligatoire.");
        var a = new Association { Id = input.Id.Trim(), Name = input.Name };
        input.ApplyTo(a);
        var caller = Caller.From(http?.User);
        var result = await s.CreateAssociationAsync(caller, a, ct);
        return result.Status == WriteStatus.Ok ? TypedResults.Created($"{Routes.Api.Associations}/{a.Id}", AssociationDto.From(a)) : ApiResults.Problem(result, caller);
    }

    [EndpointName("UpdateAssociation")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<AssociationDto>, ProblemHttpResult>> UpdateAssociation(
        RegistryService s, RegistryQueries q, HttpContext http, string id, AssociationInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(input);
        var caller = Caller.From(http.User);
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var result = await s.UpdateAssociationAsync(caller, id, input.ApplyTo, ifMatch, ct);
        return result.Status == WriteStatus.Ok ? TypedResults.Ok(AssociationDto.From((await q.AssociationAsync(id, ct))!)) : ApiResults.Problem(result, caller);
    }

    // ------------------------------------------------------------------ shared

    /// <summary>An object's history as the caller may read it: 401 for the public and 403 for others when it is refused (a person's).</summary>
    internal static async Task<Results<Ok<List<HistoryDto>>, ProblemHttpResult>> HistoryAsync(RegistryReads r, HttpContext http, string entity, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        var caller = Caller.From(http?.User);
        var rows = await r.HistoryAsync(caller, entity, id, ct);
        if (rows is null)
            return caller.IsAuthenticated
                ? TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "Cet historique contient des données personnelles hors de votre périmètre.")
                : TypedResults.Problem(statusCode: 401, title: "Authentification requise");
        return TypedResults.Ok(rows.Select(HistoryDto.From).ToList());
    }
}
