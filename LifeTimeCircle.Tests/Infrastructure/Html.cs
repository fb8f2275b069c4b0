using System.Net;
using System.Text.RegularExpressions;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace LifeTimeCircle.Tests.Infrastructure;

/// <summary>AngleSharp helpers: read pages and submit their real forms (antiforgery token included).</summary>
public static partial class Html
{
    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        var content = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        var document = await context.OpenAsync(req => req.Content(content).Address(response.RequestMessage?.RequestUri ?? new Uri("http://localhost/")));
        return (IHtmlDocument)document;
    }

    public static async Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return (response, await ParseAsync(response));
    }

    /// <summary>Submits a form of the document: its fields as rendered, overridden by <paramref name="values"/>.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, IHtmlDocument document, IDictionary<string, string> values,
        string formSelector = "main form[method=post]", string? submitButtonSelector = null)
    {
        var form = document.QuerySelector<IHtmlFormElement>(formSelector)
            ?? throw new InvalidOperationException($"Kein Formular '{formSelector}' in:\n{document.DocumentElement.OuterHtml}");
        return SubmitFormAsync(client, form, values, submitButtonSelector);
    }

    public static async Task<HttpResponseMessage> SubmitFormAsync(HttpClient client, IHtmlFormElement form, IDictionary<string, string> values,
        string? submitButtonSelector = null)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name):
                    if (input.Type is "checkbox" or "radio")
                    {
                        if (values.ContainsKey(input.Name)) continue;
                        if (input.IsChecked) fields.Add(new(input.Name, input.Value));
                    }
                    else if (input.Type is not ("submit" or "button" or "file"))
                    {
                        if (!values.ContainsKey(input.Name)) fields.Add(new(input.Name, input.Value));
                    }
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !values.ContainsKey(select.Name):
                    fields.Add(new(select.Name, select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !values.ContainsKey(area.Name):
                    fields.Add(new(area.Name, area.Value));
                    break;
            }
        }
        fields.AddRange(values);
        var action = form.GetAttribute("action");
        if (submitButtonSelector is not null)
        {
            var button = form.QuerySelector(submitButtonSelector) ?? throw new InvalidOperationException("Button fehlt: " + submitButtonSelector);
            action = button.GetAttribute("formaction") ?? action;
        }
        var target = string.IsNullOrEmpty(action) ? form.BaseUri : new Uri(new Uri(form.BaseUri), action).ToString();
        var uri = new Uri(target);
        var request = new HttpRequestMessage(HttpMethod.Post, uri.PathAndQuery) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request);
    }

    public static string Text(IDocument document) => Whitespace().Replace(document.Body?.TextContent ?? "", " ").Trim();

    public static async Task<string> DescribeAsync(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.Headers.Location}\n{await response.Content.ReadAsStringAsync()}";

    public static void AssertRedirect(HttpResponseMessage response, string expectedPathStart)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"Erwartet Redirect, war {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith(expectedPathStart, location.StartsWith("http", StringComparison.Ordinal) ? response.Headers.Location.PathAndQuery : location,
            StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
