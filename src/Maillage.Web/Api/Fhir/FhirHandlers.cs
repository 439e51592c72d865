using System.Globalization;
using Maillage.Core.Features.PublicDirectory.Fhir;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;

namespace Maillage.Web.Api.Fhir;

/// <summary>
/// The FHIR handlers: read by id, search (searchset Bundles) and the CapabilityStatement, through
/// <see cref="FhirQueries"/> (public registry data). Every answer, errors included, is FHIR JSON (<see cref="FhirJson"/>):
/// 404 an unknown type or id, 400 a bad search parameter, 406 a non-JSON <c>_format</c>.
/// </summary>
public static class FhirHandlers
{
    public const int DefaultCount = 100;
    public const int MaxCount = 1000;

    public static ContentHttpResult Metadata(TimeProvider clock) => FhirJson.Answer(FhirJson.Capability(clock));

    public static async Task<ContentHttpResult> Read(string type, string id, FhirQueries fhir, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fhir);
        if (CheckType(type) is { } bad) return bad;
        var entry = await fhir.ReadAsync(Caller.From(http?.User), type, id, ct);
        return entry is null ? FhirJson.Answer(FhirJson.Outcome("error", "not-found", $"{type}/{id} introuvable."), 404) : FhirJson.Answer(entry.Resource);
    }

    /// <summary>
    /// A search: FHIR's search parameters depend on the resource type (<see cref="FhirSearch.Parameters"/>), so they are
    /// read from the raw query, with the paging ones (<c>_count</c>, default 100, at most 1,000; <c>_offset</c>) and
    /// <c>_format</c> (JSON only); a bad value answers a FHIR OperationOutcome, not a generic 400.
    /// </summary>
    public static async Task<ContentHttpResult> Search(string type, HttpRequest request, FhirQueries fhir, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(fhir);
        if (CheckType(type) is { } bad) return bad;
        var pairs = request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
        var (criteria, error) = FhirSearch.Parse(type, pairs);
        if (error is not null) return FhirJson.Answer(FhirJson.Outcome("error", "not-supported", error), 400);
        if (!TryInt(request.Query["_count"], DefaultCount, out var count) || count < 0 || !TryInt(request.Query["_offset"], 0, out var offset) || offset < 0)
            return FhirJson.Answer(FhirJson.Outcome("error", "invalid", "_count et _offset sont des entiers positifs ou nuls."), 400);
        if (request.Query["_format"].FirstOrDefault() is { } format && !format.Contains("json", StringComparison.OrdinalIgnoreCase))
            return FhirJson.Answer(FhirJson.Outcome("error", "not-supported", "Seul le format JSON est servi (_format=json)."), 406);
        count = Math.Min(count, MaxCount);
        var matches = await fhir.SearchAsync(Caller.From(request.HttpContext.User), type, criteria!, ct);
        var page = matches.Skip(offset).Take(count).ToList();
        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}{Routes.Fhir}";
        string Link(int off) =>
            baseUrl + "/" + type + QueryString.Create(pairs.Where(p => p.Key is not ("_count" or "_offset"))
                .Append(new("_count", count.ToString(CultureInfo.InvariantCulture)))
                .Append(new("_offset", off.ToString(CultureInfo.InvariantCulture)))
                .Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).ToUriComponent();
        return FhirJson.Answer(FhirJson.Bundle(page, matches.Count, Link, baseUrl, offset, count));
    }

    private static ContentHttpResult? CheckType(string type) => FhirDirectory.ResourceTypes.Contains(type, StringComparer.Ordinal) ? null
        : FhirJson.Answer(FhirJson.Outcome("error", "not-supported", $"Type de ressource « {type} » non pris en charge. Pris en charge : {string.Join(", ", FhirDirectory.ResourceTypes)}."), 404);

    private static bool TryInt(StringValues v, int fallback, out int value)
    {
        if (v.Count == 0 || string.IsNullOrEmpty(v[0])) { value = fallback; return true; }
        return int.TryParse(v[0], NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
