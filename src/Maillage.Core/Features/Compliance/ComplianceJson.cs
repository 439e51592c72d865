using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;

namespace Maillage.Core.Features.Compliance;

/// <summary>One finding as in the JSON of <c>compliance check</c>: <c>expected</c>/<c>actual</c> are a number, a short text or null.</summary>
public sealed record FindingDto(string Rule, string Criterion, string Status, object? Expected, object? Actual, string Source)
{
    public static FindingDto From(Finding f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new(f.Rule, f.Criterion.Code(), f.Status.Code(), Value(f.Expected), Value(f.Actual), f.Source.Citation);
    }

    private static object? Value(FindingValue? v) => v is null ? null : v.Number is { } n ? n : v.Text;
}

/// <summary>One site and year as in the JSON of <c>compliance check</c>.</summary>
public sealed record SiteEvaluationDto(string SiteId, int Year, string Verdict, IReadOnlyList<FindingDto> Findings)
{
    public static SiteEvaluationDto From(SiteEvaluation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.SiteId, e.Year, e.Verdict.Code(), e.Findings.Select(FindingDto.From).ToList());
    }
}

/// <summary>
/// The JSON of <c>maillage compliance check --format json</c> and of <c>POST /api/v1/compliance/check</c>: an array, one
/// object per report <c>{"site_id", "year", "verdict", "findings": [{"rule", "criterion", "status", "expected", "actual", "source"}]}</c>.
/// <c>expected</c>/<c>actual</c> are JSON numbers for thresholds, short texts for head rules, or null. The shapes are
/// the records above, serialised with <see cref="SerializerOptions"/> (snake_case, as the web API's own options).
/// </summary>
public static class ComplianceJson
{
    public static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>snake_case names, nulls written, relaxed escaping (readable French), indented.</summary>
    public static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    public static IReadOnlyList<SiteEvaluationDto> ToDtos(IEnumerable<SiteEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        return evaluations.Select(SiteEvaluationDto.From).ToList();
    }

    public static string ToJson(IEnumerable<SiteEvaluation> evaluations) => JsonSerializer.Serialize(ToDtos(evaluations), SerializerOptions);
}
