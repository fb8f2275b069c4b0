using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure.Cms;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Redaktion;

/// <summary>Articles written through the workflow's own service (Editorial), for sweeps and public-page tests.</summary>
public static class ArticleSeed
{
    public const string Body = "## Zwischenüberschrift\n\n- eins\n- zwei\n\nMehr bei [LifeTimeCircle](https://lifetimecircle.example/Blog) und [extern](https://example.org/).";

    private static async Task<string> UserIdAsync(LtcFactory factory, string email) =>
        await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>A published article of <paramref name="authorEmail"/> (an existing account); returns its public id.</summary>
    public static async Task<string> PublishedAsync(LtcFactory factory, string authorEmail, ArticleKind kind, string slug, string title = "Ein veröffentlichter Beitrag")
    {
        var author = await UserIdAsync(factory, authorEmail);
        using var scope = factory.Services.CreateScope();
        var editorial = scope.ServiceProvider.GetRequiredService<Editorial>();
        var article = await editorial.CreateAsync(new EditorialActor(author, Roles.Moderator), kind, slug,
            new ArticleText(title, "Ein Anreißer mit genug Zeichen.", Body), CancellationToken.None);
        await editorial.SubmitAsync(new EditorialActor(author, Roles.Moderator), article, CancellationToken.None);
        await editorial.ApproveAsync(new EditorialActor(author, Roles.Admin), article, null, CancellationToken.None);
        await editorial.PublishAsync(new EditorialActor(author, Roles.Superadmin), article, CancellationToken.None);
        return article.PublicId;
    }

    /// <summary>An article of <paramref name="authorEmail"/> back in review after a sent-back round and an edit: the desk shows a diff.</summary>
    public static async Task<string> InReviewWithChangesAsync(LtcFactory factory, string authorEmail, string slug)
    {
        var author = await UserIdAsync(factory, authorEmail);
        var moderator = new EditorialActor(author, Roles.Moderator);
        using var scope = factory.Services.CreateScope();
        var editorial = scope.ServiceProvider.GetRequiredService<Editorial>();
        var article = await editorial.CreateAsync(moderator, ArticleKind.News, slug, new ArticleText("Ein Beitrag in Prüfung", "Ein Anreißer mit genug Zeichen.", Body), CancellationToken.None);
        await editorial.SubmitAsync(moderator, article, CancellationToken.None);
        await editorial.SendBackAsync(new EditorialActor(author, Roles.Admin), article, "Bitte die Liste ergänzen.", CancellationToken.None);
        await editorial.EditAsync(moderator, article, slug, new ArticleText("Ein Beitrag in Prüfung", "Ein Anreißer mit genug Zeichen.", Body + "\n\n- drei"), CancellationToken.None);
        await editorial.SubmitAsync(moderator, article, CancellationToken.None);
        return article.PublicId;
    }

    /// <summary>
    /// An image of the article (ADR 0024) made by the real storage and preview code, without clamd: stored like an upload and,
    /// when <paramref name="ready"/>, with its previews written and marked checked (the scan itself is tested with clamd in
    /// ArticleImageTests). Returns its public id.
    /// </summary>
    public static async Task<string> ImageAsync(LtcFactory factory, string articleId, string alt, bool ready = true, bool cover = false)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Data.AppDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Documents.DocumentStorage>();
        var article = await db.Articles.SingleAsync(a => a.PublicId == articleId);
        using var png = new MemoryStream(TestImages.Png(640, 360));
        var stored = await storage.SaveAsync(png, CancellationToken.None);
        var image = LifeTimeCircle.Domain.Images.UploadedImage.ForArticle(article.Id, alt, stored.ContentType, stored.StorageKey, stored.Sha256, stored.Size,
            article.AuthorId, factory.Clock.GetUtcNow());
        image.MakeCover(cover);
        if (ready)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(storage.ThumbnailPathFor(stored.StorageKey, "320.jpg"))!);
            var sizes = LifeTimeCircle.Infrastructure.Documents.Thumbnails.ThumbnailMaker.Make(storage.PathFor(stored.StorageKey), v => storage.ThumbnailPathFor(stored.StorageKey, v));
            image.BecomeReady(sizes.SmallWidth, sizes.SmallHeight, sizes.LargeWidth, sizes.LargeHeight, factory.Clock.GetUtcNow());
        }
        db.UploadedImages.Add(image);
        await db.SaveChangesAsync();
        return image.PublicId;
    }

    /// <summary>A draft of <paramref name="authorEmail"/> with a checked cover and an image still in the check: the edit and image pages show both.</summary>
    public static async Task<string> DraftWithImagesAsync(LtcFactory factory, string authorEmail, string slug)
    {
        var author = await UserIdAsync(factory, authorEmail);
        using var scope = factory.Services.CreateScope();
        var editorial = scope.ServiceProvider.GetRequiredService<Editorial>();
        var article = await editorial.CreateAsync(new EditorialActor(author, Roles.Moderator), ArticleKind.Blog, slug,
            new ArticleText("Ein Entwurf mit Bildern", "Ein Anreißer mit genug Zeichen.", Body), CancellationToken.None);
        await ImageAsync(factory, article.PublicId, "Werkstatt von innen", ready: true, cover: true);
        await ImageAsync(factory, article.PublicId, "Bild in der Prüfung", ready: false);
        return article.PublicId;
    }

    /// <summary>
    /// Route values for the sweeps: <c>artikel</c> = a slug published in blog and news alike (both pages use the
    /// parameter), <c>articleId</c> = an article of <paramref name="authorEmail"/> in review with changes, <c>imageId</c> = the
    /// published blog article's cover.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> WithArticlesAsync(LtcFactory factory, IReadOnlyDictionary<string, string> ids, string authorEmail)
    {
        var slug = Slug.FromText("sweep " + authorEmail);
        if (slug.Length > 60) slug = slug[..60].TrimEnd('-');
        var blog = await PublishedAsync(factory, authorEmail, ArticleKind.Blog, slug);
        await PublishedAsync(factory, authorEmail, ArticleKind.News, slug);
        var inReview = await InReviewWithChangesAsync(factory, authorEmail, slug + "-in-pruefung");
        // The published article's cover (ADR 0024): the image page answers it to everyone.
        var image = await ImageAsync(factory, blog, "Titelbild des Sweep-Beitrags", cover: true);
        return new Dictionary<string, string>(ids, StringComparer.OrdinalIgnoreCase) { ["artikel"] = slug, ["articleId"] = inReview, ["imageId"] = image };
    }
}
