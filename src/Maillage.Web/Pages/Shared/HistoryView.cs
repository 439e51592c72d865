using System.Globalization;
using System.Text.Json;
using Maillage.Core.Features.Registry;

namespace Maillage.Web.Pages.Shared;

/// <summary>One changed property of an audit entry, in French.</summary>
public sealed record HistoryChange(string Property, string Before, string After);

/// <summary>Turns an audit row's JSON before/after snapshots into readable changes.</summary>
public static class HistoryView
{
    public static IReadOnlyList<HistoryChange> Changes(HistoryRow row)
    {
        var before = Parse(row.Before);
        var after = Parse(row.After);
        var names = before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var list = new List<HistoryChange>();
        // Child rows (labels, mandates...) are audited before the database assigns their key: skip it.
        var isChild = row.Action.Contains(':', StringComparison.Ordinal);
        foreach (var name in names)
        {
            if (isChild && name == "Id") continue;
            before.TryGetValue(name, out var b);
            after.TryGetValue(name, out var a);
            if (b is null && a is null) continue;
            list.Add(new HistoryChange(Labels.Property(name),
                before.ContainsKey(name) ? Labels.Value(name, b) : "",
                after.ContainsKey(name) ? Labels.Value(name, a) : ""));
        }
        return list;
    }

    private static Dictionary<string, string?> Parse(string? json)
    {
        var d = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json)) return d;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return d;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                d[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Number => p.Value.TryGetDouble(out var n) ? n.ToString(CultureInfo.GetCultureInfo("fr-FR")) : p.Value.GetRawText(),
                    _ => p.Value.GetRawText(),
                };
            }
        }
        catch (JsonException)
        {
            d["?"] = json;
        }
        return d;
    }
}
