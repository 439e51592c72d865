using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Shared;

/// <summary>Parsing and checks shared by the edit forms (server side; messages in French).</summary>
public static class FormInput
{
    /// <summary>Trimmed text, or null when empty.</summary>
    public static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>An http(s) address to show as a link, or null (never a javascript: or relative link).</summary>
    public static string? SafeUrl(string? s) =>
        Uri.TryCreate(s?.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? u.AbsoluteUri : null;

    public static string? UrlError(string? s) =>
        Text(s) is null || SafeUrl(s) is not null ? null : "L'adresse doit commencer par https:// ou http://, par exemple https://www.exemple.fr.";

    public static string? EmailError(string? s)
    {
        var v = Text(s);
        if (v is null) return null;
        var at = v.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < v.Length - 3 && v.IndexOf('.', at) > at + 1 && !v.Contains(' ', StringComparison.Ordinal)
            ? null : "L'adresse électronique doit être au format nom@domaine.fr.";
    }

    /// <summary>A decimal typed with a comma or a dot.</summary>
    public static bool TryDecimal(string? s, out double value) =>
        double.TryParse(s?.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>ORPHA codes separated by spaces, commas, semicolons or new lines, with or without "ORPHA:".</summary>
    public static (List<int> Codes, List<string> Invalid) OrphaCodes(string? s)
    {
        var codes = new List<int>();
        var invalid = new List<string>();
        foreach (var raw in (s ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var token = raw.StartsWith("ORPHA:", StringComparison.OrdinalIgnoreCase) ? raw[6..] : raw;
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code > 0)
            {
                if (!codes.Contains(code)) codes.Add(code);
            }
            else invalid.Add(raw);
        }
        return (codes, invalid);
    }

    /// <summary>Options of a select over an enum, labelled in French, valued by the enum name.</summary>
    public static List<SelectListItem> Options<T>(Func<T, string> label) where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => new SelectListItem(label(v), v.ToString())).ToList();
}
