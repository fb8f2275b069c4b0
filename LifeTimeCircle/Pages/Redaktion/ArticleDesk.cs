using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure.Cms;

namespace LifeTimeCircle.Pages.Redaktion;

/// <summary>
/// What the article, review and publish pages show of an article: its state, the review comment, the stored HTML
/// (the preview is exactly what the public page will show) and the line diff since the last review.
/// </summary>
public sealed record ArticleDesk(Article Article, int? ReviewedRevision, IReadOnlyList<DiffLine>? Changes)
{
    /// <summary>The article's images (ADR 0024): the preview shows the cover, and says which images are still being checked.</summary>
    public IReadOnlyList<ArticleImageRow> Images { get; init; } = [];

    public static async Task<ArticleDesk> LoadAsync(Editorial editorial, Article article, CancellationToken ct)
    {
        var (reviewed, current) = await editorial.RevisionsForReviewAsync(article, ct);
        var changes = reviewed is null || reviewed.Number == current.Number ? null : LineDiff.Compare(Compose(reviewed), Compose(current));
        return new ArticleDesk(article, reviewed?.Number, changes) { Images = await editorial.ImagesAsync(article, ct) };
    }

    /// <summary>Title, slug and teaser are compared with the body: a changed address or teaser is a change too.</summary>
    private static string Compose(ArticleRevision r) => $"Titel: {r.Title}\nAdresse: {r.Slug}\nAnreißer: {r.Teaser}\n\n{r.Markdown}";
}
