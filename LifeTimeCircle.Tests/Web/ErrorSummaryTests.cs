using LifeTimeCircle.Domain;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LifeTimeCircle.Tests.Web;

/// <summary>The error summary links only errors that belong to a field; a domain error without a field stays model-level.</summary>
public sealed class ErrorSummaryTests
{
    private static string Render(ModelStateDictionary state)
    {
        var helper = new ErrorSummaryTagHelper
        {
            ViewContext = new ViewContext { ViewData = new ViewDataDictionary(new EmptyModelMetadataProvider(), state) },
        };
        var output = new TagHelperOutput("error-summary", [], (_, _) => Task.FromResult<TagHelperContent>(new DefaultTagHelperContent()));
        helper.Process(new TagHelperContext([], new Dictionary<object, object>(), "id"), output);
        return output.Content.GetContent();
    }

    [Fact]
    public void An_error_under_a_bare_prefix_is_listed_without_a_link_to_a_missing_field()
    {
        var state = new ModelStateDictionary();
        state.AddModelError("Input.", "Nur die neueste Fassung kann korrigiert werden.");
        state.AddModelError("Input.Vin", "Bitte geben Sie die FIN ein.");

        var html = Render(state);

        Assert.DoesNotContain("href=\"#Input_\"", html, StringComparison.Ordinal);
        Assert.Contains("<li>Nur die neueste Fassung kann korrigiert werden.</li>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#Input_Vin\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_domain_error_goes_to_its_field_or_else_to_the_model()
    {
        var state = new ModelStateDictionary();
        state.AddDomainError(new DomainException("Bitte geben Sie die Marke an.", "Make"));
        state.AddDomainError(new DomainException("Nur die neueste Fassung kann korrigiert werden."));

        Assert.Equal("Bitte geben Sie die Marke an.", state["Input.Make"]!.Errors.Single().ErrorMessage);
        Assert.Equal("Nur die neueste Fassung kann korrigiert werden.", state[""]!.Errors.Single().ErrorMessage);
    }
}
