using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LifeTimeCircle.Web;

/// <summary>
/// Marks an invalid control: <c>aria-invalid</c>, an error class and <c>aria-describedby</c> pointing at its
/// <see cref="FieldErrorTagHelper"/> message. Runs after the framework's input/select/textarea helpers.
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class AccessibleControlTagHelper : TagHelper
{
    public override int Order => 100;

    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var state = ViewContext.ViewData.ModelState;
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (!state.TryGetValue(name, out var entry) || entry.ValidationState != ModelValidationState.Invalid) return;
        var id = TagBuilder.CreateSanitizedId(name, "_");
        output.Attributes.SetAttribute("aria-invalid", "true");
        var existing = output.Attributes.TryGetAttribute("aria-describedby", out var a) ? AttributeText(a.Value) + " " : "";
        output.Attributes.SetAttribute("aria-describedby", existing + id + "-error");
        output.AddClass("input-error", HtmlEncoder.Default);
    }

    private static string AttributeText(object? value)
    {
        if (value is Microsoft.AspNetCore.Html.IHtmlContent html)
        {
            using var writer = new StringWriter();
            html.WriteTo(writer, HtmlEncoder.Default);
            return writer.ToString();
        }
        return value?.ToString() ?? "";
    }
}

/// <summary>Renders the first error of a field as <c>&lt;span id="{id}-error"&gt;</c>, or nothing.</summary>
[HtmlTargetElement("field-error", Attributes = "asp-for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var state = ViewContext.ViewData.ModelState;
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (!state.TryGetValue(name, out var entry) || entry.Errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("id", TagBuilder.CreateSanitizedId(name, "_") + "-error");
        output.Attributes.SetAttribute("class", "field-error");
        output.Content.SetHtmlContent("<span class=\"visually-hidden\">Fehler: </span>" + HtmlEncoder.Default.Encode(entry.Errors[0].ErrorMessage));
    }
}

/// <summary>
/// GOV.UK-style error summary: a focusable box at the top listing every error, each linking to its field.
/// Errors without a field (key "", or a prefix such as "Input.") are listed without a link.
/// </summary>
[HtmlTargetElement("error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper : TagHelper
{
    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var state = ViewContext.ViewData.ModelState;
        if (state.IsValid)
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "error-summary");
        output.Attributes.SetAttribute("role", "alert");
        output.Attributes.SetAttribute("tabindex", "-1");
        output.Attributes.SetAttribute("aria-labelledby", "error-summary-title");
        output.Attributes.SetAttribute("data-enhance", "error-summary");
        var html = new System.Text.StringBuilder("<h2 id=\"error-summary-title\">Bitte prüfen Sie Ihre Angaben</h2><ul>");
        foreach (var (key, entry) in state.OrderBy(e => e.Key == "" ? 0 : 1))
        {
            foreach (var error in entry?.Errors ?? [])
            {
                var text = HtmlEncoder.Default.Encode(error.ErrorMessage);
                // A key without a field name ("" or "Input.") has nothing to link to.
                html.Append(key.Length == 0 || key.EndsWith('.')
                    ? $"<li>{text}</li>"
                    : $"<li><a href=\"#{TagBuilder.CreateSanitizedId(key, "_")}\">{text}</a></li>");
            }
        }
        html.Append("</ul>");
        output.Content.SetHtmlContent(html.ToString());
    }
}
