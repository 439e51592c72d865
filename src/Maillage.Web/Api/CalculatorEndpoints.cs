using System.Text.Json;
using Maillage.Core.Features.Compliance;
using Maillage.Core.Features.Funding;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Funding;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Maillage.Web.Errors;

namespace Maillage.Web.Api;

/// <summary>
/// Calculators over the caller's own input (nothing is read from or written to the database, anonymous callers
/// allowed): <c>POST /api/v1/compliance/check</c>, <c>GET /api/v1/referentials[/{campaign}]</c>,
/// <c>GET /api/v1/funding/pemr</c>, <c>POST /api/v1/funding/dpi</c>, <c>POST /api/v1/funding/mig</c>. Same code path
/// and same JSON as <c>maillage compliance check</c> and <c>maillage funding ...</c>; a JSON body or a multipart upload
/// of the CLI's CSV file. Bad input → 400 problem naming the file, the line and the field.
/// </summary>
public static class CalculatorEndpoints
{
    /// <summary>Largest CSV accepted by the calculators (API and pages).</summary>
    public const long MaxUploadBytes = 10 * 1024 * 1024;

    private const string Json = "application/json";
    private const string Multipart = "multipart/form-data";

    public static void MapCalculatorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Prefix).WithTags("Conformité et financement").CheckParameterRanges(); // years, dates, pages: 400 out of range (Errors/ParameterRanges.cs)

        api.MapPost("/compliance/check", CheckAsync)
            .WithName("CheckCompliance")
            .WithSummary("Vérifie des rapports annuels contre le référentiel d'une campagne : constats (règle, attendu, constaté, source) et verdict par site")
            .WithDescription("Corps JSON {campaign, as_of, reports: [...]} ou envoi multipart du fichier CSV de la CLI (champs file, campaign, as_of). "
                + "Même résultat que « maillage compliance check --format json ». Rien n'est enregistré.")
            .Accepts<ComplianceCheckRequest>(Json, Multipart)
            .AddOpenApiOperationTransformer(MultipartBody(("campaign", "Campagne (2023-2028 par défaut)"), ("as_of", "Date de référence AAAA-MM-JJ (aujourd'hui par défaut)")))
            .DisableAntiforgery()
            .Produces<List<SiteEvaluationDto>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        api.MapGet("/referentials", () =>
                TypedResults.Ok(ReferentialPaths.Campaigns().Select(c => ReferentialDto.CampaignOf(ReferentialLoader.LoadCampaign(c))).ToList()))
            .WithName("ListReferentials").WithSummary("Les référentiels de campagne livrés (identifiant, libellé, années, version)");

        api.MapGet("/referentials/{campaign}", IResult (string campaign) =>
            {
                try
                {
                    return TypedResults.Ok(ReferentialDto.From(ReferentialLoader.LoadCampaign(campaign)));
                }
                catch (ReferentialException ex)
                {
                    return ApiResults.NotFound(ex.Message);
                }
            })
            .WithName("GetReferential").WithSummary("Les règles d'une campagne : seuils, plancher, exceptions, responsable, calendrier, poids MIG, chacune avec son identifiant et sa source")
            .Produces<ReferentialDto>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/funding/pemr", IResult (HttpContext http) =>
            {
                var text = http.Request.Query["crmr_count"].ToString();
                if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
                    return FieldProblem("crmr_count", $"Paramètre « crmr_count » : « {text} » n'est pas un entier positif ou nul.");
                return TypedResults.Ok(PemrDto.From(PemrCalculator.Compute(count)));
            })
            .WithName("ComputePemrFunding").WithSummary("Financement d'une plateforme d'expertise (PEMR) selon son nombre de CRMR/CRC : tranche, montants, explication")
            .WithDescription("Paramètre crmr_count (entier ≥ 0, obligatoire). Même résultat que « maillage funding pemr --crmr-count N --format json ».")
            .AddOpenApiOperationTransformer((op, _, _) =>
            {
                op.Parameters ??= [];
                op.Parameters.Add(new OpenApiParameter
                {
                    Name = "crmr_count", In = ParameterLocation.Query, Required = true, Description = "Nombre de CRMR/CRC de la plateforme",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0" },
                });
                return Task.CompletedTask;
            })
            .Produces<PemrDto>().ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapPost("/funding/dpi", DpiAsync)
            .WithName("ComputeDpiFunding").WithSummary("Financement du module maladies rares du DPI, par établissement (arbre de décision C3 2021) : branche, montant, explication, total")
            .WithDescription("Corps JSON {establishments: [...]} ou envoi multipart du fichier CSV de la CLI (champ file). Même résultat que « maillage funding dpi --format json ».")
            .Accepts<DpiRequest>(Json, Multipart)
            .AddOpenApiOperationTransformer(MultipartBody())
            .DisableAntiforgery()
            .Produces<DpiResultDto>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        api.MapPost("/funding/mig", MigAsync)
            .WithName("ComputeMigFunding").WithSummary("Répartition de la part variable MIG entre centres (poids PIRAMIG du référentiel) : montants au centime, explications ; total = enveloppe")
            .WithDescription("Corps JSON {campaign, envelope, centres: [...]} ou envoi multipart du fichier CSV de la CLI (champs file, envelope, campaign). "
                + "Même résultat que « maillage funding mig --format json ».")
            .Accepts<MigRequest>(Json, Multipart)
            .AddOpenApiOperationTransformer(MultipartBody(("envelope", "Enveloppe en euros, au centime près (ex. 1000000.50) — obligatoire"), ("campaign", "Campagne dont le référentiel donne les poids (2023-2028 par défaut)")))
            .DisableAntiforgery()
            .Produces<MigResultDto>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> CheckAsync(HttpContext http, TimeProvider time, IOptions<JsonOptions> json, CancellationToken ct)
    {
        return await GuardAsync(async () =>
        {
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
            return TypedResults.Ok(ComplianceJson.ToDtos(ComplianceCheck.Run(reports, campaign, date)));
        });
    }

    private static async Task<IResult> DpiAsync(HttpContext http, IOptions<JsonOptions> json, CancellationToken ct)
    {
        return await GuardAsync(async () =>
        {
            var input = await ReadAsync<DpiRequest>(http, json, ct);
            var items = input.Upload is { } upload
                ? FundingFiles.ComputeDpi(upload.Name, upload.Bytes)
                : FundingFiles.ComputeDpi("establishments", (input.Body!.Establishments ?? []).Select(e => e.ToRecord()));
            return TypedResults.Ok(DpiResultDto.From(items));
        });
    }

    private static async Task<IResult> MigAsync(HttpContext http, IOptions<JsonOptions> json, CancellationToken ct)
    {
        return await GuardAsync(async () =>
        {
            var input = await ReadAsync<MigRequest>(http, json, ct);
            if (input.Upload is { } upload)
            {
                var envelope = FundingCalculators.ParseEnvelope(upload.Form["envelope"].ToString());
                return TypedResults.Ok(FundingCalculators.Mig(FundingFiles.ReadMig(upload.Name, upload.Bytes), envelope, upload.Form["campaign"].ToString()));
            }
            var body = input.Body!;
            var euros = FundingCalculators.ParseEnvelope(body.Envelope?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return TypedResults.Ok(FundingCalculators.Mig(FundingFiles.ReadMig("centres", (body.Centres ?? []).Select(c => c.ToRecord())), euros, body.Campaign));
        });
    }

    /// <summary>A request body: either JSON (<see cref="Body"/>) or a multipart upload (<see cref="Upload"/>).</summary>
    private sealed record Input<T>(T? Body, Upload? Upload);

    private sealed record Upload(string Name, byte[] Bytes, IFormCollection Form);

    private sealed class BadInput(IResult problem) : Exception
    {
        public IResult Problem { get; } = problem;
    }

    private static async Task<Input<T>> ReadAsync<T>(HttpContext http, IOptions<JsonOptions> json, CancellationToken ct) where T : class
    {
        var request = http.Request;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file");
            if (file is null || file.Length == 0)
                throw new BadInput(FieldProblem("file", "Envoi multipart : le champ « file » (le fichier CSV) est obligatoire."));
            if (file.Length > MaxUploadBytes) throw new BadInput(FieldProblem("file", "Fichier trop volumineux (10 Mo au plus)."));
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            return new Input<T>(null, new Upload(Path.GetFileName(file.FileName), buffer.ToArray(), form));
        }
        if (request.HasJsonContentType())
        {
            try
            {
                var body = await request.ReadFromJsonAsync<T>(json.Value.SerializerOptions, ct);
                return body is null ? throw new BadInput(ApiResults.BadRequest("Corps JSON vide.")) : new Input<T>(body, null);
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
    private static async Task<IResult> GuardAsync(Func<Task<IResult>> run)
    {
        try
        {
            return await run();
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

    private static IResult FieldProblem(string field, string detail) =>
        TypedResults.Problem(statusCode: 400, title: "Données invalides", detail: detail, extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>Documents the multipart variant of a body: the CSV file (field <c>file</c>) and the given text fields.</summary>
    private static Func<OpenApiOperation, Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext, CancellationToken, Task> MultipartBody(params (string Name, string Description)[] fields) =>
        (op, _, _) =>
        {
            var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "Le fichier CSV (« ; », UTF-8), au format de la CLI" },
            };
            foreach (var (name, description) in fields) properties[name] = new OpenApiSchema { Type = JsonSchemaType.String, Description = description };
            if (op.RequestBody?.Content is { } content)
                content[Multipart] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = properties, Required = new HashSet<string>(StringComparer.Ordinal) { "file" } } };
            return Task.CompletedTask;
        };
}
