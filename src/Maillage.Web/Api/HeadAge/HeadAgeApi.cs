using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api.HeadAge;

/// <summary>
/// The heads of centres who reach the age limit (68) before the end of their mandate
/// (<c>GET /api/v1/head-age-alerts</c>): the ministry sees every centre, a filière coordinator the centres of the
/// filière; anyone else is refused. One line per route; the handler is below.
/// </summary>
public static class HeadAgeApi
{
    public static void MapHeadAgeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.HeadAgeAlerts).WithTags("Registre");
        api.MapGet("", HeadAgeHandlers.List);
    }
}

/// <summary>One head reaching the age limit during the mandate (dates as YYYY-MM-DD).</summary>
public sealed record HeadAgeAlertDto(
    int MandateId, string CentreId, string CentreName, IReadOnlyList<string> Filieres, string PersonId, string PersonName, string HeadStatus,
    DateOnly MandateFrom, DateOnly MandateEnd, bool MandateEndIsPeriodEnd, int Age, DateOnly ReachesOn, DateOnly AlertFrom, bool AlertDue, bool Reached)
{
    public static HeadAgeAlertDto From(HeadAgeAlert a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.MandateId, a.CentreId, a.CentreName, a.Filieres, a.PersonId, a.PersonName, a.HeadStatus.Code(), a.MandateFrom, a.MandateEnd,
            a.MandateEndIsPeriodEnd, a.Age, a.ReachesOn, a.AlertFrom, a.AlertDue, a.Reached);
    }
}

/// <summary>The age-limit list and its settings (age, lead time in months).</summary>
public sealed record HeadAgeAlertsDto(int Age, int LeadMonths, IReadOnlyList<HeadAgeAlertDto> Heads);

public static class HeadAgeHandlers
{
    [EndpointName("ListHeadAgeAlerts")]
    [EndpointSummary("Responsables de centre qui atteignent la limite d'âge (68 ans) avant la fin de leur mandat, avec la date")]
    [EndpointDescription("Ministère : tous les centres ; coordonnateur de filière : les centres de sa filière (sites de ses réseaux et centres rattachés). alert_from = date d'envoi de la notification (délai de prévenance, 6 mois par défaut, Maillage:HeadAgeAlerts:LeadMonths). Fin de mandat non renseignée : fin de la période de labellisation en vigueur (mandate_end_is_period_end).")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static async Task<Results<Ok<HeadAgeAlertsDto>, ProblemHttpResult>> List(HeadAgeAlerts alerts, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            var list = await alerts.ListAsync(Caller.From(http.User), ct);
            return TypedResults.Ok(new HeadAgeAlertsDto(alerts.Options.Age, alerts.Options.LeadMonths, list.Select(HeadAgeAlertDto.From).ToList()));
        }
        catch (AccessRefusedException e)
        {
            return ApiResults.Refused(e);
        }
    }
}
