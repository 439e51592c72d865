using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Features.PublicDirectory.Fhir;
using Maillage.Core.Infrastructure.Security;

namespace Maillage.Web.Api;

/// <summary>
/// Read-only FHIR R4 API under <c>/fhir/r4</c> (docs/formats/fhir.md): read by id, search (searchset Bundles) and the
/// CapabilityStatement at <c>/fhir/r4/metadata</c>, in <c>application/fhir+json</c>. FHIR has its own REST conventions
/// and is described by its CapabilityStatement, so these routes stay out of the /api/v1 OpenAPI document.
/// Public registry data only; no authentication.
/// </summary>
public static class FhirEndpoints
{
    public const string Base = Routes.Fhir;
    public const string ContentType = "application/fhir+json; charset=utf-8";
    private const int DefaultCount = 100;
    private const int MaxCount = 1000;

    // readable French: accented letters as they are, not \u escapes (the HTML-sensitive characters stay escaped)
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static void MapFhirApi(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup(Base).ExcludeFromDescription();
        fhir.MapGet("/metadata", (TimeProvider clock) => Fhir(Capability(clock)));
        fhir.MapGet("/{type}", SearchAsync);
        fhir.MapGet("/{type}/{id}", ReadAsync);
    }

    private static IResult Fhir(JsonNode node, int status = 200) =>
        Results.Content(node.ToJsonString(Options), ContentType, System.Text.Encoding.UTF8, status);

    public static JsonObject Outcome(string severity, string code, string text) => new()
    {
        ["resourceType"] = "OperationOutcome",
        ["issue"] = new JsonArray(new JsonObject { ["severity"] = severity, ["code"] = code, ["diagnostics"] = text }),
    };

    private static IResult? CheckType(string type) => FhirDirectory.ResourceTypes.Contains(type, StringComparer.Ordinal) ? null
        : Fhir(Outcome("error", "not-supported", $"Type de ressource « {type} » non pris en charge. Pris en charge : {string.Join(", ", FhirDirectory.ResourceTypes)}."), 404);

    private static string BaseUrl(HttpRequest r) => $"{r.Scheme}://{r.Host}{r.PathBase}{Base}";

    private static async Task<IResult> ReadAsync(string type, string id, FhirQueries fhir, HttpContext http, CancellationToken ct)
    {
        if (CheckType(type) is { } bad) return bad;
        var entry = await fhir.ReadAsync(Caller.From(http.User), type, id, ct);
        return entry is null ? Fhir(Outcome("error", "not-found", $"{type}/{id} introuvable."), 404) : Fhir(entry.Resource);
    }

    private static async Task<IResult> SearchAsync(string type, HttpRequest request, FhirQueries fhir, CancellationToken ct)
    {
        if (CheckType(type) is { } bad) return bad;
        var pairs = request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
        var (criteria, error) = FhirSearch.Parse(type, pairs);
        if (error is not null) return Fhir(Outcome("error", "not-supported", error), 400);
        if (!TryInt(request.Query["_count"], DefaultCount, out var count) || count < 0 || !TryInt(request.Query["_offset"], 0, out var offset) || offset < 0)
            return Fhir(Outcome("error", "invalid", "_count et _offset sont des entiers positifs ou nuls."), 400);
        if (request.Query["_format"].FirstOrDefault() is { } format && !format.Contains("json", StringComparison.OrdinalIgnoreCase))
            return Fhir(Outcome("error", "not-supported", "Seul le format JSON est servi (_format=json)."), 406);
        count = Math.Min(count, MaxCount);
        var matches = await fhir.SearchAsync(Caller.From(request.HttpContext.User), type, criteria!, ct);
        var page = matches.Skip(offset).Take(count).ToList();
        var baseUrl = BaseUrl(request);
        string Link(int off) =>
            baseUrl + "/" + type + QueryString.Create(pairs.Where(p => p.Key is not ("_count" or "_offset"))
                .Append(new("_count", count.ToString(CultureInfo.InvariantCulture)))
                .Append(new("_offset", off.ToString(CultureInfo.InvariantCulture)))
                .Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).ToUriComponent();
        var links = new JsonArray(new JsonObject { ["relation"] = "self", ["url"] = Link(offset) });
        if (offset + count < matches.Count) links.Add(new JsonObject { ["relation"] = "next", ["url"] = Link(offset + count) });
        if (offset > 0) links.Add(new JsonObject { ["relation"] = "previous", ["url"] = Link(Math.Max(0, offset - count)) });
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["meta"] = new JsonObject { ["lastUpdated"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) },
            ["type"] = "searchset",
            ["total"] = matches.Count,
            ["link"] = links,
            ["entry"] = new JsonArray(page.Select(e => (JsonNode)new JsonObject
            {
                ["fullUrl"] = $"{baseUrl}/{e.Type}/{e.Id}",
                ["resource"] = e.Resource.DeepClone(),
                ["search"] = new JsonObject { ["mode"] = "match" },
            }).ToArray()),
        };
        return Fhir(bundle);
    }

    private static bool TryInt(Microsoft.Extensions.Primitives.StringValues v, int fallback, out int value)
    {
        if (v.Count == 0 || string.IsNullOrEmpty(v[0])) { value = fallback; return true; }
        return int.TryParse(v[0], NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static JsonObject Capability(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return new JsonObject
        {
            ["resourceType"] = "CapabilityStatement",
            ["status"] = "active",
            ["date"] = clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["publisher"] = "Maillage",
            ["kind"] = "instance",
            ["software"] = new JsonObject { ["name"] = "Maillage" },
            ["implementation"] = new JsonObject { ["description"] = "Annuaire FHIR (lecture seule) du réseau maladies rares : établissements, filières, réseaux CRMR, centres. Données ORPHA : Orphanet, INSERM — CC BY 4.0." },
            ["fhirVersion"] = "4.0.1",
            ["format"] = new JsonArray("json", "application/fhir+json"),
            ["rest"] = new JsonArray(new JsonObject
            {
                ["mode"] = "server",
                ["documentation"] = "Lecture (read) et recherche (search-type) ; paramètres _count (défaut 100, max 1000) et _offset pour la pagination.",
                ["resource"] = new JsonArray(FhirDirectory.ResourceTypes.Select(t => (JsonNode)new JsonObject
                {
                    ["type"] = t,
                    ["interaction"] = new JsonArray(new JsonObject { ["code"] = "read" }, new JsonObject { ["code"] = "search-type" }),
                    ["searchParam"] = new JsonArray(FhirSearch.Parameters[t].Select(p => (JsonNode)new JsonObject
                    {
                        ["name"] = p.Name, ["type"] = p.Type, ["documentation"] = p.Documentation,
                    }).ToArray()),
                }).ToArray()),
            }),
        };
    }
}
