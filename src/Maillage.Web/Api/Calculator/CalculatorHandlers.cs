using System.Globalization;
using System.Text.Json;
using Maillage.Core.Features.Compliance;
using Maillage.Core.Features.Funding;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Funding;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;

namespace Maillage.Web.Api.Calculator;

/// <summary>Query of <c>GET /funding/pemr</c>: read as text so that a bad value gets a French 400 naming the parameter.</summary>
public sealed record PemrQuery
{
    [FromQuery(Name = "crmr_count")] public string? CrmrCount { get; init; }
}

/// <summary>
/// The calculators' handlers: read the JSON body or the multipart CSV upload, run the same calculator as the CLI, map the
/// answer; bad input is a 400 problem naming the file, the line and the field (<c>file</c>, <c>line</c>, <c>field</c>).
/// </summary>
public static class CalculatorHandlers
{
    private const string Json = "application/json";

    [EndpointName("CheckCompliance")]
    [EndpointSummary("Vérifie des rapports annuels contre le référentiel d'une campagne : constats (règle, attendu, constaté, source) et verdict par site")]
    [EndpointDescription("Corps JSON {campaign, as_of, reports: [...]} ou envoi multipart du fichier CSV de la CLI (champs file, campaign, as_of). "
        + "Même résultat que « maillage compliance check --format json ». Rien n'est enregistré.")]
    [Consumes(typeof(ComplianceCheckRequest), Json, CalculatorApi.Multipart), RequireAntiforgeryToken(false)]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status415UnsupportedMediaType)]
    public static Task<Results<Ok<IReadOnlyList<SiteEvaluationDto>>, ProblemHttpResult>> Check(
        HttpContext http, TimeProvider time, IOptions<JsonOptions> json, CancellationToken ct) =>
        GuardAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(time);
            var input = await ReadAsync<ComplianceCheckRequest>(http, json, ct);
            var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
            IReadOnlyList<Maillage.Domain.Compliance.SiteReport> reports;
            string? campaign, asOf;
            if (input.Upload is { } upload)
            {
                reports = ComplianceReportsFile.Parse(upload.Name, upload.Bytes);
                (campaign, asOf) = (upload.Form["campaign"].ToString(), upload.Form["as_of"].ToString());
            }
            else
            {
                var body = input.Body!;
                reports = ComplianceReportsFile.FromRecords("reports", (body.Reports ?? []).Select(r => r.ToRecord()));
                (campaign, asOf) = (body.Campaign, body.AsOf);
            }
            var date = ComplianceCheck.ParseAsOf(asOf, today, "as_of");
            return ComplianceJson.ToDtos(ComplianceCheck.Run(reports, campaign, date));
        });

    [EndpointName("ListReferentials")]
    [EndpointSummary("Les référentiels de campagne livrés (identifiant, libellé, années, version)")]
    public static Ok<List<CampaignDto>> ListReferentials() =>
        TypedResults.Ok(CampaignCatalogue.Shipped.Ids.Select(c => ReferentialDto.CampaignOf(CampaignCatalogue.Shipped.Get(c))).ToList());

    [EndpointName("GetReferential")]
    [EndpointSummary("Les règles d'une campagne : seuils, plancher, exceptions, responsable, calendrier, poids MIG, chacune avec son identifiant et sa source")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static Results<Ok<ReferentialDto>, ProblemHttpResult> GetReferential(string campaign)
    {
        try
        {
            return TypedResults.Ok(ReferentialDto.From(CampaignCatalogue.Shipped.Get(campaign)));
        }
        catch (ReferentialException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Introuvable", detail: ex.Message);
        }
    }

    [EndpointName("ComputePemrFunding")]
    [EndpointSummary("Financement d'une plateforme d'expertise (PEMR) selon son nombre de CRMR/CRC : tranche, montants, explication")]
    [EndpointDescription("Paramètre crmr_count (entier ≥ 0, obligatoire). Même résultat que « maillage funding pemr --crmr-count N --format json ».")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static Results<Ok<PemrDto>, ProblemHttpResult> Pemr([AsParameters] PemrQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = query.CrmrCount ?? "";
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            return FieldProblem("crmr_count", $"Paramètre « crmr_count » : « {text} » n'est pas un entier positif ou nul.");
        return TypedResults.Ok(PemrDto.From(PemrCalculator.Compute(count)));
    }

    [EndpointName("ComputeDpiFunding")]
    [EndpointSummary("Financement du module maladies rares du DPI, par établissement (arbre de décision C3 2021) : branche, montant, explication, total")]
    [EndpointDescription("Corps JSON {establishments: [...]} ou envoi multipart du fichier CSV de la CLI (champ file). Même résultat que « maillage funding dpi --format json ».")]
    [Consumes(typeof(DpiRequest), Json, CalculatorApi.Multipart), RequireAntiforgeryToken(false)]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status415UnsupportedMediaType)]
    public static Task<Results<Ok<DpiResultDto>, ProblemHttpResult>> Dpi(HttpContext http, IOptions<JsonOptions> json, CancellationToken ct) =>
        GuardAsync(async () =>
        {
            var input = await ReadAsync<DpiRequest>(http, json, ct);
            var items = input.Upload is { } upload
                ? FundingFiles.ComputeDpi(upload.Name, upload.Bytes)
                : FundingFiles.ComputeDpi("establishments", (input.Body!.Establishments ?? []).Select(e => e.ToRecord()));
            return DpiResultDto.From(items);
        });

    [EndpointName("ComputeMigFunding")]
    [EndpointSummary("Répartition de la part variable MIG entre centres (poids PIRAMIG du référentiel) : montants au centime, explications ; total = enveloppe")]
    [EndpointDescription("Corps JSON {campaign, envelope, centres: [...]} ou envoi multipart du fichier CSV de la CLI (champs file, envelope, campaign). "
        + "Même résultat que « maillage funding mig --format json ».")]
    [Consumes(typeof(MigRequest), Json, CalculatorApi.Multipart), RequireAntiforgeryToken(false)]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status415UnsupportedMediaType)]
    public static Task<Results<Ok<MigResultDto>, ProblemHttpResult>> Mig(HttpContext http, IOptions<JsonOptions> json, CancellationToken ct) =>
        GuardAsync(async () =>
        {
            var input = await ReadAsync<MigRequest>(http, json, ct);
            if (input.Upload is { } upload)
            {
                var envelope = FundingCalculators.ParseEnvelope(upload.Form["envelope"].ToString());
                return FundingCalculators.Mig(FundingFiles.ReadMig(upload.Name, upload.Bytes), envelope, upload.Form["campaign"].ToString());
            }
            var body = input.Body!;
            var euros = FundingCalculators.ParseEnvelope(body.Envelope?.ToString(CultureInfo.InvariantCulture));
            return FundingCalculators.Mig(FundingFiles.ReadMig("centres", (body.Centres ?? []).Select(c => c.ToRecord())), euros, body.Campaign);
        });

    /// <summary>A request body: either JSON (<see cref="Body"/>) or a multipart upload (<see cref="Upload"/>).</summary>
    private sealed record Input<T>(T? Body, Upload? Upload);

    private sealed record Upload(string Name, byte[] Bytes, IFormCollection Form);

    private sealed class BadInput(ProblemHttpResult problem) : Exception
    {
        public ProblemHttpResult Problem { get; } = problem;
    }

    private static async Task<Input<T>> ReadAsync<T>(HttpContext http, IOptions<JsonOptions> json, CancellationToken ct) where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(json);
        var request = http.Request;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file");
            if (file is null || file.Length == 0)
                throw new BadInput(FieldProblem("file", "Envoi multipart : le champ « file » (le fichier CSV) est obligatoire."));
            if (file.Length > CalculatorApi.MaxUploadBytes) throw new BadInput(FieldProblem("file", "Fichier trop volumineux (10 Mo au plus)."));
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            return new Input<T>(null, new Upload(Path.GetFileName(file.FileName), buffer.ToArray(), form));
        }
        if (request.HasJsonContentType())
        {
            try
            {
                var body = await request.ReadFromJsonAsync<T>(json.Value.SerializerOptions, ct);
                return body is null ? throw new BadInput(ApiResults.Invalid("Corps JSON vide.")) : new Input<T>(body, null);
            }
            catch (JsonException ex)
            {
                throw new BadInput(FieldProblem(ex.Path ?? "(corps)", "JSON invalide : " + ex.Message));
            }
        }
        throw new BadInput(TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Type de contenu non pris en charge",
            detail: "Envoyez du JSON (application/json) ou un fichier CSV en multipart/form-data (champ file)."));
    }

    /// <summary>Runs a calculator and turns bad input into a 400 problem that names the file, the line and the field.</summary>
    private static async Task<Results<Ok<T>, ProblemHttpResult>> GuardAsync<T>(Func<Task<T>> run)
    {
        try
        {
            return TypedResults.Ok(await run());
        }
        catch (BadInput ex)
        {
            return ex.Problem;
        }
        catch (InputFileException ex)
        {
            return TypedResults.Problem(statusCode: 400, title: "Données invalides", detail: ex.Message,
                extensions: new Dictionary<string, object?> { ["file"] = ex.File, ["line"] = ex.Line, ["field"] = ex.Field });
        }
        catch (ReferentialException ex)
        {
            return FieldProblem("campaign", ex.Message);
        }
        catch (FormatException ex)
        {
            return FieldProblem("as_of", ex.Message);
        }
        catch (FundingInputException ex)
        {
            return FieldProblem(ex.Field, $"{ex.Field} : {ex.Message}");
        }
    }

    private static ProblemHttpResult FieldProblem(string field, string detail) =>
        TypedResults.Problem(statusCode: 400, title: "Données invalides", detail: detail, extensions: new Dictionary<string, object?> { ["field"] = field });
}
