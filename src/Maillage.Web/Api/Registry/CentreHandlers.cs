using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api.Registry;

/// <summary>One of the three centre collections of the API: its path segment, its kind and the word in its operation names.</summary>
public interface ICentreCollection
{
    static abstract string Collection { get; }
    static abstract CentreKind Kind { get; }
    static abstract string OperationName { get; }
}

/// <summary><c>/sites</c>: reference sites (coordinating and constitutive).</summary>
public sealed class Sites : ICentreCollection
{
    public static string Collection => "sites";
    public static CentreKind Kind => CentreKind.ReferenceSite;
    public static string OperationName => "Sites";
}

/// <summary><c>/competence-centres</c>.</summary>
public sealed class CompetenceCentres : ICentreCollection
{
    public static string Collection => "competence-centres";
    public static CentreKind Kind => CentreKind.CompetenceCentre;
    public static string OperationName => "CompetenceCentres";
}

/// <summary><c>/resource-centres</c>.</summary>
public sealed class ResourceCentres : ICentreCollection
{
    public static string Collection => "resource-centres";
    public static CentreKind Kind => CentreKind.ResourceCentre;
    public static string OperationName => "ResourceCentres";
}

/// <summary>
/// The handlers of one centre collection (<typeparamref name="TCollection"/>): list, get, labels, heads, history, create,
/// update, new head. A centre of another kind is unknown here (404). The operation names (<c>ListSites</c>,
/// <c>GetCompetenceCentres</c>…) are given where the routes are mapped, since they depend on the collection.
/// </summary>
public static class CentreHandlers<TCollection> where TCollection : ICentreCollection
{
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<Ok<PageDto<CentreDto>>, ProblemHttpResult>> List(
        RegistryReads r, HttpContext http, [AsParameters] CentreQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(query);
        var (page, size) = Paging.Of(query);
        if (ApiResults.ParseEnum<SiteRole>(query.Role, "role", out var role) is { } problem) return problem;
        var filter = new CentreFilter
        {
            Kind = TCollection.Kind, Role = role, Filiere = query.Filiere, Region = query.Region, Departement = query.Departement,
            Establishment = query.Establishment, Network = query.Network, Period = query.Period, Orpha = query.Orpha, AsOf = query.AsOf, Q = query.Q,
        };
        var result = await r.CentresAsync(Caller.From(http?.User), filter, page, size, ct);
        return TypedResults.Ok(new PageDto<CentreDto>(result.Items.Select(CentreDto.From).ToList(), result.Total, page, size, await r.IsDemoAsync(ct)));
    }

    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<CentreDto>, ProblemHttpResult>> Get(RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
        await CentreAsync(r, Caller.From(http?.User), id, ct) is { } c && c.Kind == TCollection.Kind
            ? TypedResults.Ok(c)
            : ApiResults.Unknown($"« {id} » n'existe pas dans {TCollection.Collection}.");

    public static async Task<Ok<List<LabelDto>>> Labels(RegistryReads r, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return TypedResults.Ok((await r.LabelsOfAsync(Caller.From(http?.User), centreId: id, ct: ct)).Select(LabelDto.From).ToList());
    }

    public static async Task<Ok<List<MandateDto>>> Heads(RegistryReads r, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return TypedResults.Ok((await r.MandatesAsync(Caller.From(http?.User), centreId: id, ct: ct)).Select(m => MandateDto.Of(m.Mandate, m.PersonName)).ToList());
    }

    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<List<HistoryDto>>, ProblemHttpResult>> History(RegistryReads r, HttpContext http, string id, CancellationToken ct) =>
        RegistryHandlers.HistoryAsync(r, http, "centre", id, ct);

    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Created<CentreDto>, ProblemHttpResult>> Create(
        RegistryService s, RegistryReads r, HttpContext http, CentreInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.Id)) return ApiResults.Invalid("Le champ id est obligatoire.");
        var c = new Centre { Id = input.Id.Trim(), Kind = TCollection.Kind, Name = input.Name, EstablishmentFiness = input.EstablishmentFiness };
        input.ApplyTo(c);
        var caller = Caller.From(http?.User);
        var result = await s.CreateCentreAsync(caller, c, ct);
        return result.Status == WriteStatus.Ok
            ? TypedResults.Created($"{Routes.Api.Prefix}/{TCollection.Collection}/{c.Id}", (await CentreAsync(r, caller, c.Id, ct))!)
            : ApiResults.Problem(result, caller);
    }

    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Ok<CentreDto>, ProblemHttpResult>> Update(
        RegistryService s, RegistryReads r, HttpContext http, string id, CentreInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(input);
        var caller = Caller.From(http.User);
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var result = await s.UpdateCentreAsync(caller, id, TCollection.Kind, input.ApplyTo, ifMatch, ct);
        return result.Status == WriteStatus.Ok ? TypedResults.Ok((await CentreAsync(r, caller, id, ct))!) : ApiResults.Problem(result, caller);
    }

    [EndpointSummary("Nomme un nouveau responsable à compter d'une date (le mandat en cours se termine la veille)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<NoContent, ProblemHttpResult>> SetHead(RegistryService s, HttpContext http, string id, HeadInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(input);
        var caller = Caller.From(http?.User);
        var result = await s.SetCentreHeadAsync(caller, id, TCollection.Kind, input.PersonId, input.From, ct);
        return result.Status == WriteStatus.Ok ? TypedResults.NoContent() : ApiResults.Problem(result, caller);
    }

    /// <summary>The centre as the caller reads it (also the answer after a write: the writer's own view).</summary>
    private static async Task<CentreDto?> CentreAsync(RegistryReads r, Caller caller, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return await r.CentreAsync(caller, id, ct) is { } detail ? CentreDto.From(detail) : null;
    }
}
