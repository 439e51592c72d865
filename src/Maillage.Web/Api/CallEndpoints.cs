using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Maillage.Web.Errors;

namespace Maillage.Web.Api;

/// <summary>
/// Calls (the labelling campaign, the platforms' call for projects), their juries and the labelling applications: open a
/// call, appoint the jury, file declarations of interests, assign members to dossiers, review, decide site by site, publish.
/// </summary>
public static class CallEndpoints
{
    public static void MapCallApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Prefix).WithTags("Procédures").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapGet("/calls", async Task<IResult> (CallService calls, CancellationToken ct) =>
                TypedResults.Ok((await calls.ListAsync(ct)).Select(c => CallSummaryDto.From(c, calls.StatusOf(c))).ToList()))
            .WithName("ListCalls").WithSummary("Les appels : campagnes de labellisation et appels à projets (publics)")
            .Produces<List<CallSummaryDto>>();

        api.MapPost("/calls", async Task<IResult> (CallService calls, HttpContext http, CallBody body, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                CallKind? kind = null;
                if (body.Kind is not null)
                {
                    if (!ProcedureCodes.TryParse<CallKind>(body.Kind, out var k))
                        return ApiResults.BadRequest($"Champ « kind » : valeur « {body.Kind} » inconnue (labelling_campaign, platform_call).");
                    kind = k;
                }
                var r = await calls.CreateAsync(caller, new CallInput(kind, body.Title, body.Description, body.OpensOn, body.Deadline, body.JurySessionOn,
                    body.ReferentialCampaign, body.PeriodId, body.PeriodStart, body.PeriodEnd), ct);
                if (r.Status != ProcedureStatus.Ok) return ProcedureEndpoints.Problem(r, caller);
                return TypedResults.Created($"{Routes.Api.Calls}/{r.DossierId}", await DetailAsync(calls, caller, r.DossierId!, ct));
            })
            .WithName("CreateCall").WithSummary("Ouvrir un appel (administration nationale) : calendrier, référentiel, période de labellisation")
            .Produces<CallDto>(StatusCodes.Status201Created).ProducesWriteProblems();

        api.MapGet("/calls/{id}", async Task<IResult> (CallService calls, HttpContext http, string id, CancellationToken ct) =>
            {
                var dto = await DetailAsync(calls, Caller.From(http.User), id, ct);
                return dto is null ? ApiResults.NotFound($"Appel « {id} » inconnu.") : TypedResults.Ok(dto);
            })
            .WithName("GetCall").WithSummary("Un appel : calendrier, état, jury (pour la DGOS et ses membres), dossiers (pour la DGOS)")
            .Produces<CallDto>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/calls/{id}/jury", async Task<IResult> (CallService calls, HttpContext http, string id, JuryMemberBody body, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                JurySeat? seat = null;
                if (body.Seat is not null)
                {
                    if (!ProcedureCodes.TryParse<JurySeat>(body.Seat, out var st))
                        return ApiResults.BadRequest($"Champ « seat » : valeur « {body.Seat} » inconnue ({string.Join(", ", Enum.GetValues<JurySeat>().Select(x => x.Code()))}).");
                    seat = st;
                }
                var r = await calls.AddMemberAsync(caller, id, new JuryMemberInput(body.UserName, body.DisplayName, seat, body.IsChair ?? false, body.Finess, body.Filiere, body.Email), ct);
                return r.Status == ProcedureStatus.Ok ? TypedResults.Ok(await DetailAsync(calls, caller, id, ct)) : ProcedureEndpoints.Problem(r, caller);
            })
            .WithName("AddJuryMember").WithSummary("Nommer un membre du jury (administration nationale)")
            .Produces<CallDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/calls/{id}/jury/{memberId:int}", async Task<IResult> (CallService calls, HttpContext http, string id, int memberId, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                var r = await calls.RemoveMemberAsync(caller, id, memberId, ct);
                return r.Status == ProcedureStatus.Ok ? TypedResults.Ok(await DetailAsync(calls, caller, id, ct)) : ProcedureEndpoints.Problem(r, caller);
            })
            .WithName("RemoveJuryMember").WithSummary("Retirer un membre du jury qui n'a encore rien évalué (administration nationale)")
            .Produces<CallDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/calls/{id}/jury/declaration", async Task<IResult> (CallService calls, HttpContext http, string id, DeclarationBody body, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                var r = await calls.DeclareAsync(caller, id, body.Declaration, body.SignEthicsCharter ?? false, ct);
                return r.Status == ProcedureStatus.Ok ? TypedResults.Ok(await DetailAsync(calls, caller, id, ct)) : ProcedureEndpoints.Problem(r, caller);
            })
            .WithName("FileJuryDeclaration").WithSummary("Le membre du jury remet sa déclaration d'intérêts et signe la charte de déontologie")
            .Produces<CallDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/calls/{id}/labelling-applications", async Task<IResult> (ProcedureService s, HttpContext http, string id, LabellingApplicationBody body, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                var r = await s.OpenLabellingApplicationAsync(caller, id, body.NetworkId ?? "", ct);
                if (r.Status != ProcedureStatus.Ok) return ProcedureEndpoints.Problem(r, caller);
                return TypedResults.Created($"{Routes.Api.Dossiers}/{r.DossierId}", await ProcedureEndpoints.DetailAsync(s, caller, r.DossierId!, ct));
            })
            .WithName("OpenLabellingApplication").WithSummary("Ouvrir le dossier de candidature d'un réseau CRMR dans une campagne (coordonnateur, établissement du site coordonnateur, DGOS)")
            .Produces<DossierDto>(StatusCodes.Status201Created).ProducesWriteProblems().ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/calls/{id}/publish", async Task<IResult> (ProcedureService s, HttpContext http, string id, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                var (r, publication) = await s.PublishLabellingAsync(caller, id, ct);
                if (r.Status != ProcedureStatus.Ok) return ProcedureEndpoints.Problem(r, caller);
                var p = publication!;
                return TypedResults.Ok(new PublicationDto(p.CallId, p.PeriodId, p.ListYear, p.Labels, p.SuccessorCentres, p.ClosedCentres, p.Mandates,
                    $"{Routes.Api.Labelling}/lists/{p.ListYear}?format=pdf", $"{Routes.Api.Labelling}/lists/{p.ListYear}?format=csv"));
            })
            .WithName("PublishLabellingCampaign").WithSummary("Publier les résultats d'une campagne : nouvelle période de labellisation écrite au registre, liste officielle")
            .Produces<PublicationDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        // ------------------------------------------------------------ a dossier of a call

        api.MapPut("/procedures/dossiers/{id}/sites/{centreId}", async Task<IResult> (ProcedureService s, HttpContext http, string id, string centreId, SiteBody body, CancellationToken ct) =>
                await Write(s, http, id, caller => s.PutSiteAsync(caller, id, centreId, body.Role, false, ct), ct))
            .WithName("PutApplicationSite").WithSummary("Ajouter un centre à la candidature ou changer le rôle demandé (coordinating, constitutive, competence, resource)")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapDelete("/procedures/dossiers/{id}/sites/{centreId}", async Task<IResult> (ProcedureService s, HttpContext http, string id, string centreId, CancellationToken ct) =>
                await Write(s, http, id, caller => s.PutSiteAsync(caller, id, centreId, null, true, ct), ct))
            .WithName("RemoveApplicationSite").WithSummary("Retirer un centre de la candidature")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/procedures/dossiers/{id}/checks", async Task<IResult> (ProcedureService s, HttpContext http, string id, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                var d = await s.LoadAsync(id, ct);
                if (d is null) return ApiResults.NotFound($"Dossier « {id} » inconnu.");
                if (!await s.CanReadAsync(caller, d, ct)) return TypedResults.Problem(statusCode: 403, title: "Accès refusé", detail: "Ce dossier ne relève pas de votre périmètre.");
                if (d.Kind != ProcedureKind.LabellingApplication) return ApiResults.BadRequest("Les vérifications structurelles concernent les candidatures à la labellisation.");
                var checks = await s.StructuralChecksAsync(d, ct);
                var preview = await s.CompliancePreviewAsync(d, ct);
                return TypedResults.Ok(new ApplicationChecksDto(
                    checks.Select(c => new StructuralCheckDto(c.Rule, c.CentreId, c.Passed, c.Blocking, c.Message, c.Source)).ToList(),
                    preview.Select(p => new SitePreviewDto(p.CentreId, p.CentreName, p.Year, p.Verdict, p.Note,
                        p.Findings.Select(f => new PreviewFindingDto(f.Rule, Maillage.Domain.Referential.Codes.Code(f.Criterion), Maillage.Domain.Compliance.ComplianceCodes.Code(f.Status),
                            f.Expected?.ToString(), f.Actual?.ToString(), f.Message, f.Source.Citation)).ToList())).ToList()));
            })
            .WithName("GetApplicationChecks").WithSummary("Vérifications avant dépôt d'une candidature : règles structurelles (bloquantes) et aperçu de conformité de chaque site")
            .Produces<ApplicationChecksDto>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/procedures/dossiers/{id}/jury", async Task<IResult> (CallService calls, ProcedureService s, HttpContext http, string id, AssignBody body, CancellationToken ct) =>
                await Write(s, http, id, caller => calls.AssignAsync(caller, id, body.MemberId, ct), ct))
            .WithName("AssignJuryMember").WithSummary("Désigner un membre du jury pour évaluer le dossier (refusé en cas de conflit d'intérêts)")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapDelete("/procedures/dossiers/{id}/jury/{memberId:int}", async Task<IResult> (CallService calls, ProcedureService s, HttpContext http, string id, int memberId, CancellationToken ct) =>
                await Write(s, http, id, caller => calls.UnassignAsync(caller, id, memberId, ct), ct))
            .WithName("UnassignJuryMember").WithSummary("Retirer un évaluateur qui n'a pas encore rendu son évaluation")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/procedures/dossiers/{id}/review", async Task<IResult> (CallService calls, ProcedureService s, HttpContext http, string id, ReviewBody body, CancellationToken ct) =>
            {
                OpinionValue? rec = null;
                if (body.Recommendation is not null)
                {
                    if (!ProcedureCodes.TryParse<OpinionValue>(body.Recommendation, out var v))
                        return ApiResults.BadRequest($"Champ « recommendation » : valeur « {body.Recommendation} » inconnue (favourable, reserved, unfavourable).");
                    rec = v;
                }
                return await Write(s, http, id, caller => calls.ReviewAsync(caller, id, body.Score, rec, body.Comments, ct), ct);
            })
            .WithName("ReviewDossier").WithSummary("L'évaluation d'un membre du jury désigné : note sur 20, avis, commentaires")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/procedures/dossiers/{id}/sites/{centreId}/decision", async Task<IResult> (ProcedureService s, HttpContext http, string id, string centreId, SiteDecisionBody body, CancellationToken ct) =>
            {
                if (!ApiResults.TryEnum<LabelDecision>(body.Decision, "decision", out var decision, out var problem)) return problem!;
                return await Write(s, http, id, caller => s.DecideSiteAsync(caller, id, centreId, decision, body.Reservations, ct), ct);
            })
            .WithName("DecideApplicationSite").WithSummary("La décision de la DGOS pour un site de la candidature (avant la transition « decide »)")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> Write(ProcedureService s, HttpContext http, string id, Func<Caller, Task<ProcedureResult>> action, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        var r = await action(caller);
        return r.Status == ProcedureStatus.Ok ? TypedResults.Ok(await ProcedureEndpoints.DetailAsync(s, caller, id, ct)) : ProcedureEndpoints.Problem(r, caller);
    }

    public static async Task<CallDto?> DetailAsync(CallService calls, Caller caller, string id, CancellationToken ct)
    {
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

    private static IResult Unauthenticated() => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
        detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …).");
}

