using Maillage.Web.Errors;

namespace Maillage.Web.Api.Suggestions;

/// <summary>
/// Suggestions for the pickers of the forms (<c>/api/v1/suggestions/…</c>): a centre, a person, an establishment, a
/// network, a filière, a region, an association or an account, by name as the user types (docs/pickers.md). One line per
/// route; what each answers and refuses is on its handler (<see cref="SuggestionHandlers"/>).
/// </summary>
public static class SuggestionsApi
{
    public static void MapSuggestionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Suggestions).WithTags("Suggestions (sélecteurs)").CheckParameterRanges();

        api.MapGet("/centres", SuggestionHandlers.Centres);
        api.MapGet("/people", SuggestionHandlers.People);
        api.MapGet("/establishments", SuggestionHandlers.Establishments);
        api.MapGet("/networks", SuggestionHandlers.Networks);
        api.MapGet("/filieres", SuggestionHandlers.Filieres);
        api.MapGet("/regions", SuggestionHandlers.Regions);
        api.MapGet("/associations", SuggestionHandlers.Associations);
        api.MapGet("/accounts", SuggestionHandlers.Accounts);
    }
}
