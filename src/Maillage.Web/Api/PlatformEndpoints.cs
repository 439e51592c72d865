using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Maillage.Web.Errors;

namespace Maillage.Web.Api;

/// <summary>
/// The expertise platforms' call for projects (seed 003): open a project in a call, set its scope and budget, and after the
/// decision record the credit delegation, the 6-month checkpoint, the yearly indicators and the year-2 renewal. The rest of
/// the dossier (items, opinions, transitions, jury) goes through the procedures and calls APIs.
/// </summary>
public static class PlatformEndpoints
{
    public static void MapPlatformApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Prefix).WithTags("Procédures").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapPost("/calls/{id}/platform-projects", async Task<IResult> (ProcedureService s, HttpContext http, string id, PlatformProjectBody body, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                var r = await s.OpenPlatformProjectAsync(caller, id, body.ToInput(), ct);
                if (r.Status != ProcedureStatus.Ok) return ProcedureEndpoints.Problem(r, caller);
                return TypedResults.Created($"{Routes.Api.Dossiers}/{r.DossierId}", await ProcedureEndpoints.DetailAsync(s, caller, r.DossierId!, ct));
            })
            .WithName("OpenPlatformProject").WithSummary("Ouvrir un projet de plateforme d'expertise dans un appel à projets (direction de l'établissement porteur, DGOS)")
            .Produces<DossierDto>(StatusCodes.Status201Created).ProducesWriteProblems().ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/procedures/platform-centres", async Task<IResult> (ProcedureService s, HttpContext http, [FromQuery(Name = "host_finess")] string? host,
                [FromQuery(Name = "other_establishments")] string? others, CancellationToken ct) =>
            {
                var caller = Caller.From(http.User);
                if (!caller.IsAuthenticated) return Unauthenticated();
                if (string.IsNullOrWhiteSpace(host)) return ApiResults.BadRequest("Paramètre « host_finess » requis (l'établissement porteur).");
                var list = (others ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return TypedResults.Ok((await s.CandidateCentresAsync(host.Trim(), list, ct)).Select(PlatformCentreDto.From).ToList());
            })
            .WithName("ListPlatformCandidateCentres").WithSummary("Les centres que peut nommer un projet : ceux des entités juridiques de l'établissement porteur et des autres établissements")
            .Produces<List<PlatformCentreDto>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapPut("/procedures/dossiers/{id}/platform", async Task<IResult> (ProcedureService s, HttpContext http, string id, PlatformProjectBody body, CancellationToken ct) =>
                await Write(s, http, id, caller => s.UpdatePlatformProjectAsync(caller, id, body.ToInput(), ct), ct))
            .WithName("PutPlatformProject").WithSummary("Modifier le projet : nom, autres établissements, centres du périmètre, recrutements du budget (en préparation)")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/procedures/dossiers/{id}/platform/credits", async Task<IResult> (ProcedureService s, HttpContext http, string id, PlatformCreditDelegationBody body, CancellationToken ct) =>
                await Write(s, http, id, caller => s.RecordCreditDelegationAsync(caller, id, body.DelegatedOn, body.Reference, ct), ct))
            .WithName("RecordPlatformCreditDelegation").WithSummary("Enregistrer la délégation des crédits (DGOS) : le point d'étape est dû 6 mois après")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/procedures/dossiers/{id}/platform/checkpoint", async Task<IResult> (ProcedureService s, HttpContext http, string id, CancellationToken ct) =>
            {
                if (!Caller.From(http.User).IsAuthenticated) return Unauthenticated();
                if (!http.Request.HasFormContentType)
                    return ApiResults.BadRequest("Envoyez un formulaire multipart/form-data : « report » (texte) et « file » (PDF justificatif).");
                var form = await http.Request.ReadFormAsync(ct);
                var file = form.Files.GetFile("file");
                byte[]? content = null;
                if (file is not null && file.Length <= ProcedureService.MaxDocumentBytes)
                {
                    using var ms = new MemoryStream();
                    await file.CopyToAsync(ms, ct);
                    content = ms.ToArray();
                }
                else if (file is not null)
                    return ProcedureEndpoints.Problem(ProcedureResult.Invalid(new FieldError("file", $"{file.FileName} : au-delà de la taille maximale de {ProcedureService.MaxDocumentBytes / 1024 / 1024} Mo.")), Caller.From(http.User));
                return await Write(s, http, id, caller => s.RecordCheckpointAsync(caller, id, form["report"].FirstOrDefault(), file?.FileName, content, ct), ct);
            })
            .WithName("RecordPlatformCheckpoint").WithSummary("Transmettre le point d'étape à 6 mois (établissement porteur) : « report » et « file » (PDF) en multipart")
            .DisableAntiforgery().Accepts<IFormFile>("multipart/form-data")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/procedures/dossiers/{id}/platform/indicators/{year:int}", async Task<IResult> (ProcedureService s, HttpContext http, string id, int year, PlatformIndicatorsBody body, CancellationToken ct) =>
                await Write(s, http, id, caller => s.FileIndicatorsAsync(caller, id, year,
                    (body.Indicators ?? []).Select(i => new IndicatorValue(i.Key ?? "", i.Label, i.Count, i.Text)).ToList(), ct), ct))
            .WithMetadata(ParameterRanges.YearOfOperation) // {year} is 1 or 2 here, not a calendar year
            .WithName("FilePlatformIndicators").WithSummary("Transmettre le rapport d'activité annuel (indicateurs obligatoires, proposés, complémentaires) d'une année de fonctionnement (1 ou 2)")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/procedures/dossiers/{id}/platform/renewal", async Task<IResult> (ProcedureService s, HttpContext http, string id, PlatformRenewalBody body, CancellationToken ct) =>
                await Write(s, http, id, caller => s.DecideRenewalAsync(caller, id, body.Renewed, body.Reasons, ct), ct))
            .WithName("DecidePlatformRenewal").WithSummary("Décider la reconduction des crédits en 2e année au vu de l'évaluation annuelle (DGOS)")
            .Produces<DossierDto>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> Write(ProcedureService s, HttpContext http, string id, Func<Caller, Task<ProcedureResult>> action, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsAuthenticated) return Unauthenticated();
        var r = await action(caller);
        return r.Status == ProcedureStatus.Ok ? TypedResults.Ok(await ProcedureEndpoints.DetailAsync(s, caller, id, ct)) : ProcedureEndpoints.Problem(r, caller);
    }

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

    private static IResult Unauthenticated() => TypedResults.Problem(statusCode: 401, title: "Authentification requise",
        detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …).");
}