public sealed record CallBody(string? Kind, string? Title, string? Description, DateOnly? OpensOn, DateOnly? Deadline, DateOnly? JurySessionOn,
    string? ReferentialCampaign, string? PeriodId, DateOnly? PeriodStart, DateOnly? PeriodEnd);
public sealed record JuryMemberBody(string? UserName, string? DisplayName, string? Seat, bool? IsChair, string? Finess, string? Filiere, string? Email);
public sealed record DeclarationBody(string? Declaration, bool? SignEthicsCharter);
public sealed record LabellingApplicationBody(string? NetworkId);
public sealed record SiteBody(string? Role);
public sealed record AssignBody(int MemberId);
public sealed record ReviewBody(int? Score, string? Recommendation, string? Comments);
public sealed record SiteDecisionBody(string? Decision, string? Reservations);

public sealed record CallSummaryDto(string Id, string Kind, string Title, DateOnly OpensOn, DateOnly Deadline, string Status, string StatusLabel, string? PeriodId)
{
    public static CallSummaryDto From(Call c, string status) => new(c.Id, c.Kind.Code(), c.Title, c.OpensOn, c.Deadline, status, CallService.StatusLabel(status), c.PeriodId);
}

public sealed record JuryMemberDto(int Id, string UserName, string DisplayName, string Seat, string SeatLabel, bool IsChair, string? Finess, string? Filiere,
    DateTimeOffset? DeclaredAt, DateTimeOffset? EthicsCharterSignedAt, string? Declaration);
