using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using static Maillage.Web.Api.Procedures.DossierAnswers;

namespace Maillage.Web.Api.Procedures;

/// <summary>
/// The calls' handlers (the labelling campaign, the platforms' call for projects), their juries and the labelling
/// applications: open a call, appoint the jury, file declarations of interests, assign members to dossiers, review,
/// decide site by site, publish. Each calls <see cref="CallService"/> or <see cref="ProcedureService"/> with the caller.
/// </summary>
public static class CallHandlers
{
    [EndpointName("ListCalls")]
    [EndpointSummary("Les appels : campagnes de labellisation et appels à projets (publics)")]
    public static async Task<Ok<List<CallSummaryDto>>> List(CallService calls, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(calls);
        return TypedResults.Ok((await calls.ListAsync(ct)).Select(c => CallSummaryDto.From(c, calls.StatusOf(c))).ToList());
    }

    [EndpointName("CreateCall")]
    [EndpointSummary("Ouvrir un appel (administration nationale) : calendrier, référentiel, période de labellisation")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden)]
    public static async Task<Results<Created<CallDto>, ProblemHttpResult>> Create(CallService calls, HttpContext http, CallBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        CallKind? kind = null;
        if (body.Kind is not null)
        {
            if (!ProcedureCodes.TryParse<CallKind>(body.Kind, out var k))
                return ApiResults.Invalid($"Champ « kind » : valeur « {body.Kind} » inconnue (labelling_campaign, platform_call).");
            kind = k;
        }
        var r = await calls.CreateAsync(caller, new CallInput(kind, body.Title, body.Description, body.OpensOn, body.Deadline, body.JurySessionOn,
            body.ReferentialCampaign, body.PeriodId, body.PeriodStart, body.PeriodEnd), ct);
        if (r.Status != ProcedureStatus.Ok) return Problem(r, caller);
        return TypedResults.Created($"{Routes.Api.Calls}/{r.DossierId}", (await DetailAsync(calls, caller, r.DossierId!, ct))!);
    }

    [EndpointName("GetCall")]
    [EndpointSummary("Un appel : calendrier, état, jury (pour la DGOS et ses membres), dossiers (pour la DGOS)")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<CallDto>, ProblemHttpResult>> Get(CallService calls, HttpContext http, string id, CancellationToken ct)
    {
        var dto = await DetailAsync(calls, Caller.From(http?.User), id, ct);
        return dto is null ? ApiResults.Unknown($"Appel « {id} » inconnu.") : TypedResults.Ok(dto);
    }

    [EndpointName("AddJuryMember")]
    [EndpointSummary("Nommer un membre du jury (administration nationale)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<CallDto>, ProblemHttpResult>> AddMember(CallService calls, HttpContext http, string id, JuryMemberBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        JurySeat? seat = null;
        if (body.Seat is not null)
        {
            if (!ProcedureCodes.TryParse<JurySeat>(body.Seat, out var st))
                return ApiResults.Invalid($"Champ « seat » : valeur « {body.Seat} » inconnue ({string.Join(", ", Enum.GetValues<JurySeat>().Select(x => x.Code()))}).");
            seat = st;
        }
        var r = await calls.AddMemberAsync(caller, id, new JuryMemberInput(body.UserName, body.DisplayName, seat, body.IsChair ?? false, body.Finess, body.Filiere, body.Email), ct);
        return await CallAnswerAsync(calls, caller, id, r, ct);
    }

    [EndpointName("RemoveJuryMember")]
    [EndpointSummary("Retirer un membre du jury qui n'a encore rien évalué (administration nationale)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Ok<CallDto>, ProblemHttpResult>> RemoveMember(CallService calls, HttpContext http, string id, int memberId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        return await CallAnswerAsync(calls, caller, id, await calls.RemoveMemberAsync(caller, id, memberId, ct), ct);
    }

    [EndpointName("FileJuryDeclaration")]
    [EndpointSummary("Le membre du jury remet sa déclaration d'intérêts et signe la charte de déontologie")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<CallDto>, ProblemHttpResult>> Declare(CallService calls, HttpContext http, string id, DeclarationBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        return await CallAnswerAsync(calls, caller, id, await calls.DeclareAsync(caller, id, body.Declaration, body.SignEthicsCharter ?? false, ct), ct);
    }

    [EndpointName("OpenLabellingApplication")]
    [EndpointSummary("Ouvrir le dossier de candidature d'un réseau CRMR dans une campagne (coordonnateur, établissement du site coordonnateur, DGOS)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Created<DossierDto>, ProblemHttpResult>> OpenApplication(
        ProcedureService s, HttpContext http, string id, LabellingApplicationBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        var r = await s.OpenLabellingApplicationAsync(caller, id, body.NetworkId ?? "", ct);
        if (r.Status != ProcedureStatus.Ok) return Problem(r, caller);
        return TypedResults.Created($"{Routes.Api.Dossiers}/{r.DossierId}", await DossierAnswers.DetailAsync(s, caller, r.DossierId!, ct));
    }

    [EndpointName("PublishLabellingCampaign")]
    [EndpointSummary("Publier les résultats d'une campagne : nouvelle période de labellisation écrite au registre, liste officielle")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Ok<PublicationDto>, ProblemHttpResult>> Publish(ProcedureService s, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        var (r, publication) = await s.PublishLabellingAsync(caller, id, ct);
        if (r.Status != ProcedureStatus.Ok) return Problem(r, caller);
        var p = publication!;
        return TypedResults.Ok(new PublicationDto(p.CallId, p.PeriodId, p.ListYear, p.Labels, p.SuccessorCentres, p.ClosedCentres, p.Mandates,
            $"{Routes.Api.Labelling}/lists/{p.ListYear}?format=pdf", $"{Routes.Api.Labelling}/lists/{p.ListYear}?format=csv"));
    }

    // ------------------------------------------------------------ a dossier of a call

    [EndpointName("PutApplicationSite")]
    [EndpointSummary("Ajouter un centre à la candidature ou changer le rôle demandé (coordinating, constitutive, competence, resource)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static Task<Results<Ok<DossierDto>, ProblemHttpResult>> PutSite(ProcedureService s, HttpContext http, string id, string centreId, SiteBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        return WriteAsync(s, http, id, caller => s.PutSiteAsync(caller, id, centreId, body.Role, false, ct), ct);
    }

    [EndpointName("RemoveApplicationSite")]
    [EndpointSummary("Retirer un centre de la candidature")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static Task<Results<Ok<DossierDto>, ProblemHttpResult>> RemoveSite(ProcedureService s, HttpContext http, string id, string centreId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        return WriteAsync(s, http, id, caller => s.PutSiteAsync(caller, id, centreId, null, true, ct), ct);
    }

    [EndpointName("GetApplicationChecks")]
    [EndpointSummary("Vérifications avant dépôt d'une candidature : règles structurelles (bloquantes) et aperçu de conformité de chaque site")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<ApplicationChecksDto>, ProblemHttpResult>> Checks(ProcedureService s, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var caller = Caller.From(http?.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        var d = await s.LoadAsync(id, ct);
        if (d is null) return ApiResults.Unknown($"Dossier « {id} » inconnu.");
        if (!await s.CanReadAsync(caller, d, ct)) return TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "Ce dossier ne relève pas de votre périmètre.");
        if (d.Kind != ProcedureKind.LabellingApplication) return ApiResults.Invalid("Les vérifications structurelles concernent les candidatures à la labellisation.");
        var checks = await s.StructuralChecksAsync(d, ct);
        var preview = await s.CompliancePreviewAsync(d, ct);
        return TypedResults.Ok(new ApplicationChecksDto(
            checks.Select(c => new StructuralCheckDto(c.Rule, c.CentreId, c.Passed, c.Blocking, c.Message, c.Source)).ToList(),
            preview.Select(p => new SitePreviewDto(p.CentreId, p.CentreName, p.Year, p.Verdict, p.Note,
                p.Findings.Select(f => new PreviewFindingDto(f.Rule, Maillage.Domain.Referential.Codes.Code(f.Criterion), Maillage.Domain.Compliance.ComplianceCodes.Code(f.Status),
                    f.Expected?.ToString(), f.Actual?.ToString(), f.Message, f.Source.Citation)).ToList())).ToList()));
    }

    [EndpointName("AssignJuryMember")]
    [EndpointSummary("Désigner un membre du jury pour évaluer le dossier (refusé en cas de conflit d'intérêts)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static Task<Results<Ok<DossierDto>, ProblemHttpResult>> Assign(CallService calls, ProcedureService s, HttpContext http, string id, AssignBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(body);
        return WriteAsync(s, http, id, caller => calls.AssignAsync(caller, id, body.MemberId, ct), ct);
    }

    [EndpointName("UnassignJuryMember")]
    [EndpointSummary("Retirer un évaluateur qui n'a pas encore rendu son évaluation")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static Task<Results<Ok<DossierDto>, ProblemHttpResult>> Unassign(CallService calls, ProcedureService s, HttpContext http, string id, int memberId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(calls);
        return WriteAsync(s, http, id, caller => calls.UnassignAsync(caller, id, memberId, ct), ct);
    }

    [EndpointName("ReviewDossier")]
    [EndpointSummary("L'évaluation d'un membre du jury désigné : note sur 20, avis, commentaires")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Ok<DossierDto>, ProblemHttpResult>> Review(CallService calls, ProcedureService s, HttpContext http, string id, ReviewBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(body);
        OpinionValue? rec = null;
        if (body.Recommendation is not null)
        {
            if (!ProcedureCodes.TryParse<OpinionValue>(body.Recommendation, out var v))
                return ApiResults.Invalid($"Champ « recommendation » : valeur « {body.Recommendation} » inconnue (favourable, reserved, unfavourable).");
            rec = v;
        }
        return await WriteAsync(s, http, id, caller => calls.ReviewAsync(caller, id, body.Score, rec, body.Comments, ct), ct);
    }

    [EndpointName("DecideApplicationSite")]
    [EndpointSummary("La décision de la DGOS pour un site de la candidature (avant la transition « decide »)")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Ok<DossierDto>, ProblemHttpResult>> DecideSite(ProcedureService s, HttpContext http, string id, string centreId, SiteDecisionBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(body);
        if (ApiResults.ParseEnum<LabelDecision>(body.Decision, "decision", out var decision) is { } problem) return problem;
        return await WriteAsync(s, http, id, caller => s.DecideSiteAsync(caller, id, centreId, decision, body.Reservations, ct), ct);
    }

    /// <summary>A call as the caller may read it: the jury for the ministry and its members, the dossiers for the ministry; null when unknown.</summary>
    public static async Task<CallDto?> DetailAsync(CallService calls, Caller caller, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(caller);
        var call = await calls.GetAsync(id, ct);
        if (call is null) return null;
        var admin = caller.Role == UserRole.NationalAdmin;
        var jury = call.Jury.Where(m => admin || (caller.IsAuthenticated && m.UserName == caller.UserName))
            .Select(m => new JuryMemberDto(m.Id, m.UserName, m.DisplayName, m.Seat.Code(), m.Seat.Label(), m.IsChair, m.Finess, m.FiliereAcronym,
                m.DeclaredAt, m.CharterSignedAt, admin || m.UserName == caller.UserName ? m.InterestsDeclaration : null)).ToList();
        var dossiers = admin
            ? (await calls.DossiersAsync(id, ct)).Select(DossierSummaryDto.From).ToList()
            : null;
        var readiness = admin ? await calls.ReadinessAsync(call, ct) : null;
        var status = calls.StatusOf(call);
        return new CallDto(call.Id, call.Kind.Code(), call.Kind.Label(), call.Title, call.Description, call.OpensOn, call.Deadline, call.JurySessionOn,
            call.ReferentialCampaign, call.PeriodId, call.PeriodStart, call.PeriodEnd, status, CallService.StatusLabel(status), call.PublishedAt,
            JuryRules.SeatsFor(call.Kind).Select(x => x.Code()).ToList(), jury, readiness, dossiers,
            call.Kind == CallKind.LabellingCampaign
                ? LabellingRequirements.Template().Select(t => new TemplateEntryDto(t.Key, t.Label, t.Type, t.Provider, t.Source)).ToList()
                : null);
    }

    private static async Task<Results<Ok<CallDto>, ProblemHttpResult>> CallAnswerAsync(CallService calls, Caller caller, string id, ProcedureResult r, CancellationToken ct) =>
        r.Status == ProcedureStatus.Ok ? TypedResults.Ok((await DetailAsync(calls, caller, id, ct))!) : Problem(r, caller);
}
