using System.Net;
using System.Text.RegularExpressions;

namespace Maillage.Testing;

/// <summary>
/// A form of a served page, as a browser would submit it: its action and its successful controls (text inputs,
/// checked boxes, selected options, textareas, hidden fields such as the antiforgery token), in document order.
/// Regex-based, for the markup our own tag helpers write (double-quoted attributes); not a general HTML parser.
/// </summary>
public sealed partial class HtmlForm
{
    public const string AntiforgeryField = "__RequestVerificationToken";

    private HtmlForm(string? action, string method, string inner, List<KeyValuePair<string, string>> fields)
    {
        Action = action;
        Method = method;
        Inner = inner;
        Fields = fields;
    }

    /// <summary>The <c>action</c> attribute (decoded), or null when the form posts back to its page.</summary>
    public string? Action { get; }

    public string Method { get; }

    /// <summary>The form's inner HTML.</summary>
    public string Inner { get; }

    public List<KeyValuePair<string, string>> Fields { get; }

    public string? this[string name] => Fields.FirstOrDefault(f => f.Key == name).Value;

    public bool Has(string name) => Fields.Any(f => f.Key == name);

    /// <summary>Replaces the value of a field (the first one of that name; added when absent).</summary>
    public HtmlForm Set(string name, string value)
    {
        var i = Fields.FindIndex(f => f.Key == name);
        if (i < 0) Fields.Add(new(name, value));
        else Fields[i] = new(name, value);
        return this;
    }

    public FormUrlEncodedContent Content() => new(Fields);

    /// <summary>Every form of the page.</summary>
    public static IReadOnlyList<HtmlForm> All(string html) =>
        FormRegex().Matches(html).Select(m =>
        {
            var attrs = Attributes(m.Groups[1].Value);
            var inner = m.Groups[2].Value;
            return new HtmlForm(attrs.GetValueOrDefault("action"), attrs.GetValueOrDefault("method") ?? "get", inner, Controls(inner));
        }).ToList();

    /// <summary>The page's own POST form (no action, or one pointing at the page): the edit form, the sign-in form...</summary>
    public static HtmlForm PostBack(string html) =>
        All(html).LastOrDefault(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase)
            && (string.IsNullOrEmpty(f.Action) || f.Action.StartsWith('?')))
        ?? throw new InvalidOperationException("No post-back form in the page:\n" + Shorten(html));

    /// <summary>The antiforgery request token of the first form that carries one.</summary>
    public static string AntiforgeryToken(string html) =>
        All(html).Select(f => f[AntiforgeryField]).FirstOrDefault(t => t is not null)
        ?? throw new InvalidOperationException("No antiforgery token in the page:\n" + Shorten(html));

    /// <summary>
    /// The error messages shown next to a field written by the <c>dsfr-field</c> tag helper (its
    /// <c>fr-error-text</c> paragraphs), or an empty list; fails if messages exist but the field's group is not marked
    /// <c>fr-input-group--error</c> / <c>fr-select-group--error</c> / <c>fr-checkbox-group--error</c>.
    /// </summary>
    public static IReadOnlyList<string> FieldErrors(string html, string fieldName)
    {
        var id = fieldName.Replace('.', '-');
        var control = html.IndexOf($"name=\"{fieldName}\"", StringComparison.Ordinal);
        if (control < 0) throw new InvalidOperationException($"No field {fieldName} in the page.");
        var group = html.LastIndexOf("<div class=\"fr-", control, StringComparison.Ordinal);
        var groupClass = Attributes(html[group..html.IndexOf('>', group)]).GetValueOrDefault("class") ?? "";
        var messages = Regex.Match(html, $"""<div\b[^>]*\bid="{Regex.Escape(id)}-messages"[^>]*>(.*?)</div>""", RegexOptions.Singleline);
        var errors = messages.Success
            ? ErrorTextRegex().Matches(messages.Groups[1].Value).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).ToList()
            : [];
        if (errors.Count > 0 && !groupClass.Contains("-group--error", StringComparison.Ordinal))
            throw new InvalidOperationException($"{fieldName} has messages but its group is not in error: class=\"{groupClass}\"");
        return errors;
    }

    private static string Shorten(string html) => html.Length > 2000 ? html[..2000] + "…" : html;

    private static List<KeyValuePair<string, string>> Controls(string inner)
    {
        var controls = new List<(int Index, string Name, string Value)>();
        foreach (Match m in InputRegex().Matches(inner))
        {
            var a = Attributes(m.Groups[1].Value);
            if (a.GetValueOrDefault("name") is not { } name || a.ContainsKey("disabled")) continue;
            var type = (a.GetValueOrDefault("type") ?? "text").ToLowerInvariant();
            if (type is "submit" or "button" or "image" or "reset" or "file") continue;
            if (type is "checkbox" or "radio" && !a.ContainsKey("checked")) continue;
            controls.Add((m.Index, name, a.GetValueOrDefault("value") ?? (type is "checkbox" or "radio" ? "on" : "")));
        }
        foreach (Match m in SelectRegex().Matches(inner))
        {
            var a = Attributes(m.Groups[1].Value);
            if (a.GetValueOrDefault("name") is not { } name) continue;
            var options = OptionRegex().Matches(m.Groups[2].Value).Select(o => (Attrs: Attributes(o.Groups[1].Value), Text: o.Groups[2].Value)).ToList();
            var chosen = options.FirstOrDefault(o => o.Attrs.ContainsKey("selected"));
            if (chosen.Attrs is null && options.Count > 0) chosen = options[0];
            if (chosen.Attrs is null) continue;
            controls.Add((m.Index, name, chosen.Attrs.GetValueOrDefault("value") ?? WebUtility.HtmlDecode(chosen.Text).Trim()));
        }
        foreach (Match m in TextareaRegex().Matches(inner))
        {
            var a = Attributes(m.Groups[1].Value);
            if (a.GetValueOrDefault("name") is not { } name) continue;
            controls.Add((m.Index, name, WebUtility.HtmlDecode(m.Groups[2].Value)));
        }
        return controls.OrderBy(c => c.Index).Select(c => new KeyValuePair<string, string>(c.Name, c.Value)).ToList();
    }

    private static Dictionary<string, string> Attributes(string text)
    {
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in AttributeRegex().Matches(text))
            d.TryAdd(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Success ? m.Groups[4].Value : ""));
        return d;
    }

    [GeneratedRegex("""<p class="fr-error-text"[^>]*>(.*?)</p>""", RegexOptions.Singleline)]
    private static partial Regex ErrorTextRegex();

    [GeneratedRegex("""<form\b([^>]*)>(.*?)</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormRegex();

    [GeneratedRegex("""<input\b([^>]*?)/?>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InputRegex();

    [GeneratedRegex("""<select\b([^>]*)>(.*?)</select>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SelectRegex();

    [GeneratedRegex("""<option\b([^>]*)>(.*?)</option>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex OptionRegex();

    [GeneratedRegex("""<textarea\b([^>]*)>(.*?)</textarea>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextareaRegex();

    [GeneratedRegex("""([\w:-]+)(\s*=\s*(?:"([^"]*)"|'([^']*)'))?""", RegexOptions.Singleline)]
    private static partial Regex AttributeRegex();
}
