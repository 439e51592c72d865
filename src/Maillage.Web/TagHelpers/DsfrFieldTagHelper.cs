using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Maillage.Web.TagHelpers;

/// <summary>
/// A DSFR form field bound to a page property: label (+ hint), input, select or checkbox, and the server-side
/// error messages of its ModelState entry (<c>fr-input-group--error</c> + <c>fr-error-text</c>), linked to the
/// control by <c>aria-describedby</c>. Usage: <c>&lt;dsfr-field for="Input.Name" label="Nom" /&gt;</c>.
/// </summary>
[HtmlTargetElement("dsfr-field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class DsfrFieldTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = default!;

    [HtmlAttributeName("label")]
    public string Label { get; set; } = "";

    [HtmlAttributeName("hint")]
    public string? Hint { get; set; }

    /// <summary>text, email, tel, url, date, number, password, textarea, select, checkbox.</summary>
    [HtmlAttributeName("type")]
    public string Type { get; set; } = "text";

    [HtmlAttributeName("options")]
    public IEnumerable<SelectListItem>? Options { get; set; }

    [HtmlAttributeName("required")]
    public bool Required { get; set; }

    [HtmlAttributeName("autocomplete")]
    public string? Autocomplete { get; set; }

    [HtmlAttributeName("inputmode")]
    public string? InputMode { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = For.Name;
        var id = name.Replace('.', '-').Replace('[', '-').Replace(']', '-');
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var errors = state?.Errors.Select(e => e.ErrorMessage).Where(m => !string.IsNullOrEmpty(m)).ToList() ?? [];
        var value = state?.AttemptedValue ?? Format(For.Model);
        var hasError = errors.Count > 0;
        var messagesId = id + "-messages";

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.Clear();

        if (Type == "checkbox")
        {
            output.Attributes.SetAttribute("class", "fr-checkbox-group" + (hasError ? " fr-checkbox-group--error" : ""));
            var box = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
            box.Attributes["type"] = "checkbox";
            box.Attributes["id"] = id;
            box.Attributes["name"] = name;
            box.Attributes["value"] = "true";
            box.Attributes["aria-describedby"] = messagesId;
            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || For.Model is true) box.Attributes["checked"] = "checked";
            output.Content.AppendHtml(box);
            output.Content.AppendHtml(LabelTag(id));
            output.Content.AppendHtml(Messages(messagesId, errors));
            var hidden = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
            hidden.Attributes["type"] = "hidden";
            hidden.Attributes["name"] = name;
            hidden.Attributes["value"] = "false";
            output.PostElement.AppendHtml(hidden);
            return;
        }

        var isSelect = Type == "select";
        var group = isSelect ? "fr-select-group" : "fr-input-group";
        output.Attributes.SetAttribute("class", group + (hasError ? " " + group + "--error" : ""));
        output.Content.AppendHtml(LabelTag(id));

        TagBuilder control;
        if (isSelect)
        {
            control = new TagBuilder("select");
            control.AddCssClass("fr-select" + (hasError ? " fr-select--error" : ""));
            foreach (var o in Options ?? [])
            {
                var option = new TagBuilder("option");
                option.Attributes["value"] = o.Value;
                if (string.Equals(o.Value, value, StringComparison.Ordinal)) option.Attributes["selected"] = "selected";
                option.InnerHtml.Append(o.Text);
                control.InnerHtml.AppendHtml(option);
            }
        }
        else if (Type == "textarea")
        {
            control = new TagBuilder("textarea");
            control.AddCssClass("fr-input" + (hasError ? " fr-input--error" : ""));
            control.Attributes["rows"] = "4";
            control.InnerHtml.Append(value ?? "");
        }
        else
        {
            control = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
            control.AddCssClass("fr-input" + (hasError ? " fr-input--error" : ""));
            control.Attributes["type"] = Type;
            control.Attributes["value"] = value ?? "";
        }
        control.Attributes["id"] = id;
        control.Attributes["name"] = name;
        control.Attributes["aria-describedby"] = messagesId;
        if (hasError) control.Attributes["aria-invalid"] = "true";
        if (Required) control.Attributes["required"] = "required";
        if (Autocomplete is not null) control.Attributes["autocomplete"] = Autocomplete;
        if (InputMode is not null) control.Attributes["inputmode"] = InputMode;
        output.Content.AppendHtml(control);
        output.Content.AppendHtml(Messages(messagesId, errors));
    }

    private TagBuilder LabelTag(string id)
    {
        var label = new TagBuilder("label");
        label.AddCssClass("fr-label");
        label.Attributes["for"] = id;
        label.InnerHtml.Append(Label);
        if (Required) label.InnerHtml.Append(" (obligatoire)");
        if (!string.IsNullOrEmpty(Hint))
        {
            var hint = new TagBuilder("span");
            hint.AddCssClass("fr-hint-text");
            hint.InnerHtml.Append(Hint);
            label.InnerHtml.AppendHtml(hint);
        }
        return label;
    }

    private static TagBuilder Messages(string id, List<string> errors)
    {
        var div = new TagBuilder("div");
        div.AddCssClass("fr-messages-group");
        div.Attributes["id"] = id;
        div.Attributes["aria-live"] = "polite";
        foreach (var e in errors)
        {
            var p = new TagBuilder("p");
            p.AddCssClass("fr-error-text");
            p.InnerHtml.Append(e);
            div.InnerHtml.AppendHtml(p);
        }
        return div;
    }

    private static string? Format(object? model) => model switch
    {
        null => null,
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => model.ToString(),
    };
}
