using Maillage.Web.Errors;

namespace Maillage.Web.Api.Territory;

/// <summary>
/// The territory API (<c>/api/v1/territory/…</c>): map values, coverage matrix and gaps, perimeter redundancies
/// (public registry data), and attraction from measured activity, minimised by Core (docs/security.md, "Health activity").
/// Each answers JSON, or a file with <c>format=csv|xlsx</c> (the same tables as the /territoire pages).
/// One line per route; what each does, answers and refuses is on its handler (<see cref="TerritoryHandlers"/>).
/// </summary>
public static class TerritoryApi
{
    public static void MapTerritoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Territory).WithTags("Territoire").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/map", TerritoryHandlers.Map);
        api.MapGet("/coverage", TerritoryHandlers.Coverage);
        api.MapGet("/redundancies", TerritoryHandlers.Redundancies);
        api.MapGet("/attraction", TerritoryHandlers.Attraction);
    }
}
