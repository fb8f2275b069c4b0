using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Domain.Images;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Images;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Cms;

/// <summary>One image of an article as the editorial pages list it.</summary>
public sealed record ArticleImageRow(string PublicId, string AltText, ImageState State, bool IsCover, int SmallWidth, int SmallHeight, int LargeWidth, int LargeHeight)
{
    public ArticleImageRef Ref => new(PublicId, AltText, SmallWidth, SmallHeight, LargeWidth, LargeHeight);
}

/// <summary>
/// An article's cover and body images (issue 20, ADR 0024) on the shared primitive <see cref="UploadedImage"/>: upload
/// (quota, sniffed JPEG/PNG/WebP, scan job), cover chosen or removed, deleted — each allowed where editing the article is
/// (an approved article becomes a draft again) and audited. When an image's check is over, the article's stored HTML is
/// rendered again from its unchanged Markdown, so <c>![Alt](bild:ID)</c> shows the image once it is ready.
/// </summary>
public sealed class ArticleImages(AppDbContext db, ImageUploads uploads, ArticleHtml renderer, AuditWriter audit, TimeProvider clock) : IImageOwner
{
    public const string Purpose = "article_image";

    /// <summary>The article's checked images, the only ones its body may show.</summary>
    public static async Task<IReadOnlyList<ArticleImageRef>> ReadyAsync(AppDbContext db, long articleId, CancellationToken ct) =>
        await db.UploadedImages.AsNoTracking().Where(i => i.ArticleId == articleId && i.State == ImageState.Ready).OrderBy(i => i.Id)
            .Select(i => new ArticleImageRef(i.PublicId, i.AltText, i.SmallWidth, i.SmallHeight, i.LargeWidth, i.LargeHeight))
            .ToListAsync(ct);

    /// <summary>True while an image of the article is still being checked: it can then not go to review or be published.</summary>
    public static Task<bool> AnyPendingAsync(AppDbContext db, long articleId, CancellationToken ct) =>
        db.UploadedImages.AnyAsync(i => i.ArticleId == articleId && i.State == ImageState.Pending, ct);

    public Task<IReadOnlyList<ArticleImageRow>> ListAsync(Article article, CancellationToken ct) => ListAsync(db, article.Id, ct);

    public static async Task<IReadOnlyList<ArticleImageRow>> ListAsync(AppDbContext db, long articleId, CancellationToken ct) =>
        await db.UploadedImages.AsNoTracking().Where(i => i.ArticleId == articleId).OrderBy(i => i.Id)
            .Select(i => new ArticleImageRow(i.PublicId, i.AltText, i.State, i.IsCover, i.SmallWidth, i.SmallHeight, i.LargeWidth, i.LargeHeight))
            .ToListAsync(ct);

    /// <summary>Stores and queues the image; returns the German refusal of the upload (quota, type), or throws a <see cref="DomainException"/>.</summary>
    public async Task<UploadRefusal?> UploadAsync(EditorialActor actor, Article article, IFormFile file, string? altText, bool cover, CancellationToken ct)
    {
        RequireEdit(actor, article);
        var alt = UploadedImage.CheckedAlt(altText);
        if (await db.UploadedImages.CountAsync(i => i.ArticleId == article.Id, ct) >= UploadedImage.MaxPerArticle)
        {
            throw new DomainException($"Ein Beitrag hat höchstens {Web.Display.Count(UploadedImage.MaxPerArticle, "Bild", "Bilder")}. Bitte löschen Sie zuerst ein Bild, das Sie nicht mehr brauchen.", "Datei");
        }
        var (stored, refusal) = await uploads.StoreAsync(db, actor.UserId, file, Purpose, ct);
        if (stored is null) return refusal;
        var now = clock.GetUtcNow();
        var image = UploadedImage.ForArticle(article.Id, alt, stored.ContentType, stored.StorageKey, stored.Sha256, stored.Size, actor.UserId, now);
        var refused = await uploads.AddAsync(db, image, Purpose, ct, async c =>
        {
            if (cover) await ClearCoverAsync(article, c);
            image.MakeCover(cover);
            article.ImagesChanged(article.Html, now);
            await db.SaveChangesAsync(c);
        });
        if (refused is null && cover) await AuditCoverAsync(article, image.PublicId, ct);
        return refused;
    }

