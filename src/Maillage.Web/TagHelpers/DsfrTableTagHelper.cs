using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Maillage.Web.TagHelpers;

/// <summary>
/// A DSFR table written the short way (<c>&lt;div class="fr-table"&gt;&lt;table&gt;…</c>) gets the DSFR 1.15 structure
/// (wrapper, container, content) on the server, with its scrolling container reachable by keyboard: <c>tabindex="0"</c>,
/// <c>role="region"</c> and the caption as its name (WCAG 2.1.1; axe-core « scrollable-region-focusable »). Otherwise the
/// DSFR script wraps the table in the browser with a container a keyboard user cannot scroll.
/// </summary>
[HtmlTargetElement("div", Attributes = "class")]
public sealed partial class DsfrTableTagHelper : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var classes = output.Attributes["class"]?.Value?.ToString() ?? "";
        if (!classes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("fr-table", StringComparer.Ordinal)) return;
        var content = (await output.GetChildContentAsync()).GetContent();
        var caption = Caption().Match(content) is { Success: true } m ? WebUtility.HtmlDecode(Tags().Replace(m.Groups[1].Value, "")).Trim() : "";
        var name = WebUtility.HtmlEncode(caption.Length > 0 ? caption : "Tableau");
        if (content.Contains("fr-table__wrapper", StringComparison.Ordinal))
        {
            // Written the long way: only its container needs to be reachable.
            const string container = "<div class=\"fr-table__container\">";
            var at = content.IndexOf(container, StringComparison.Ordinal);
            if (at >= 0)
                output.Content.SetHtmlContent(string.Concat(content.AsSpan(0, at),
                    $"<div class=\"fr-table__container\" tabindex=\"0\" role=\"region\" aria-label=\"{name}\">", content.AsSpan(at + container.Length)));
            return;
        }
        output.Content.SetHtmlContent(
            $"<div class=\"fr-table__wrapper\"><div class=\"fr-table__container\" tabindex=\"0\" role=\"region\" aria-label=\"{name}\"><div class=\"fr-table__content\">"
            + content + "</div></div></div>");
    }

    [GeneratedRegex(@"<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
