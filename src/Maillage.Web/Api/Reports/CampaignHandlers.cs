using System.Globalization;
using Maillage.Core.Features.Registry;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Reports;

/// <summary>
/// Campaign tracking (<c>/api/v1/reports/campaign</c>, docs/campaign-tracking.md): <see cref="CampaignTracking"/> with the
/// caller, mapped (401 anonymous, 403 neither the ministry nor a regional agency, or an agency asking another region,
/// 404 a year no campaign covers, 400 a malformed filter, 422 a reminder refused by the calendar).
/// </summary>
public static class CampaignHandlers
{
    [EndpointName("GetReportCampaign")]
    [EndpointSummary("Suivi de la campagne des rapports annuels (ministère, ARS pour sa région) : qui a soumis, validé, transmis, en retard ; comparaison avec l'année précédente ; liste paginée des centres")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<CampaignDto>, ProblemHttpResult>> Get(
        CampaignTracking tracking, RegistryQueries registry, HttpContext http, [AsParameters] CampaignFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(filter);
        var caller = Caller.From(http?.User);
        CampaignState? state = null;
        if (ApiResults.Clean(filter.State) is { } st)
        {
            if (!CampaignStates.Table.TryParse(st, out var parsed))
                return ApiResults.Invalid($"Paramètre « state » : valeur « {st} » inconnue ({string.Join(", ", CampaignStates.Table.Codes)}).");
            state = parsed;
        }
        var page = Math.Max(1, filter.Page ?? 1);
        var size = Math.Clamp(filter.PageSize ?? CampaignTracking.DefaultPageSize, 1, CampaignTracking.MaxPageSize);
        try
        {
            var year = filter.Year ?? tracking.DefaultYear();
            var view = await tracking.TrackAsync(caller, year, new CampaignQuery(filter.Region, filter.Filiere, state, filter.Late == true, filter.Q, page, size), ct);
            if (view is null) return ApiResults.Unknown($"Aucune campagne de labellisation ne couvre l'année {year}.");
            return TypedResults.Ok(ToDto(view, await registry.IsDemoAsync(ct)));
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("RemindReportCampaign")]
    [EndpointSummary("Relance par courriel les centres qui n'ont pas encore soumis leur rapport (tous ceux du périmètre, ou ceux nommés) ; une relance par centre et par jour au plus, enregistrée et tracée")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)]
    public static async Task<Results<Ok<ReminderResultDto>, ProblemHttpResult>> Remind(
        CampaignTracking tracking, HttpContext http, ReminderInput body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        try
        {
            var result = await tracking.RemindAsync(caller, body.Year, body.CentreIds, ct, body.Region);
            if (result.Error is not null)
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Relance impossible", detail: result.Error);
            return TypedResults.Ok(new ReminderResultDto(result.Year, result.Sent, result.Skipped,
                result.Outcomes.Select(o => new ReminderOutcomeDto(o.CentreId, o.CentreName, o.Sent, o.Addresses, o.Skipped)).ToList()));
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    public static CampaignDto ToDto(CampaignView v, bool demo)
    {
        ArgumentNullException.ThrowIfNull(v);
        static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new CampaignDto(v.Year, v.CampaignId, Iso(v.WindowOpens), Iso(v.Deadline), v.DeadlinePassed, v.Region, v.RegionName, v.Filiere,
            CampaignCountsDto.From(v.Counts), v.LateNotSubmitted, v.SubmittedLate, v.RemindedToday,
            v.Previous is { } p ? new CampaignComparisonDto(p.Year, Iso(p.SamePointAsOf), CampaignCountsDto.From(p.AtSamePoint), CampaignCountsDto.From(p.Final), p.FinalIsClosed) : null,
            new PageDto<CampaignCentreDto>(v.Centres.Items.Select(CampaignCentreDto.From).ToList(), v.Centres.Total, v.Centres.PageNumber, v.Centres.PageSize, demo));
    }
}
