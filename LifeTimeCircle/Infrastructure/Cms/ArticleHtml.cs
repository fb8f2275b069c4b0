using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Microsoft.AspNetCore.Routing;

namespace LifeTimeCircle.Infrastructure.Cms;

/// <summary>
/// The one renderer of article text (ADR 0017): Markdown (with a small HTML subset) → HTML with Markdig, then cleaned by
/// HtmlSanitizer with an explicit allow-list, once, on save. Preview and public pages show the stored result as it is,
/// through one partial (Pages/Shared/_ArticleBody.cshtml).
/// Allowed: headings h2–h4 (Markdown headings are renumbered from h2 without gaps, the page's title is the h1), paragraphs, lists,
/// emphasis, blockquote, code, tables, line breaks, rules and links (http, https, mailto and the app's own paths);
/// links to other sites get <c>rel="noopener nofollow"</c>. Images (ADR 0024) only as <c>![Beschreibung](bild:ID)</c> where ID is
/// one of this article's own images that passed the check (<see cref="ArticleImageRef"/>, given by the caller) and the
/// description (alt text) is not empty: such an image is written anew from our own values (src, srcset 320/1024, sizes,
/// width, height, loading="lazy"); every other image — another site's, <c>javascript:</c>, <c>data:</c>, another
/// article's, one still being checked or refused, one without alt text — is removed, and a link to <c>bild:</c> loses its target.
/// </summary>
public sealed class ArticleHtml
{
    /// <summary>The scheme of an article image reference in Markdown: <c>![Alt](bild:ID)</c>.</summary>
    public const string ImageScheme = "bild";

    private static readonly string[] Tags =
    [
        "h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "a", "em", "strong", "del", "blockquote", "code", "pre",
        "table", "thead", "tbody", "tr", "th", "td",
        // Only to reach the post-processing, which keeps an image solely as a checked image of this article (ADR 0024).
        "img",
    ];

    private static readonly string[] Attributes = ["href", "title", "colspan", "rowspan", "src", "alt"];

    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
        .Build();

    private readonly string _ownHost;
    private readonly LinkGenerator _links;

    public ArticleHtml(LtcEnvironment environment, LinkGenerator links)
    {
        _ownHost = environment.PublicUrl.Host;
        _links = links;
    }

    /// <summary>A sanitiser for one rendering: its post-processing knows this article's checked images.</summary>
    private HtmlSanitizer Sanitizer(IReadOnlyDictionary<string, ArticleImageRef> images)
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(Attributes, StringComparer.OrdinalIgnoreCase),
            // "bild" only so that an image reference reaches the post-processing below, which decides about it.
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto", ImageScheme], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        })
        {
            KeepChildNodes = false,
            AllowDataAttributes = false,
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            switch (e.Node)
            {
                case AngleSharp.Dom.IElement { LocalName: "a" } link:
                    if (IsImageReference(link.GetAttribute("href"))) link.RemoveAttribute("href");
                    MarkExternal(link);
                    break;
                case AngleSharp.Dom.IElement { LocalName: "img" } img:
                    if (Checked(img, images) is { } image) Rewrite(img, image);
                    else img.Remove();
                    break;
            }
        };
        return sanitizer;
    }

    private static bool IsImageReference(string? url) => url is not null && url.TrimStart().StartsWith(ImageScheme + ":", StringComparison.OrdinalIgnoreCase);

    /// <summary>The image an <c>img</c> names, if it is exactly <c>bild:ID</c> of this article's checked images and has alt text.</summary>
    private static ArticleImageRef? Checked(AngleSharp.Dom.IElement img, IReadOnlyDictionary<string, ArticleImageRef> images)
    {
        var src = img.GetAttribute("src");
        if (string.IsNullOrWhiteSpace(img.GetAttribute("alt")) || src is null || !src.StartsWith(ImageScheme + ":", StringComparison.Ordinal)) return null;
        return images.TryGetValue(src[(ImageScheme.Length + 1)..], out var image) ? image : null;
    }

    /// <summary>Only our own attributes stay: the author's alt text and the values of the checked image.</summary>
    private void Rewrite(AngleSharp.Dom.IElement img, ArticleImageRef image)
    {
        var alt = img.GetAttribute("alt")!.Trim();
        foreach (var name in img.Attributes.Select(a => a.Name).ToList()) img.RemoveAttribute(name);
        img.SetAttribute("src", ImagePath(image.PublicId, "1024"));
        if (image.LargeWidth > image.SmallWidth)
        {
            img.SetAttribute("srcset", $"{ImagePath(image.PublicId, "320")} {image.SmallWidth}w, {ImagePath(image.PublicId, "1024")} {image.LargeWidth}w");
            img.SetAttribute("sizes", $"(max-width: {image.LargeWidth}px) 100vw, {image.LargeWidth}px");
        }
        img.SetAttribute("width", image.LargeWidth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        img.SetAttribute("height", image.LargeHeight.ToString(System.Globalization.CultureInfo.InvariantCulture));
        img.SetAttribute("alt", alt);
        img.SetAttribute("loading", "lazy");
        img.SetAttribute("decoding", "async");
    }

    /// <summary>The served preview of an article image (format negotiated by the page), a path of the app.</summary>
    public string ImagePath(string imagePublicId, string width) =>
        _links.GetPathByPage(ImagePage, handler: null, new { imageId = imagePublicId, width })
        ?? throw new InvalidOperationException("Keine URL für " + ImagePage);

    /// <summary>The page that serves article images (Pages/Artikelbilder/Datei).</summary>
    public const string ImagePage = "/Artikelbilder/Datei";

    /// <summary>Markdown → sanitised HTML (what is stored and shown).</summary>
    public string Render(string markdown) => Render(markdown, []);

    /// <summary>Markdown → sanitised HTML with the article's checked images (<paramref name="images"/>: Ready images of this article only).</summary>
    public string Render(string markdown, IReadOnlyCollection<ArticleImageRef> images)
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
        return Sanitize(writer.ToString(), images);
    }

    /// <summary>The allow-list alone (also applied to whatever HTML the Markdown carried).</summary>
    public string Sanitize(string html) => Sanitize(html, []);

    public string Sanitize(string html, IReadOnlyCollection<ArticleImageRef> images) =>
        Sanitizer(images.ToDictionary(i => i.PublicId, StringComparer.Ordinal)).Sanitize(html).Trim();

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

/// <summary>A checked (Ready) image of one article: its id, alt text and preview sizes (ADR 0024).</summary>
public sealed record ArticleImageRef(string PublicId, string AltText, int SmallWidth, int SmallHeight, int LargeWidth, int LargeHeight);
