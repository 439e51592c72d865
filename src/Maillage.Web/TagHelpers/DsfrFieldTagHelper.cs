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

    /// <summary>
    /// Makes a text field a search-as-you-type picker (docs/pickers.md): the suggestions route under
    /// <c>/api/v1/suggestions/</c> (<c>centres</c>, <c>people</c>, <c>establishments</c>, <c>networks</c>, <c>filieres</c>,
    /// <c>regions</c>, <c>associations</c>, <c>accounts</c>). wwwroot/js/picker.js turns it into an ARIA combobox that
    /// shows names and sends the chosen id; without scripts the field still takes the id or code, with a link to the list.
    /// </summary>
    [HtmlAttributeName("picker")]
    public string? Picker { get; set; }

    /// <summary>The name of the field's current value (shown instead of the id by the picker).</summary>
    [HtmlAttributeName("picker-label")]
    public string? PickerLabel { get; set; }

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
        output.Attributes.SetAttribute("class", group + (hasError ? " " + group + "--error" : "") + (Picker is null ? "" : " maillage-combobox"));
        if (Picker is not null)
        {
            output.Attributes.SetAttribute("data-picker", Picker);
            output.Attributes.SetAttribute("data-suggest-url", Routes.Api.Suggestions + "/" + Picker);
        }
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
        if (Picker is not null) AppendPicker(output, id, control, value);
        output.Content.AppendHtml(Messages(messagesId, errors));
    }

    /// <summary>The listbox and live status the picker script fills, and the link to the list for browsers without scripts.</summary>
    private void AppendPicker(TagHelperOutput output, string id, TagBuilder control, string? value)
    {
        control.Attributes["autocomplete"] = "off";
        control.Attributes["spellcheck"] = "false";
        if (!string.IsNullOrEmpty(PickerLabel) && !string.IsNullOrEmpty(value)) control.Attributes["data-picker-label"] = PickerLabel;
        var list = new TagBuilder("ul");
        list.AddCssClass("maillage-listbox");
        list.Attributes["id"] = id + "-suggestions";
        list.Attributes["role"] = "listbox";
        list.Attributes["aria-label"] = "Suggestions : " + Label;
        list.Attributes["hidden"] = "hidden";
        output.Content.AppendHtml(list);
        var status = new TagBuilder("p");
        status.AddCssClass("fr-sr-only");
        status.Attributes["id"] = id + "-statut";
        status.Attributes["role"] = "status";
        status.Attributes["aria-live"] = "polite";
        output.Content.AppendHtml(status);
        if (ListPage(Picker!) is { } page)
        {
            var fallback = new TagBuilder("p");
            fallback.AddCssClass("fr-hint-text maillage-picker-fallback");
            var link = new TagBuilder("a");
            link.AddCssClass("fr-link fr-link--sm");
            link.Attributes["href"] = page.Href;
            link.InnerHtml.Append(page.Text);
            fallback.InnerHtml.AppendHtml(link);
            output.Content.AppendHtml(fallback);
        }
    }

    /// <summary>Where a person without scripts finds the id or code to type.</summary>
    private static (string Href, string Text)? ListPage(string picker) => picker switch
    {
        "centres" => (Routes.Pages.Structures, "Chercher l'identifiant dans la liste des structures"),
        "establishments" => (Routes.Pages.Structures, "Chercher le FINESS dans la liste des structures"),
        "networks" => (Routes.Pages.Networks, "Chercher l'identifiant dans la liste des réseaux"),
        "filieres" => (Routes.Pages.Filieres, "Voir la liste des filières et leurs sigles"),
        "associations" => (Routes.Pages.Associations, "Chercher l'identifiant dans la liste des associations"),
        _ => null,
    };

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