    /// <summary>Makes the image the cover (<paramref name="imageId"/> null: no cover); false when the article has no such image.</summary>
    public async Task<bool> SetCoverAsync(EditorialActor actor, Article article, string? imageId, CancellationToken ct)
    {
        RequireEdit(actor, article);
        UploadedImage? image = null;
        if (imageId is not null)
        {
            image = await FindAsync(article, imageId, ct);
            if (image is null || image.State == ImageState.Refused) return false;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ClearCoverAsync(article, ct);
        image?.MakeCover(true);
        article.ImagesChanged(article.Html, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await AuditCoverAsync(article, image?.PublicId, ct);
        return true;
    }

    /// <summary>Deletes the image (row, file, previews) and renders the body without it; false when the article has no such image.</summary>
    public async Task<bool> DeleteAsync(EditorialActor actor, Article article, string imageId, CancellationToken ct)
    {
        RequireEdit(actor, article);
        var image = await FindAsync(article, imageId, ct);
        if (image is null) return false;
        var ready = (await ReadyAsync(db, article.Id, ct)).Where(i => i.PublicId != image.PublicId).ToList();
        article.ImagesChanged(renderer.Render(article.Markdown, ready), clock.GetUtcNow());
        await uploads.DeleteAsync(db, image, "ARTICLE", ct);
        return true;
    }

    /// <summary>The check of an image is over: the draft's body is rendered again with the images ready now.</summary>
    public async Task ImageSettledAsync(UploadedImage image, CancellationToken ct)
    {
        if (image.ArticleId is not { } articleId) return;
        var article = await db.Articles.SingleAsync(a => a.Id == articleId, ct);
        // Only a draft can have an image in the check (uploading makes it one, and it cannot go to review meanwhile).
        if (!ArticleWorkflow.StateAllows(article.State, ArticleAction.Edit)) return;
        article.ImagesChanged(renderer.Render(article.Markdown, await ReadyAsync(db, article.Id, ct)), clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    private Task<UploadedImage?> FindAsync(Article article, string imageId, CancellationToken ct) =>
        Domain.Vehicles.PublicIds.LooksValid(imageId)
            ? db.UploadedImages.SingleOrDefaultAsync(i => i.ArticleId == article.Id && i.PublicId == imageId, ct)
            : Task.FromResult<UploadedImage?>(null);

    private async Task ClearCoverAsync(Article article, CancellationToken ct)
    {
        // Set-based first, so that the unique index of the one cover per article never sees two.
        await db.UploadedImages.Where(i => i.ArticleId == article.Id && i.IsCover).ExecuteUpdateAsync(s => s.SetProperty(i => i.IsCover, false), ct);
        foreach (var tracked in db.ChangeTracker.Entries<UploadedImage>().Where(e => e.Entity.ArticleId == article.Id && e.Entity.IsCover))
        {
            tracked.Entity.MakeCover(false);
            tracked.Property(i => i.IsCover).IsModified = false;
            tracked.Property(i => i.IsCover).OriginalValue = false;
        }
    }

    private static void RequireEdit(EditorialActor actor, Article article)
    {
        if (!ArticleWorkflow.RoleMay(actor.Role, ArticleAction.Edit)) throw new UnauthorizedAccessException("Rolle darf diese Aktion nicht.");
        if (!ArticleWorkflow.StateAllows(article.State, ArticleAction.Edit))
        {
            throw new DomainException($"Die Bilder eines Beitrags im Zustand „{ArticleWorkflow.StateName(article.State)}“ können nicht geändert werden.");
        }
    }

    private Task AuditCoverAsync(Article article, string? imageId, CancellationToken ct) =>
        audit.WriteAsync(AuditActions.ArticleCoverChanged, "ARTICLE", article.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["image"] = imageId, ["state"] = article.State.ToString() }, "content", ct: ct);
}
