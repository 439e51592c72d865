using Maillage.Web.Errors;

namespace Maillage.Web.Api.Home;

/// <summary>
/// Mon espace (<c>/api/v1/me/…</c>): what waits for the signed-in caller and his or her notifications, as the page
/// shows them, so that a program can read them (docs/home.md). One line per route; each handler says what it answers
/// and refuses (<see cref="HomeHandlers"/>).
/// </summary>
public static class HomeApi
{
    public static void MapHomeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Me).WithTags("Mon espace").CheckParameterRanges();

        api.MapGet("/home", HomeHandlers.Home);
        api.MapPost("/notifications/{id:int}/read", HomeHandlers.MarkRead);
        api.MapPost("/notifications/read", HomeHandlers.MarkAllRead);
    }
}