public sealed record PlatformRecruitBody(string? Function, string? JobTitle, decimal? Fte, decimal? YearlyCost);

public sealed record PlatformProjectBody(string? Name, string? HostFiness, IReadOnlyList<string>? OtherEstablishments, IReadOnlyList<string>? Centres,
    IReadOnlyList<PlatformRecruitBody>? Recruits)
{
    public PlatformProjectInput ToInput() => new(Name, HostFiness, OtherEstablishments, Centres,
        Recruits?.Select(r => new RecruitInput(r.Function, r.JobTitle, r.Fte, r.YearlyCost)).ToList());
}

public sealed record PlatformCreditDelegationBody(DateOnly? DelegatedOn, string? Reference);
public sealed record PlatformIndicatorBody(string? Key, string? Label, int? Count, string? Text);
public sealed record PlatformIndicatorsBody(IReadOnlyList<PlatformIndicatorBody>? Indicators);
public sealed record PlatformRenewalBody(bool? Renewed, string? Reasons);

public sealed record PlatformEstablishmentDto(string Finess, string Name);
public sealed record PlatformCentreDto(string Id, string Name, CentreKind Kind, SiteRole? Role, string Finess, string? EstablishmentName, string? Filiere,
    bool CountsTowardsThreshold, bool Closed)
{
    public static PlatformCentreDto From(PlatformCentreView c) => new(c.Id, c.Name, c.Kind, c.Role, c.Finess, c.EstablishmentName, c.Filiere, c.CountsTowardsThreshold, c.Closed);
}
public sealed record PlatformRecruitDto(string Function, string FunctionLabel, string? JobTitle, decimal Fte, decimal YearlyCost);
/// <summary>The PEMR model's result for the project's count (a preview before the decision), and the credits granted by year once decided.</summary>
public sealed record PlatformFundingDto(int CentreCount, bool Eligible, int Tranche, decimal AmountPerYear, int Years, decimal Total, bool Decided,
    decimal? Year1, decimal? Year2, IReadOnlyList<string> Explanation);
public sealed record PlatformCheckpointDto(DateOnly? Due, DateOnly? RecordedOn, string? RecordedBy, string? Report, bool? Late, int? DocumentId);
public sealed record PlatformIndicatorDto(string Key, string Label, bool Mandatory, int? Count, string? Text);
public sealed record PlatformIndicatorReportDto(int OperatingYear, DateOnly Due, DateOnly? SubmittedOn, string? SubmittedBy, bool Late, IReadOnlyList<PlatformIndicatorDto> Indicators);
public sealed record PlatformRenewalDto(bool? Renewed, string? Reasons, DateTimeOffset? DecidedAt, string? DecidedBy);
public sealed record PlatformIndicatorDefinitionDto(string Key, string Label, string Type, bool Mandatory);
public sealed record PlatformProjectDto(string Name, string HostFiness, string HostName, string? CallId, string? PlatformId,
    IReadOnlyList<PlatformEstablishmentDto> OtherEstablishments, IReadOnlyList<PlatformCentreDto> Centres, int ReferenceCentreCount, EligibilityDto Eligibility,
    IReadOnlyList<PlatformRecruitDto> Recruits, decimal BudgetPerYear, IReadOnlyList<GapDto> BudgetProblems, PlatformFundingDto Funding,
    DateOnly? CreditsDelegatedOn, string? CreditsReference, PlatformCheckpointDto Checkpoint, IReadOnlyList<PlatformIndicatorReportDto> Reports, PlatformRenewalDto Renewal,
    IReadOnlyList<PlatformIndicatorDefinitionDto> IndicatorDefinitions);
