using Ganss.Xss;
using Markdig;
using Markdig.Syntax;

namespace LifeTimeCircle.Infrastructure.Cms;

/// <summary>
/// The one renderer of article text (ADR 0017): Markdown (with a small HTML subset) → HTML with Markdig, then cleaned by
/// HtmlSanitizer with an explicit allow-list, once, on save. Preview and public pages show the stored result as it is,
/// through one partial (Pages/Shared/_ArticleBody.cshtml).
/// Allowed: headings h2–h4 (Markdown headings are renumbered from h2 without gaps, the page's title is the h1), paragraphs, lists,
/// emphasis, blockquote, code, tables, line breaks, rules and links (http, https, mailto and the app's own paths);
/// links to other sites get <c>rel="noopener nofollow"</c>. Images are allowed only from the app's own approved
/// uploads; the app has no article images yet (the cover image is not built), so every image is removed.
/// </summary>
public sealed class ArticleHtml
{
    private static readonly string[] Tags =
    [
        "h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "a", "em", "strong", "del", "blockquote", "code", "pre",
        "table", "thead", "tbody", "tr", "th", "td",
    ];

    private static readonly string[] Attributes = ["href", "title", "colspan", "rowspan"];

    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
        .Build();

    private readonly HtmlSanitizer _sanitizer;
    private readonly string _ownHost;

    public ArticleHtml(LtcEnvironment environment)
    {
        _ownHost = environment.PublicUrl.Host;
        _sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(Attributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        })
        {
            KeepChildNodes = false,
            AllowDataAttributes = false,
        };
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link) MarkExternal(link);
        };
    }

    /// <summary>Markdown → sanitised HTML (what is stored and shown).</summary>
    public string Render(string markdown)
    {
        var document = Markdown.Parse(markdown, _pipeline);
        // Headings start at h2 (the page title is the h1) and never skip a level: the levels used, in order, become 2, 3, 4.
        var headings = document.Descendants<HeadingBlock>().ToList();
        var levels = headings.Select(h => h.Level).Distinct().Order().ToList();
        foreach (var heading in headings)
        {
            heading.Level = Math.Min(4, 2 + levels.IndexOf(heading.Level));
        }
        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        _pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return Sanitize(writer.ToString());
    }

    /// <summary>The allow-list alone (also applied to whatever HTML the Markdown carried).</summary>
    public string Sanitize(string html) => _sanitizer.Sanitize(html).Trim();

    private void MarkExternal(AngleSharp.Dom.IElement link)
    {
        var href = link.GetAttribute("href");
        if (href is null) return;
        // Relative paths stay in the app (a rooted path parses as an absolute file: URI on Unix, hence the scheme check);
        // "//host" and "/\host" leave it in a browser.
        var external = href.StartsWith("//", StringComparison.Ordinal) || href.StartsWith("/\\", StringComparison.Ordinal) || href.StartsWith('\\')
            || (Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme != Uri.UriSchemeFile
                && !(uri.Scheme is "http" or "https" && string.Equals(uri.Host, _ownHost, StringComparison.OrdinalIgnoreCase)));
        if (external) link.SetAttribute("rel", "noopener nofollow");
        else link.RemoveAttribute("rel");
    }
}
