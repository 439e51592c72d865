using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Features.PublicDirectory.Fhir;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api.Fhir;

/// <summary>
/// The FHIR R4 answers (docs/formats/fhir.md): a resource, a searchset Bundle, an OperationOutcome or the
/// CapabilityStatement, written in <c>application/fhir+json</c> with readable French (accented letters as they are).
/// </summary>
public static class FhirJson
{
    public const string ContentType = "application/fhir+json; charset=utf-8";

    // readable French: accented letters as they are, not \u escapes (the HTML-sensitive characters stay escaped)
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    /// <summary>A FHIR JSON answer with its status.</summary>
    public static ContentHttpResult Answer(JsonNode node, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(node);
        return TypedResults.Content(node.ToJsonString(Options), ContentType, System.Text.Encoding.UTF8, status);
    }

    public static JsonObject Outcome(string severity, string code, string text) => new()
    {
        ["resourceType"] = "OperationOutcome",
        ["issue"] = new JsonArray(new JsonObject { ["severity"] = severity, ["code"] = code, ["diagnostics"] = text }),
    };

    /// <summary>A searchset Bundle: one <paramref name="page"/> of <paramref name="total"/> matches, with its self/next/previous links.</summary>
    public static JsonObject Bundle(IReadOnlyList<FhirEntry> page, int total, Func<int, string> link, string baseUrl, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(link);
        var links = new JsonArray(new JsonObject { ["relation"] = "self", ["url"] = link(offset) });
        if (offset + count < total) links.Add(new JsonObject { ["relation"] = "next", ["url"] = link(offset + count) });
        if (offset > 0) links.Add(new JsonObject { ["relation"] = "previous", ["url"] = link(Math.Max(0, offset - count)) });
        return new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["meta"] = new JsonObject { ["lastUpdated"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) },
            ["type"] = "searchset",
            ["total"] = total,
            ["link"] = links,
            ["entry"] = new JsonArray(page.Select(e => (JsonNode)new JsonObject
            {
                ["fullUrl"] = $"{baseUrl}/{e.Type}/{e.Id}",
                ["resource"] = e.Resource.DeepClone(),
                ["search"] = new JsonObject { ["mode"] = "match" },
            }).ToArray()),
        };
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
