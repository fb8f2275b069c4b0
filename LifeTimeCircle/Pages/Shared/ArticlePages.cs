using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Cms;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Shared;

/// <summary>
/// The public blog and news pages (ADR 0017) share their handlers: /Blog and /News are folders of their own (the URL is
/// the folder), each page a two-line subclass naming its kind. Published articles only, anonymous, indexable.
/// </summary>
public abstract class ArticleListModel(ArticleReads reads, PublicUrls urls, ArticleKind kind) : PageModel
{
    public ArticleKind Kind => kind;
    public string Folder => "/" + ArticleWorkflow.KindName(kind);
    public IReadOnlyList<ArticleSummary> Items { get; private set; } = [];
    public bool HasMore { get; private set; }
    public bool IsFirstPage { get; private set; }

    public async Task OnGetAsync(string? vor, CancellationToken ct)
    {
        (Items, HasMore) = await reads.PageAsync(kind, vor, ct);
        IsFirstPage = string.IsNullOrEmpty(vor);
        var name = ArticleWorkflow.KindName(kind);
        var canonical = urls.Page(Folder + "/Index", IsFirstPage ? null : new { vor });
        ViewData["Title"] = name;
        ViewData[PageMeta.Key] = new PageMeta(name + " – LifeTimeCircle", Description(kind), canonical,
            Feed: urls.Page(Folder + "/Feed"), FeedTitle: "LifeTimeCircle " + name + " (Atom)");
    }

    public static string Description(ArticleKind kind) => kind == ArticleKind.Blog
        ? "Ratgeber rund um das digitale Serviceheft: Wartung, Nachweise, Trust-Ampel und Fahrzeugverkauf."
        : "Neuigkeiten von LifeTimeCircle · Service Heft 4.0.";
}

public abstract class ArticleModel(ArticleReads reads, PublicUrls urls, ArticleKind kind) : PageModel
{
    public string Folder => "/" + ArticleWorkflow.KindName(kind);
    public PublishedArticle Article { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string artikel, CancellationToken ct)
    {
        var found = await reads.FindAsync(kind, artikel, ct);
        if (found.RedirectTo is { } current) return RedirectToPagePermanent(Folder + "/Artikel", new { artikel = current });
        if (found.Article is null) return NotFound();
        Article = found.Article;
        ViewData["Title"] = Article.Title;
        ViewData[PageMeta.Key] = new PageMeta(Article.Title, Article.Teaser, urls.Page(Folder + "/Artikel", new { artikel = Article.Slug }), "article",
            urls.Page(Folder + "/Feed"), "LifeTimeCircle " + ArticleWorkflow.KindName(kind) + " (Atom)")
        {
            // Link previews: the cover's large JPEG, absolute from LTC_PUBLIC_URL (ADR 0024).
            Image = Article.Cover is { } cover ? urls.Page("/Artikelbilder/Datei", new { imageId = cover.PublicId, width = "1024", format = "jpg" }) : null,
            ImageAlt = Article.Cover?.AltText,
        };
        return Page();
    }
}

public abstract class ArticleFeedModel(AtomFeed feed, ArticleKind kind) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        File(await feed.WriteAsync(kind, ct), "application/atom+xml; charset=utf-8");
}
