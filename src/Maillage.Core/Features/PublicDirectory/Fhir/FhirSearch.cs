using System.Globalization;
using System.Text;
using Maillage.Domain.Orpha;

namespace Maillage.Core.Features.PublicDirectory.Fhir;

/// <summary>A search parameter the server supports, as the CapabilityStatement lists it.</summary>
public sealed record FhirSearchParam(string Name, string Type, string Documentation);

/// <summary>
/// FHIR search over the directory's resources (in memory: the registry is small). Strings match as FHIR says — the
/// start of the value, case and accents ignored — or anywhere with <c>:contains</c>, exactly with <c>:exact</c>.
/// Tokens take <c>[system]|code</c>, <c>code</c> or <c>system|</c>. <c>service-type</c> also takes <c>:above</c> (services
/// labelled for the code or for a group above it: a network labelled for a group covers its member diseases) and
/// <c>:below</c> (the code or any code below it).
/// </summary>
public static class FhirSearch
{
    public static readonly IReadOnlyDictionary<string, FhirSearchParam[]> Parameters = new Dictionary<string, FhirSearchParam[]>(StringComparer.Ordinal)
    {
        ["Organization"] =
        [
            new("_id", "token", "Id logique (FINESS pour un établissement, fsmr-ACRONYME pour une filière, identifiant du réseau CRMR)."),
            new("name", "string", "Nom (début, sans casse ni accents ; :contains, :exact)."),
            new("identifier", "token", "FINESS (système https://finess.esante.gouv.fr), idNatSt (urn:oid:1.2.250.1.71.4.2.2) ou identifiant Maillage (urn:maillage:structure)."),
            new("address-postalcode", "string", "Code postal de l'adresse (début)."),
        ],
        ["HealthcareService"] =
        [
            new("_id", "token", "Id logique (identifiant du centre)."),
            new("name", "string", "Nom du centre (début, sans casse ni accents ; :contains, :exact)."),
            new("identifier", "token", "Identifiant Maillage du centre (urn:maillage:structure)."),
            new("service-type", "token", "ORPHAcode (système http://www.orpha.net) du périmètre ; :above : labellisé pour ce code ou un groupe au-dessus ; :below : ce code ou un code en dessous."),
        ],
        ["Location"] =
        [
            new("_id", "token", "Id logique (FINESS de l'établissement géographique)."),
            new("name", "string", "Nom (début, sans casse ni accents ; :contains, :exact)."),
            new("identifier", "token", "FINESS (système https://finess.esante.gouv.fr)."),
            new("address-postalcode", "string", "Code postal (début)."),
        ],
    };

    /// <summary>Result parameters understood besides the search parameters.</summary>
    public static readonly string[] Control = ["_count", "_offset", "_format"];

    public sealed record Criterion(string Name, string? Modifier, string Value);

    /// <summary>Checks the query against the supported parameters; returns the criteria or an error message.</summary>
    public static (List<Criterion>? Criteria, string? Error) Parse(string type, IEnumerable<KeyValuePair<string, string>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var supported = Parameters[type];
        var criteria = new List<Criterion>();
        foreach (var (key, value) in query)
        {
            if (Control.Contains(key, StringComparer.Ordinal)) continue;
            var colon = key.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? key : key[..colon];
            var modifier = colon < 0 ? null : key[(colon + 1)..];
            var p = supported.FirstOrDefault(x => x.Name == name);
            if (p is null)
                return (null, $"Paramètre de recherche « {name} » non pris en charge pour {type}. Pris en charge : {string.Join(", ", supported.Select(x => x.Name))}.");
            var allowed = p.Type == "string" ? new[] { "contains", "exact" } : name == "service-type" ? ["above", "below"] : [];
            if (modifier is not null && !allowed.Contains(modifier, StringComparer.Ordinal))
                return (null, $"Modificateur « :{modifier} » non pris en charge pour « {name} ».");
            if (string.IsNullOrWhiteSpace(value)) return (null, $"Paramètre « {key} » vide.");
            criteria.Add(new Criterion(name, modifier, value));
        }
        return (criteria, null);
    }

    public static string Fold(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s.Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    private static bool MatchString(string? actual, string? modifier, string wanted)
    {
        if (actual is null) return false;
        if (modifier == "exact") return string.Equals(actual, wanted, StringComparison.Ordinal);
        var a = Fold(actual);
        var w = Fold(wanted.Trim());
        return modifier == "contains" ? a.Contains(w, StringComparison.Ordinal) : a.StartsWith(w, StringComparison.Ordinal);
    }

    private static bool MatchToken(IEnumerable<(string? System, string Value)> identifiers, string wanted)
    {
        var bar = wanted.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0) return identifiers.Any(i => i.Value == wanted);
        var system = wanted[..bar];
        var code = wanted[(bar + 1)..];
        return identifiers.Any(i => (system.Length == 0 ? i.System is null : i.System == system) && (code.Length == 0 || i.Value == code));
    }

    /// <summary>An ORPHAcode from a token value: "558", "ORPHA:558" or "http://www.orpha.net|558"; null otherwise.</summary>
    public static int? OrphaCode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        if (bar >= 0)
        {
            if (bar > 0 && value[..bar] != FhirSystems.Orpha) return null;
            value = value[(bar + 1)..];
        }
        if (value.StartsWith("ORPHA:", StringComparison.OrdinalIgnoreCase)) value = value[6..];
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    public static bool Matches(FhirEntry e, Criterion c, OrphaGraph graph)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(graph);
        // a comma separates alternatives (OR)
        var values = c.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return values.Any(v => c.Name switch
        {
            "_id" => e.Id == v,
            "name" => MatchString(e.Name, c.Modifier, v),
            "address-postalcode" => MatchString(e.PostalCode, c.Modifier, v),
            "identifier" => MatchToken(e.Identifiers, v),
            "service-type" => OrphaCode(v) is { } code && c.Modifier switch
            {
                "above" => graph.SelfAndAncestors(code).Any(x => e.OrphaCodes.Contains(x)),
                "below" => e.OrphaCodes.Contains(code) || graph.Descendants(code).Any(x => e.OrphaCodes.Contains(x)),
                _ => e.OrphaCodes.Contains(code),
            },
            _ => false,
        });
    }
}