public sealed record CallDto(string Id, string Kind, string KindLabel, string Title, string? Description, DateOnly OpensOn, DateOnly Deadline, DateOnly? JurySessionOn,
    string? ReferentialCampaign, string? PeriodId, DateOnly? PeriodStart, DateOnly? PeriodEnd, string Status, string StatusLabel, DateTimeOffset? PublishedAt,
    IReadOnlyList<string> Seats, IReadOnlyList<JuryMemberDto> Jury, IReadOnlyList<string>? JuryReadinessProblems, IReadOnlyList<DossierSummaryDto>? Dossiers,
    IReadOnlyList<TemplateEntryDto>? DossierTemplate);
/// <summary>One entry of the dossier template a call publishes.</summary>
public sealed record TemplateEntryDto(string Key, string Label, string Type, string Provider, string Source);
public sealed record PublicationDto(string CallId, string PeriodId, int ListYear, int Labels, int SuccessorCentres, int ClosedCentres, int Mandates, string ListPdf, string ListCsv);
public sealed record StructuralCheckDto(string Rule, string? CentreId, bool Passed, bool Blocking, string Message, string Source);
public sealed record PreviewFindingDto(string Rule, string Criterion, string Status, string? Expected, string? Actual, string Message, string Source);
public sealed record SitePreviewDto(string CentreId, string CentreName, int? Year, string? Verdict, string? Note, IReadOnlyList<PreviewFindingDto> Findings);
public sealed record ApplicationChecksDto(IReadOnlyList<StructuralCheckDto> Structure, IReadOnlyList<SitePreviewDto> CompliancePreview);
