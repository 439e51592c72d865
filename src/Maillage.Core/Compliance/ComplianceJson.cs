using System.Text.Encodings.Web;
using System.Text.Json;
using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;

namespace Maillage.Core.Compliance;

/// <summary>
/// The JSON of <c>maillage compliance check --format json</c>: an array, one object per report
/// <c>{"site_id", "year", "verdict", "findings": [{"rule", "criterion", "status", "expected", "actual", "source"}]}</c>.
/// <c>expected</c>/<c>actual</c> are JSON numbers for thresholds, short texts for head rules, or null.
/// </summary>
public static class ComplianceJson
{
    public static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Stream output, IEnumerable<SiteEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        using var w = new Utf8JsonWriter(output, Options);
        w.WriteStartArray();
        foreach (var e in evaluations)
        {
            w.WriteStartObject();
            w.WriteString("site_id", e.SiteId);
            w.WriteNumber("year", e.Year);
            w.WriteString("verdict", e.Verdict.Code());
            w.WriteStartArray("findings");
            foreach (var f in e.Findings)
            {
                w.WriteStartObject();
                w.WriteString("rule", f.Rule);
                w.WriteString("criterion", f.Criterion.Code());
                w.WriteString("status", f.Status.Code());
                Value(w, "expected", f.Expected);
                Value(w, "actual", f.Actual);
                w.WriteString("source", f.Source.Citation);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static string ToJson(IEnumerable<SiteEvaluation> evaluations)
    {
        using var ms = new MemoryStream();
        Write(ms, evaluations);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void Value(Utf8JsonWriter w, string name, FindingValue? value)
    {
        if (value is null) w.WriteNull(name);
        else if (value.Number is { } n) w.WriteNumber(name, n);
        else w.WriteString(name, value.Text);
    }
}
