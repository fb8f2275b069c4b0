using System.Net;
using System.Xml.Linq;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure.Cms;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LifeTimeCircle.Tests.Redaktion;

/// <summary>The public blog and news pages: slugs, redirects, 404s, what search engines see, the Atom feed, paging and weight.</summary>
public sealed class PublicArticleTests(LtcFactory factory, ITestOutputHelper output) : IClassFixture<LtcFactory>
{
    private const string Author = "oeffentlich-redaktion@example.de";

    private async Task EnsureAuthorAsync()
    {
        if (!await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == Author))) await factory.CreateUserAsync(Author, Roles.Moderator);
    }

    [Fact]
    public async Task Unknown_unpublished_and_malformed_slugs_are_a_plain_404()
    {
        await EnsureAuthorAsync();
        await ArticleSeed.PublishedAsync(factory, Author, ArticleKind.Blog, "nur-im-blog");
        var anonymous = factory.CreateBrowserClient();
        foreach (var url in new[] { "/Blog/gibt-es-nicht", "/News/nur-im-blog", "/Blog/NUR-IM-BLOG", "/Blog/nur_im_blog", "/Blog/%3Cscript%3E", "/Blog/" + new string('a', 200) })
        {
            var response = await anonymous.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/Blog/nur-im-blog")).StatusCode);
    }

    [Fact]
    public async Task A_renamed_article_answers_its_old_slug_with_a_permanent_redirect()
    {
        await EnsureAuthorAsync();
        var id = await ArticleSeed.PublishedAsync(factory, Author, ArticleKind.News, "alter-name");
        var author = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == Author).Select(u => u.Id).SingleAsync());
        using (var scope = factory.Services.CreateScope())
        {
            var editorial = scope.ServiceProvider.GetRequiredService<Editorial>();
            var super = new EditorialActor(author, Roles.Superadmin);
            var article = await editorial.FindAsync(super, id, CancellationToken.None);
            await editorial.UnpublishAsync(super, article!, CancellationToken.None);
            await editorial.EditAsync(super, article!, "neuer-name", new ArticleText("Umbenannt", "Ein Anreißer mit genug Zeichen.", ArticleSeed.Body), CancellationToken.None);
            await editorial.SubmitAsync(super, article!, CancellationToken.None);
            await editorial.ApproveAsync(super, article!, null, CancellationToken.None);
            await editorial.PublishAsync(super, article!, CancellationToken.None);
        }
        var anonymous = factory.CreateBrowserClient();
        var old = await anonymous.GetAsync("/News/alter-name");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal("/News/neuer-name", old.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/News/neuer-name")).StatusCode);

        // The old slug stays taken for other articles of the kind.
        await Assert.ThrowsAsync<DomainException>(() => ArticleSeed.PublishedAsync(factory, Author, ArticleKind.News, "alter-name"));
    }

    [Fact]
    public async Task The_article_page_tells_search_engines_its_title_description_and_canonical_url_from_the_configuration()
    {
        await EnsureAuthorAsync();
        await ArticleSeed.PublishedAsync(factory, Author, ArticleKind.Blog, "fuer-suchmaschinen", "Für Suchmaschinen");
        var request = new HttpRequestMessage(HttpMethod.Get, "/Blog/fuer-suchmaschinen");
        request.Headers.Host = "boese.example";
        var response = await factory.CreateBrowserClient().SendAsync(request);
        var doc = await Html.ParseAsync(response);
        Assert.Equal("Für Suchmaschinen – LifeTimeCircle", doc.Title);
        Assert.Null(doc.QuerySelector("meta[name=robots]"));
        Assert.Equal("Ein Anreißer mit genug Zeichen.", doc.QuerySelector("meta[name=description]")!.GetAttribute("content"));
        Assert.Equal("https://lifetimecircle.example/Blog/fuer-suchmaschinen", doc.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("https://lifetimecircle.example/Blog/fuer-suchmaschinen", doc.QuerySelector("meta[property='og:url']")!.GetAttribute("content"));
        Assert.Equal("article", doc.QuerySelector("meta[property='og:type']")!.GetAttribute("content"));
        Assert.Equal("Für Suchmaschinen", doc.QuerySelector("meta[property='og:title']")!.GetAttribute("content"));
        Assert.Equal("https://lifetimecircle.example/Blog/Feed", doc.QuerySelector("link[rel=alternate][type='application/atom+xml']")!.GetAttribute("href"));
        Assert.DoesNotContain("boese.example", doc.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Single(doc.QuerySelectorAll("h1"));
    }

    [Fact]
    public async Task The_atom_feed_is_valid_atom_with_the_newest_articles()
    {
        await EnsureAuthorAsync();
        await ArticleSeed.PublishedAsync(factory, Author, ArticleKind.News, "im-feed", "Im Feed");
        var response = await factory.CreateBrowserClient().GetAsync("/News/Feed");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(atom + "feed", feed.Name);
        // RFC 4287 §4.1.1: a feed has exactly one id, title and updated, an author (or every entry has one), a self link.
        foreach (var required in new[] { "id", "title", "updated", "author" }) Assert.Single(feed.Elements(atom + required));
        Assert.Equal("https://lifetimecircle.example/News/Feed", feed.Elements(atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!.Value);
        var entries = feed.Elements(atom + "entry").ToList();
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            foreach (var required in new[] { "id", "title", "updated" }) Assert.Single(entry.Elements(atom + required));
            Assert.True(Uri.IsWellFormedUriString(entry.Element(atom + "id")!.Value, UriKind.Absolute));
            Assert.True(DateTimeOffset.TryParse(entry.Element(atom + "updated")!.Value, out _));
            Assert.Equal("html", entry.Element(atom + "content")!.Attribute("type")!.Value);
            ArticleHtmlTests.AssertHarmless(entry.Element(atom + "content")!.Value, "feed");
        }
        var mine = entries.Single(e => e.Element(atom + "title")!.Value == "Im Feed");
        Assert.Equal("https://lifetimecircle.example/News/im-feed", mine.Element(atom + "link")!.Attribute("href")!.Value);
    }

    [Fact]
    public async Task The_list_pages_newest_first_by_keyset()
    {
        await EnsureAuthorAsync();
        for (var i = 1; i <= 12; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(1));
            await ArticleSeed.PublishedAsync(factory, Author, ArticleKind.Blog, $"folge-{i:00}", $"Folge {i:00}");
        }
        var anonymous = factory.CreateBrowserClient();
        var (_, first) = await Html.GetAsync(anonymous, "/Blog");
        var titles = first.QuerySelectorAll(".articles h2").Select(h => h.TextContent).ToList();
        Assert.Equal(ArticleReads.PageSize, titles.Count);
        Assert.Equal("Folge 12", titles[0]);
        var older = first.QuerySelectorAll("a").Single(a => a.TextContent == "Ältere Beiträge").GetAttribute("href")!;
        var (_, second) = await Html.GetAsync(anonymous, older);
        var rest = second.QuerySelectorAll(".articles h2").Select(h => h.TextContent).ToList();
        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(i => $"Folge {i:00}"), titles);
        Assert.Equal(["Folge 02", "Folge 01"], rest.Take(2));
        Assert.DoesNotContain(rest, titles.Contains);
        Assert.Contains("https://lifetimecircle.example/Blog?vor=", second.QuerySelector("link[rel=canonical]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.NotNull(second.QuerySelectorAll("a").SingleOrDefault(a => a.TextContent == "Zu den neuesten Beiträgen"));
    }

    /// <summary>SPEC §17: a first visit of an article transfers ≤ 14 KB compressed in total (HTML, CSS, JS), like the mini-check.</summary>
    [Fact]
    public async Task An_article_stays_within_14_KB_on_a_first_visit()
    {
        await EnsureAuthorAsync();
        await ArticleSeed.PublishedAsync(factory, Author, ArticleKind.Blog, "leichtgewicht");
        var anonymous = factory.CreateBrowserClient();
        var (response, doc) = await Html.GetAsync(anonymous, "/Blog/leichtgewicht");
        long total = PlatformTests.Gzip(await response.Content.ReadAsByteArrayAsync());
        foreach (var asset in doc.QuerySelectorAll("link[rel=stylesheet], script[src], img[src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!)
                     .Where(u => !u.StartsWith("data:", StringComparison.Ordinal)))
        {
            var r = await anonymous.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            total += PlatformTests.Gzip(await r.Content.ReadAsByteArrayAsync());
        }
        output.WriteLine($"BUDGET article total={total}");
        Assert.True(total <= 14 * 1024, $"Artikel erster Besuch: {total} Bytes komprimiert");
    }

    [Fact]
    public async Task The_footer_and_the_home_page_lead_to_blog_and_news()
    {
        var (_, home) = await Html.GetAsync(factory.CreateBrowserClient(), "/");
        foreach (var target in new[] { "/Blog", "/News" })
        {
            Assert.NotNull(home.QuerySelector($"footer a[href='{target}']"));
            Assert.NotNull(home.QuerySelector($"main a[href='{target}']"));
        }
    }
}
