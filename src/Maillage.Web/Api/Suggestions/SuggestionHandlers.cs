using Maillage.Core.Features.Names;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Suggestions;

/// <summary>Query of a suggestion route: the text typed (at most 100 characters; nothing is suggested under 2) and at most 20 answers.</summary>
public sealed record SuggestionQuery
{
    [FromQuery(Name = "q")] public string? Q { get; init; }
    [FromQuery(Name = "limit")] public int? Limit { get; init; }
}

/// <summary>One choice of a picker: <c>value</c> is what the form sends, <c>label</c> the name shown, <c>detail</c> a second line.</summary>
public sealed record SuggestionDto(string Value, string Label, string? Detail);

/// <summary>The suggestion handlers: each asks <see cref="SuggestionService"/> (which scopes the answer by the caller) and maps.</summary>
public static class SuggestionHandlers
{
    [EndpointName("SuggestCentres")]
    [EndpointSummary("Centres (sites de CRMR, CCMR, CRC) par nom ou identifiant, pendant la saisie")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static Task<Results<Ok<IReadOnlyList<SuggestionDto>>, ProblemHttpResult>> Centres(SuggestionService s, HttpContext http, [AsParameters] SuggestionQuery query, CancellationToken ct) =>
        SuggestAsync(s, http, SuggestionKind.Centre, query, ct);

    [EndpointName("SuggestPeople")]
    [EndpointSummary("Personnes du registre par nom (ministère, ARS, établissements, filières, centres) ; le RPPS seulement là où l'appelant peut le lire, jamais l'adresse électronique")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<IReadOnlyList<SuggestionDto>>, ProblemHttpResult>> People(SuggestionService s, HttpContext http, [AsParameters] SuggestionQuery query, CancellationToken ct) =>
        SuggestAsync(s, http, SuggestionKind.Person, query, ct);

    [EndpointName("SuggestEstablishments")]
    [EndpointSummary("Établissements par nom, commune ou FINESS, pendant la saisie")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static Task<Results<Ok<IReadOnlyList<SuggestionDto>>, ProblemHttpResult>> Establishments(SuggestionService s, HttpContext http, [AsParameters] SuggestionQuery query, CancellationToken ct) =>
        SuggestAsync(s, http, SuggestionKind.Establishment, query, ct);

    [EndpointName("SuggestNetworks")]
    [EndpointSummary("Réseaux (CRMR) par nom, sigle ou identifiant, pendant la saisie")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static Task<Results<Ok<IReadOnlyList<SuggestionDto>>, ProblemHttpResult>> Networks(SuggestionService s, HttpContext http, [AsParameters] SuggestionQuery query, CancellationToken ct) =>
        SuggestAsync(s, http, SuggestionKind.Network, query, ct);

    [EndpointName("SuggestFilieres")]
    [EndpointSummary("Filières par sigle ou nom, pendant la saisie")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static Task<Results<Ok<IReadOnlyList<SuggestionDto>>, ProblemHttpResult>> Filieres(SuggestionService s, HttpContext http, [AsParameters] SuggestionQuery query, CancellationToken ct) =>
        SuggestAsync(s, http, SuggestionKind.Filiere, query, ct);

    [EndpointName("SuggestRegions")]
    [EndpointSummary("Régions par nom ou code INSEE, pendant la saisie")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static Task<Results<Ok<IReadOnlyList<SuggestionDto>>, ProblemHttpResult>> Regions(SuggestionService s, HttpContext http, [AsParameters] SuggestionQuery query, CancellationToken ct) =>
        SuggestAsync(s, http, SuggestionKind.Region, query, ct);

    [EndpointName("SuggestAssociations")]
    [EndpointSummary("Associations de patients par nom ou sigle, pendant la saisie")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static Task<Results<Ok<IReadOnlyList<SuggestionDto>>, ProblemHttpResult>> Associations(SuggestionService s, HttpContext http, [AsParameters] SuggestionQuery query, CancellationToken ct) =>
        SuggestAsync(s, http, SuggestionKind.Association, query, ct);

    [EndpointName("SuggestAccounts")]
    [EndpointSummary("Comptes par identifiant ou nom (administration nationale seulement)")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<IReadOnlyList<SuggestionDto>>, ProblemHttpResult>> Accounts(SuggestionService s, HttpContext http, [AsParameters] SuggestionQuery query, CancellationToken ct) =>
        SuggestAsync(s, http, SuggestionKind.Account, query, ct);

    private static async Task<Results<Ok<IReadOnlyList<SuggestionDto>>, ProblemHttpResult>> SuggestAsync(SuggestionService s, HttpContext http, SuggestionKind kind,
        SuggestionQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(query);
        var r = await s.SuggestAsync(Caller.From(http.User), kind, query.Q, query.Limit, ct);
        return r.Status switch
        {
            SuggestionStatus.Ok => TypedResults.Ok<IReadOnlyList<SuggestionDto>>(r.Items.Select(i => new SuggestionDto(i.Value, i.Label, i.Detail)).ToList()),
            SuggestionStatus.Invalid => ApiResults.Invalid(r.Error ?? "Requête invalide."),
            SuggestionStatus.Unauthenticated => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
                detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …)."),
            SuggestionStatus.Refused => TypedResults.Problem(statusCode: 403, title: "Accès refusé",
                detail: $"Votre rôle ne permet pas de choisir parmi : {SuggestionKinds.Table.Label(kind).ToLowerInvariant()}s."),
        };
    }
}
