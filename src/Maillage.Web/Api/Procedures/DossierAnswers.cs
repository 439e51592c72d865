using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api.Procedures;

/// <summary>
/// What the procedures, calls and platforms handlers share: a dossier as the caller may read it (<see cref="DetailAsync(ProcedureService, Caller, Dossier, CancellationToken)"/>,
/// also used by the dossier pages), the answer after a write, and the problem details of a refused action
/// (401 anonymous, 403 out of scope, 404, 409 an action the state does not allow, 412 stale, 422 a rule of the procedure).
/// </summary>
public static class DossierAnswers
{
    /// <summary>Runs a write on dossier <paramref name="id"/> for a signed-in caller and answers the dossier as read afterwards, or the problem.</summary>
    public static async Task<Results<Ok<DossierDto>, ProblemHttpResult>> WriteAsync(ProcedureService s, HttpContext http, string id,
        Func<Caller, Task<ProcedureResult>> action, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(action);
        var caller = Caller.From(http.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        var r = await action(caller);
        return r.Status == ProcedureStatus.Ok ? TypedResults.Ok(await DetailAsync(s, caller, id, ct)) : Problem(r, caller);
    }

    /// <summary>The dossier as read after an action (loaded again: the action changed it).</summary>
    public static async Task<DossierDto> DetailAsync(ProcedureService s, Caller caller, string id, CancellationToken ct) =>
        await DetailAsync(s, caller, (await s.LoadAsync(id, ct))!, ct);

    public static async Task<DossierDto> DetailAsync(ProcedureService s, Caller caller, Dossier d, CancellationToken ct)
    {
        var req = await s.RequirementsAsync(d, ct);
        var gaps = ProcedureService.Gaps(d, req);
        var eligibility = await s.EligibilityAtStartAsync(d, ct);
        var items = new List<DossierItemDto>();
        foreach (var i in req.Items)
        {
            var doc = d.Documents.FirstOrDefault(x => x.ItemId == i.Id);
            var op = d.Opinions.FirstOrDefault(o => o.ItemId == i.Id);
            items.Add(new DossierItemDto(i.Id, i.Number, i.Label, i.Type == ItemType.Document ? "document" : "opinion", i.Party.Code(), i.TargetId, i.TargetLabel,
                i.Required, doc is not null || op is not null, await s.CanProvideAsync(caller, d, i, ct),
                doc is null ? null : new DocumentDto(doc.Id, doc.FileName, doc.Size, doc.Sha256, doc.PageCount, doc.UploadedBy, doc.UploadedAt),
                op is null ? null : new OpinionDto(op.Value.Code(), op.Reasons, op.AlternativeCandidate, op.GivenBy, op.GivenAt, op.GovernanceMeetingId,
                    op.GovernanceMeetingId is { } mid ? await s.GovernanceMeetingDateAsync(mid, ct) : null)));
        }
        var isAuthor = await s.IsAuthorAsync(caller, d, ct);
        var actions = (await s.AllowedActionsAsync(caller, d, ct)).Select(a => a.Code()).ToList();
        return new DossierDto(d.Id, d.Kind.Code(), d.State.Code(), d.State.Label(), d.Title, d.CentreId, d.FiliereAcronym, d.SeatFiness, d.OtherFiness,
            d.OutgoingPersonId,
            await s.MayReadSuccessorIdentityAsync(caller, d, ct)
                ? new SuccessorDto(d.SuccessorPersonId, d.SuccessorDisplayName, d.SuccessorRpps, d.SuccessorStatus, d.SuccessorBirthDate, d.SuccessorClinicalActivity)
                : new SuccessorDto(d.SuccessorPersonId, d.SuccessorDisplayName, null, null, null, null),
            d.EffectiveDate, d.Deadline, d.CreatedBy, d.CreatedAt, d.SubmittedAt, d.CommitteeOpinion?.Code(), d.CommitteeReasons, d.DecidedAt, d.DecisionText,
            d.ReturnReason, d.MandateFrom, d.MandateTo, d.ListYear,
            req.Sections.Select(sec => new SectionDto(sec.Key, sec.Label, sec.Required, d.Sections.FirstOrDefault(x => x.Key == sec.Key)?.Text)).ToList(),
            items, gaps.Select(g => new GapDto(g.ItemOrSection, g.Message)).ToList(),
            eligibility is null ? null : new EligibilityDto(eligibility.Eligible, eligibility.Checks.Select(c => new EligibilityCheckDto(c.Rule, c.Passed, c.Message, c.Source)).ToList()),
            actions, isAuthor,
            d.Events.OrderBy(x => x.At).ThenBy(x => x.Id).Select(x => new DossierEventDto(x.At, x.UserName, x.Action, x.FromState?.Code(), x.ToState?.Code(), x.Note)).ToList(),
            d.CallId, d.NetworkId, await SitesAsync(s, d, ct), await JuryAsync(s, caller, d, ct), await PlatformAsync(s, d, ct), d.Version);
    }

    private static async Task<IReadOnlyList<ApplicationSiteDto>?> SitesAsync(ProcedureService s, Dossier d, CancellationToken ct)
    {
        if (d.Kind != ProcedureKind.LabellingApplication) return null;
        var sites = await s.ApplicationSitesAsync(d, ct);
        return sites.Select(x =>
        {
            var row = d.Sites.First(r => r.CentreId == x.CentreId);
            return new ApplicationSiteDto(x.CentreId, x.Name, ApplicationRoleCode(x), LabellingRequirements.RoleLabel(x), x.EstablishmentFiness, x.HeadCount,
                row.Decision is { } dec ? LabelDecisionCode(dec) : null, row.Reservations, row.KeepsCompetenceLabel);
        }).ToList();
    }

    /// <summary>The jury's assignments and reviews: the ministry sees them all, an assigned member his or her own.</summary>
    internal static async Task<IReadOnlyList<AssignmentDto>?> JuryAsync(ProcedureService s, Caller caller, Dossier d, CancellationToken ct)
    {
        if (d.CallId is null) return null;
        var views = await s.JuryAssignmentsAsync(d.Id, ct);
        return views.Where(v => caller.Role == UserRole.NationalAdmin || v.Member.UserName == caller.UserName)
            .Select(v => new AssignmentDto(v.Member.Id, v.Member.DisplayName, v.Member.Seat.Code(), v.Review?.Score, v.Review?.Recommendation.Code(), v.Review?.Comments,
                v.Review?.SubmittedAt)).ToList();
    }

    public static string ApplicationRoleCode(ApplicationSite x) => (x.ProposedKind, x.ProposedRole) switch
    {
        (CentreKind.ReferenceSite, SiteRole.Coordinating) => "coordinating",
        (CentreKind.ReferenceSite, _) => "constitutive",
        (CentreKind.CompetenceCentre, _) => "competence",
        _ => "resource",
    };

    /// <summary>A label decision as the JSON writes enums (snake_case).</summary>
    public static string LabelDecisionCode(LabelDecision d) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(d.ToString());

    /// <summary>The platform part of a dossier's representation (null for other procedures).</summary>
    public static async Task<PlatformProjectDto?> PlatformAsync(ProcedureService s, Dossier d, CancellationToken ct)
    {
        var v = await s.PlatformAsync(d, ct);
        if (v is null) return null;
        var p = v.Project;
        var checkpointDoc = d.Documents.FirstOrDefault(x => x.ItemId == ProcedureService.CheckpointItem);
        return new PlatformProjectDto(p.PlatformName, p.HostFiness, v.HostName, v.Call?.Id, p.PlatformId,
            v.OtherEstablishments.Select(e => new PlatformEstablishmentDto(e.Id, e.Label)).ToList(),
            v.Centres.Select(PlatformCentreDto.From).ToList(),
            v.Centres.Count(c => c.CountsTowardsThreshold && !c.Closed),
            new EligibilityDto(v.Eligibility.Eligible, v.Eligibility.Checks.Select(c => new EligibilityCheckDto(c.Rule, c.Passed, c.Message, c.Source)).ToList()),
            p.Recruits.OrderBy(r => r.Position).Select(r => new PlatformRecruitDto(r.Function.Code(), r.Function.Label(), r.JobTitle, r.Fte, r.YearlyCost)).ToList(),
            v.BudgetPerYear, v.BudgetProblems.Select(e => new GapDto(e.Field, e.Message)).ToList(),
            new PlatformFundingDto(v.Funding.CrmrCount, v.Funding.Eligible, v.Funding.Tranche, v.Funding.AmountPerYear, v.Funding.Years, v.Funding.Total,
                p.FundingPerYear is not null, p.FundingYear1, p.FundingYear2, v.Funding.Explanation),
            p.CreditsDelegatedOn, p.CreditsReference,
            new PlatformCheckpointDto(v.CheckpointDue, p.CheckpointOn, p.CheckpointBy, p.CheckpointReport, v.CheckpointLate, checkpointDoc?.Id),
            v.Reports.Select(r => new PlatformIndicatorReportDto(r.OperatingYear, r.Due, r.SubmittedOn, r.SubmittedBy, r.Late,
                r.Entries.Select(e => new PlatformIndicatorDto(e.Key, e.Label ?? PlatformCall.Indicators.FirstOrDefault(i => i.Key == e.Key)?.Label ?? e.Key,
                    PlatformCall.Indicators.FirstOrDefault(i => i.Key == e.Key)?.Mandatory ?? false, e.CountValue, e.TextValue)).ToList())).ToList(),
            new PlatformRenewalDto(p.Renewed, p.RenewalReasons, p.RenewalDecidedAt, p.RenewalDecidedBy),
            PlatformCall.Indicators.Select(i => new PlatformIndicatorDefinitionDto(i.Key, i.Label, i.IsCount ? "count" : "text", i.Mandatory)).ToList());
    }

    public static ProblemHttpResult Problem(ProcedureResult r, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(caller);
        return r.Status switch
        {
            ProcedureStatus.NotFound => TypedResults.Problem(statusCode: 404, title: "Introuvable", detail: "Le dossier demandé n'existe pas."),
            ProcedureStatus.Forbidden when !caller.IsAuthenticated => Unauthenticated(),
            ProcedureStatus.Forbidden => Forbidden(),
            ProcedureStatus.Conflict => TypedResults.Problem(statusCode: 409, title: "Action impossible", detail: r.Errors.FirstOrDefault()?.Message),
            ProcedureStatus.Stale => (ProblemHttpResult)ApiResults.Stale(r.Errors.FirstOrDefault()?.Message, r.CurrentVersion),
            _ => TypedResults.Problem(new HttpValidationProblemDetails(r.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
            {
                Title = "Dossier non conforme", Detail = string.Join(" ", r.Errors.Select(e => e.Message)), Status = StatusCodes.Status422UnprocessableEntity,
            }),
        };
    }

    public static ProblemHttpResult Unauthenticated() => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
        detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …).");

    public static ProblemHttpResult Forbidden() => TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "Votre rôle ou votre périmètre ne vous permet pas cette action sur ce dossier.");
}
