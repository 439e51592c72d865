using Maillage.Core.Features.Budget;
using Maillage.Core.Features.Compliance;
using Maillage.Core.Features.Funding;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Funding;
using Maillage.Web.Exports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api.Budget;

/// <summary>
/// The budget chain's handlers: parse, call <see cref="BudgetService"/> with the caller, map. Core's refusals are 401/403
/// (<see cref="AccessRefusedException"/>), a rule 422 naming the field (<see cref="BudgetRuleException"/>: an envelope
/// exceeded, a withdrawal too large, a published circular...), a stale If-Match 412, an unknown year/circular/declaration 404.
/// </summary>
public static class BudgetHandlers
{
    /// <summary>The audit id of the circular a route names (<c>2025-C1</c>), for its ETag.</summary>
    public static string? CircularKey(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Request.RouteValues["year"] is { } y && http.Request.RouteValues["circular"] is { } c ? $"{y}-{c.ToString()?.ToUpperInvariant()}" : null;
    }

    [EndpointName("ListBudgetYears")]
    [EndpointSummary("Années du budget MIG ouvertes (administration nationale, ARS, directions d'établissement)")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<List<int>>, ProblemHttpResult>> ListYears(BudgetService s, HttpContext http, CancellationToken ct) =>
        GuardAsync<Ok<List<int>>>(async () => TypedResults.Ok(await s.YearsAsync(Caller.From(http.User), ct)));

    [EndpointName("OpenBudgetYear")]
    [EndpointSummary("Ouvre une année : enveloppes de la source (147,6 M€, 157,4 M€ à partir de 2021 et leur ventilation), ligne des plateformes F21, circulaires C1–C3 en préparation — administration nationale")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Created<BudgetYearDto>, ProblemHttpResult>> OpenYear(BudgetService s, HttpContext http, BudgetOpenYearBody input, CancellationToken ct) =>
        GuardAsync<Created<BudgetYearDto>>(async () =>
        {
            ArgumentNullException.ThrowIfNull(input);
            var y = await s.OpenYearAsync(Caller.From(http.User), input.Year, fictitious: false, ct);
            return TypedResults.Created($"{Routes.Api.Budget}/years/{y.Year}", BudgetYearDto.From(y));
        });

    [EndpointName("GetBudgetYear")]
    [EndpointSummary("Une année : enveloppes (montant, délégué, reste), lignes MIG et leurs sources, ligne des plateformes, circulaires")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static Task<Results<Ok<BudgetYearDto>, ProblemHttpResult>> GetYear(BudgetService s, HttpContext http, int year, CancellationToken ct) =>
        GuardAsync<Ok<BudgetYearDto>>(async () => TypedResults.Ok(BudgetYearDto.From(await s.YearAsync(Caller.From(http.User), year, ct))));

    [EndpointName("UpdateBudgetYear")]
    [EndpointSummary("Change les enveloppes, la ligne des plateformes (F21 ou F23), le scénario adopté et la note de l'année ; refusé si une délégation dépasserait une enveloppe ; If-Match")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static Task<Results<Ok<BudgetYearDto>, ProblemHttpResult>> UpdateYear(BudgetService s, HttpContext http, int year, BudgetYearBody input, CancellationToken ct) =>
        GuardAsync<Ok<BudgetYearDto>>(async () =>
        {
            ArgumentNullException.ThrowIfNull(input);
            var caller = Caller.From(http.User);
            BudgetService.AuthoriseNational(caller);
            if (!ApiResults.TryIfMatch(http, out var ifMatch, out var bad)) return (ProblemHttpResult)bad!;
            var line = BudgetCodes.Line(input.PlatformLine, "platform_line");
            var y = await s.UpdateYearAsync(caller, year, new BudgetYearInput(line, input.Envelopes ?? [], input.AdoptedScenario, input.Note), ifMatch, ct);
            return TypedResults.Ok(BudgetYearDto.From(y));
        });

    [EndpointName("GetBudgetCircular")]
    [EndpointSummary("Une circulaire et ses délégations par établissement (FINESS EJ) et ligne, dans le périmètre de l'appelant (en préparation : administration nationale)")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static Task<Results<Ok<BudgetCircularDto>, ProblemHttpResult>> GetCircular(BudgetService s, HttpContext http, int year, string circular, CancellationToken ct) =>
        GuardAsync<Ok<BudgetCircularDto>>(async () => TypedResults.Ok(BudgetCircularDto.From(await s.CircularAsync(Caller.From(http.User), year, BudgetCodes.Circular(circular), ct))));

    [EndpointName("ExportBudgetCircular")]
    [EndpointSummary("Exporte les délégations d'une circulaire dans la forme tabulaire des ARS (CSV ou XLSX, docs/formats/budget.md)")]
    [ProducesFile(TableExport.CsvContentType)]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportCircular(
        BudgetService s, HttpContext http, int year, string circular, [AsParameters] BudgetExportQuery query, CancellationToken ct) =>
        GuardAsync<FileContentHttpResult>(async () =>
        {
            ArgumentNullException.ThrowIfNull(query);
            if (Format(query.Format) is not { } format) return ApiResults.Invalid($"Paramètre « format » : valeur « {query.Format} » inconnue (csv, xlsx).");
            var c = await s.CircularAsync(Caller.From(http.User), year, BudgetCodes.Circular(circular), ct);
            return File(BudgetService.DelegationSheet(c), format, $"delegations-{c.Id}");
        });

    [EndpointName("ComputeBudgetCircular")]
    [EndpointSummary("Calcule les délégations de lignes d'une circulaire en préparation : F04–F07 (part variable MIG ou scénario adopté), F17 (parts égales des filières), plateformes (modèle PEMR), F22 (arbre DPI) ; refusé au-delà d'une enveloppe ; If-Match")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static Task<Results<Ok<BudgetCircularDto>, ProblemHttpResult>> Compute(BudgetService s, HttpContext http, int year, string circular, BudgetComputeBody input, CancellationToken ct) =>
        GuardAsync<Ok<BudgetCircularDto>>(async () =>
        {
            ArgumentNullException.ThrowIfNull(input);
            var caller = Caller.From(http.User);
            BudgetService.AuthoriseNational(caller);
            if (!ApiResults.TryIfMatch(http, out var ifMatch, out var bad)) return (ProblemHttpResult)bad!;
            if (input.Dpi?.Count > 10_000) return ApiResults.Invalid("Au plus 10 000 établissements DPI.");
            var lines = (input.Lines ?? []).Take(20).Select(l => BudgetCodes.Line(l, "lines")).ToList();
            var amounts = (input.Amounts ?? []).Take(20).ToDictionary(a => BudgetCodes.Line(a.Key, "amounts"), a => a.Value);
            IReadOnlyList<DpiFunding>? dpi = null;
            if (input.Dpi is { Count: > 0 })
            {
                try { dpi = FundingFiles.ComputeDpi("dpi", input.Dpi.Select(r => (IReadOnlyDictionary<string, string?>)r)); }
                catch (InputFileException ex) { throw new BudgetRuleException("dpi", ex.Message); }
            }
            var r = await s.ComputeAsync(caller, year, BudgetCodes.Circular(circular), new BudgetComputeInput(lines, amounts, dpi), ifMatch, ct);
            return TypedResults.Ok(BudgetCircularDto.From(r.Circular, r.Notes));
        });

    [EndpointName("SetBudgetDelegation")]
    [EndpointSummary("Fixe une délégation d'une circulaire en préparation (0 la supprime ; négatif : retrait motivé en C2 ou C3, borné par ce qui a été délégué) ; refusé au-delà d'une enveloppe ; If-Match")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static Task<Results<Ok<BudgetCircularDto>, ProblemHttpResult>> SetDelegation(BudgetService s, HttpContext http, int year, string circular, BudgetDelegationBody input, CancellationToken ct) =>
        GuardAsync<Ok<BudgetCircularDto>>(async () =>
        {
            ArgumentNullException.ThrowIfNull(input);
            var caller = Caller.From(http.User);
            BudgetService.AuthoriseNational(caller);
            if (!ApiResults.TryIfMatch(http, out var ifMatch, out var bad)) return (ProblemHttpResult)bad!;
            var c = await s.SetDelegationAsync(caller, year, BudgetCodes.Circular(circular),
                new DelegationInput(input.Finess ?? "", BudgetCodes.Line(input.Line), input.Amount, input.Note), ifMatch, ct);
            return TypedResults.Ok(BudgetCircularDto.From(c));
        });

    [EndpointName("PublishBudgetCircular")]
    [EndpointSummary("Publie une circulaire (les précédentes de l'année d'abord) : elle ne change plus et devient visible des ARS et des établissements ; If-Match")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static Task<Results<Ok<BudgetCircularDto>, ProblemHttpResult>> Publish(BudgetService s, HttpContext http, int year, string circular, CancellationToken ct) =>
        GuardAsync<Ok<BudgetCircularDto>>(async () =>
        {
            var caller = Caller.From(http.User);
            BudgetService.AuthoriseNational(caller);
            if (!ApiResults.TryIfMatch(http, out var ifMatch, out var bad)) return (ProblemHttpResult)bad!;
            return TypedResults.Ok(BudgetCircularDto.From(await s.PublishAsync(caller, year, BudgetCodes.Circular(circular), ifMatch, ct)));
        });

    [EndpointName("ListBudgetDeclarations")]
    [EndpointSummary("Déclarations d'usage des crédits par centre et leur vérification par l'ARS, dans le périmètre de l'appelant")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<List<BudgetDeclarationDto>>, ProblemHttpResult>> ListDeclarations(
        BudgetService s, HttpContext http, int year, [AsParameters] BudgetDeclarationFilter filter, CancellationToken ct) =>
        GuardAsync<Ok<List<BudgetDeclarationDto>>>(async () =>
        {
            ArgumentNullException.ThrowIfNull(filter);
            var rows = await s.DeclarationsAsync(Caller.From(http.User), year, ApiResults.Clean(filter.Finess), ct);
            return TypedResults.Ok(rows.Select(BudgetDeclarationDto.From).ToList());
        });

    [EndpointName("DeclareBudgetUse")]
    [EndpointSummary("Déclare l'usage des crédits d'une ligne pour un centre de l'établissement (direction de l'EJ ou administration nationale) ; remet la vérification de l'ARS à faire ; If-Match pour une déclaration existante")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static Task<Results<Ok<BudgetDeclarationDto>, ProblemHttpResult>> Declare(BudgetService s, HttpContext http, int year, BudgetDeclarationBody input, CancellationToken ct) =>
        GuardAsync<Ok<BudgetDeclarationDto>>(async () =>
        {
            ArgumentNullException.ThrowIfNull(input);
            var caller = Caller.From(http.User);
            BudgetService.AuthoriseRead(caller);
            if (!ApiResults.TryIfMatch(http, out var ifMatch, out var bad)) return (ProblemHttpResult)bad!;
            var d = await s.DeclareAsync(caller, new DeclarationInput(year, input.Finess ?? "", BudgetCodes.Line(input.Line), input.CentreId ?? "", input.Amount, input.Comment), ifMatch, ct);
            http.Response.Headers.ETag = ApiResults.ETag(d.Version);
            return TypedResults.Ok(BudgetDeclarationDto.From(d));
        });

    [EndpointName("ReviewBudgetDeclaration")]
    [EndpointSummary("L'ARS de la région de l'établissement valide une déclaration ou émet une réserve (commentaire obligatoire) ; If-Match")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static Task<Results<Ok<BudgetDeclarationDto>, ProblemHttpResult>> Review(BudgetService s, HttpContext http, string id, BudgetReviewBody input, CancellationToken ct) =>
        GuardAsync<Ok<BudgetDeclarationDto>>(async () =>
        {
            ArgumentNullException.ThrowIfNull(input);
            var caller = Caller.From(http.User);
            BudgetService.AuthoriseRead(caller);
            if (!ApiResults.TryIfMatch(http, out var ifMatch, out var bad)) return (ProblemHttpResult)bad!;
            return TypedResults.Ok(BudgetDeclarationDto.From(await s.ReviewAsync(caller, id, BudgetCodes.Decision(input.Decision), input.Comment, ifMatch, ct)));
        });

    [EndpointName("GetBudgetGaps")]
    [EndpointSummary("Vue des écarts : délégué (circulaires publiées), déclaré, validé par région, établissement et ligne, dans le périmètre de l'appelant")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Ok<List<BudgetGapDto>>, ProblemHttpResult>> Gaps(BudgetService s, HttpContext http, int year, [AsParameters] BudgetGapFilter filter, CancellationToken ct) =>
        GuardAsync<Ok<List<BudgetGapDto>>>(async () =>
        {
            ArgumentNullException.ThrowIfNull(filter);
            return TypedResults.Ok((await s.GapsAsync(Caller.From(http.User), year, ApiResults.Clean(filter.Region), ct)).Select(BudgetGapDto.From).ToList());
        });

    [EndpointName("ExportBudgetGaps")]
    [EndpointSummary("Exporte la vue des écarts (CSV ou XLSX, docs/formats/budget.md)")]
    [ProducesFile(TableExport.CsvContentType)]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportGaps(BudgetService s, HttpContext http, int year, [AsParameters] BudgetExportQuery query, CancellationToken ct) =>
        GuardAsync<FileContentHttpResult>(async () =>
        {
            ArgumentNullException.ThrowIfNull(query);
            if (Format(query.Format) is not { } format) return ApiResults.Invalid($"Paramètre « format » : valeur « {query.Format} » inconnue (csv, xlsx).");
            var rows = await s.GapsAsync(Caller.From(http.User), year, ApiResults.Clean(query.Region), ct);
            return File(BudgetService.GapSheet(year, rows), format, FormattableString.Invariant($"ecarts-mig-{year}"));
        });

    private static string? Format(string? text) => (text ?? "csv").Trim().ToLowerInvariant() switch
    {
        "csv" => "csv",
        "xlsx" => "xlsx",
        _ => null,
    };

    private static FileContentHttpResult File(Maillage.Core.Infrastructure.Tabular.TableSheet sheet, string format, string name) =>
        TypedResults.File(BudgetService.Bytes(sheet, format), format == "xlsx" ? TableExport.XlsxContentType : TableExport.CsvContentType, $"{name}.{format}");

    /// <summary>Maps Core's refusals and rules: 401/403, 422 (the field named), 412 (stale), 404.</summary>
    private static async Task<Results<T, ProblemHttpResult>> GuardAsync<T>(Func<Task<Results<T, ProblemHttpResult>>> run) where T : IResult
    {
        try { return await run(); }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
        catch (BudgetNotFoundException e) { return ApiResults.Unknown(e.Message); }
        catch (BudgetStaleException e) { return (ProblemHttpResult)ApiResults.Stale(e.Message, e.CurrentVersion); }
        catch (BudgetRuleException e)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [e.Field] = [e.Message] })
            {
                Status = StatusCodes.Status422UnprocessableEntity, Title = "Règle du budget MIG non respectée", Detail = e.Message,
            });
        }
    }
}
