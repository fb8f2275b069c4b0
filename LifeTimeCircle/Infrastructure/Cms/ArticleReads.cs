using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Domain.Images;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Cms;

/// <summary>A published article as lists and feeds show it.</summary>
public sealed record ArticleSummary(string PublicId, string Slug, string Title, string Teaser, DateTimeOffset PublishedAt, DateTimeOffset UpdatedAt,
    ArticleImageRef? Cover = null);

/// <summary>A published article's page.</summary>
public sealed record PublishedArticle(string Slug, string Title, string Teaser, string Html, DateTimeOffset PublishedAt, DateTimeOffset UpdatedAt,
    ArticleImageRef? Cover = null);

/// <summary>What a public slug leads to: the article, a permanent redirect to its current slug, or nothing (404).</summary>
public sealed record SlugLookup(PublishedArticle? Article, string? RedirectTo);

/// <summary>
/// The public reads of blog and news (published articles only): newest first by keyset over (PublishedAt, Id) with the
/// index <c>IX_Articles_Public</c>, an article by slug or former slug, the feed's newest entries.
/// </summary>
public sealed class ArticleReads(AppDbContext db)
{
    public const int PageSize = 10;

    /// <summary>One page of the list, starting after the article <paramref name="before"/> (its public id); HasMore: older ones exist.</summary>
    public async Task<(IReadOnlyList<ArticleSummary> Items, bool HasMore)> PageAsync(ArticleKind kind, string? before, CancellationToken ct)
    {
        var query = Published(kind);
        if (Domain.Vehicles.PublicIds.LooksValid(before))
        {
            var cursor = await Published(kind).Where(a => a.PublicId == before).Select(a => new { a.PublishedAt, a.Id }).SingleOrDefaultAsync(ct);
            if (cursor is not null)
            {
                query = query.Where(a => a.PublishedAt < cursor.PublishedAt || (a.PublishedAt == cursor.PublishedAt && a.Id < cursor.Id));
            }
        }
        var rows = await Summaries(query, PageSize + 1).ToListAsync(ct);
        return (rows.Take(PageSize).ToList(), rows.Count > PageSize);
    }

    /// <summary>The newest articles with their stored HTML (the feed).</summary>
    public async Task<IReadOnlyList<(ArticleSummary Summary, string Html)>> NewestWithHtmlAsync(ArticleKind kind, int count, CancellationToken ct)
    {
        var rows = await Published(kind).OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Take(count)
            .Select(a => new { Summary = new ArticleSummary(a.PublicId, a.Slug, a.Title, a.Teaser, a.PublishedAt!.Value, a.UpdatedAt), a.Html })
            .ToListAsync(ct);
        return rows.Select(r => (r.Summary, r.Html)).ToList();
    }

    public async Task<SlugLookup> FindAsync(ArticleKind kind, string? slug, CancellationToken ct)
    {
        if (!Slug.LooksValid(slug)) return new SlugLookup(null, null);
        var article = await Published(kind).Where(a => a.Slug == slug)
            .Select(a => new PublishedArticle(a.Slug, a.Title, a.Teaser, a.Html, a.PublishedAt!.Value, a.UpdatedAt,
                db.UploadedImages.Where(i => i.ArticleId == a.Id && i.IsCover && i.State == ImageState.Ready)
                    .Select(i => new ArticleImageRef(i.PublicId, i.AltText, i.SmallWidth, i.SmallHeight, i.LargeWidth, i.LargeHeight)).FirstOrDefault()))
            .SingleOrDefaultAsync(ct);
        if (article is not null) return new SlugLookup(article, null);
        var current = await db.ArticleSlugRedirects.AsNoTracking()
            .Where(r => r.Kind == kind && r.Slug == slug)
            .Join(Published(kind), r => r.ArticleId, a => a.Id, (r, a) => a.Slug)
            .SingleOrDefaultAsync(ct);
        return new SlugLookup(null, current);
    }

    private IQueryable<Article> Published(ArticleKind kind) =>
        db.Articles.AsNoTracking().Where(a => a.Kind == kind && a.State == ArticleState.Published);

    /// <summary>The lists show the cover (a checked image of a published article, ADR 0024).</summary>
    private IQueryable<ArticleSummary> Summaries(IQueryable<Article> query, int take) =>
        query.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Take(take)
            .Select(a => new ArticleSummary(a.PublicId, a.Slug, a.Title, a.Teaser, a.PublishedAt!.Value, a.UpdatedAt,
                db.UploadedImages.Where(i => i.ArticleId == a.Id && i.IsCover && i.State == ImageState.Ready)
                    .Select(i => new ArticleImageRef(i.PublicId, i.AltText, i.SmallWidth, i.SmallHeight, i.LargeWidth, i.LargeHeight)).FirstOrDefault()));
}
