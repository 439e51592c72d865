using System.Text.Json;
using Maillage.Core.Compliance;
using Maillage.Domain.Funding;

namespace Maillage.Core.Funding;

/// <summary>JSON of the funding commands (shapes in docs/formats/funding.md). Amounts are JSON numbers in euros.</summary>
public static class FundingJson
{
    public static string Pemr(PemrFunding f) => Write(w =>
    {
        ArgumentNullException.ThrowIfNull(f);
        w.WriteStartObject();
        w.WriteNumber("crmr_count", f.CrmrCount);
        w.WriteBoolean("eligible", f.Eligible);
        w.WriteNumber("tranche", f.Tranche);
        w.WriteNumber("amount_per_year", f.AmountPerYear);
        w.WriteNumber("years", f.Years);
        w.WriteNumber("total", f.Total);
        w.WriteString("explanation", string.Join(' ', f.Explanation));
        w.WriteEndObject();
    });

    public static string Dpi(IReadOnlyList<DpiFunding> items) => Write(w =>
    {
        ArgumentNullException.ThrowIfNull(items);
        w.WriteStartObject();
        w.WriteStartArray("establishments");
        foreach (var e in items)
        {
            w.WriteStartObject();
            w.WriteString("finess", e.Finess);
            w.WriteString("name", e.Name);
            w.WriteNumber("amount", e.Amount);
            w.WriteString("branch", e.Branch);
            w.WriteString("explanation", string.Join(' ', e.Explanation));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("total", items.Sum(e => e.Amount));
        w.WriteNumber("funded_establishments", items.Count(e => e.Amount > 0));
        w.WriteEndObject();
    });

    public static string Mig(string campaign, MigAllocation a) => Write(w =>
    {
        ArgumentNullException.ThrowIfNull(a);
        w.WriteStartObject();
        w.WriteString("campaign", campaign);
        w.WriteNumber("envelope", a.Envelope);
        w.WriteNumber("total", a.Total);
        w.WriteStartArray("centres");
        foreach (var c in a.Centres)
        {
            w.WriteStartObject();
            w.WriteString("centre_id", c.CentreId);
            w.WriteString("name", c.Name);
            w.WriteNumber("amount", c.Amount);
            w.WriteStartArray("components");
            foreach (var k in c.Components)
            {
                w.WriteStartObject();
                w.WriteString("indicator", k.IndicatorId);
                w.WriteString("label", k.Label);
                w.WriteNumber("weight_pct", k.WeightPct);
                w.WriteNumber("effective_weight_pct", decimal.Round(k.EffectiveWeightPct, 6));
                w.WriteNumber("value", k.Value);
                if (k.Quartile is { } q) w.WriteNumber("quartile", q); else w.WriteNull("quartile");
                w.WriteNumber("score", k.Score);
                w.WriteNumber("total_score", k.TotalScore);
                w.WriteNumber("amount", decimal.Round(k.Amount, 6));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("explanation");
            foreach (var line in c.Explanation) w.WriteStringValue(line);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("notes");
        foreach (var n in a.Notes) w.WriteStringValue(n);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, ComplianceJson.Options)) body(w);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}
