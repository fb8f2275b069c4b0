using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Cms;

/// <summary>Who acts in the editorial workflow: the signed-in user's id and role.</summary>
public sealed record EditorialActor(string UserId, string Role);

/// <summary>
/// The editorial workflow's writes (ADR 0017): create and edit (render + sanitise, unique slug, redirect from a former
/// public slug, a revision per save) and the transitions of <see cref="ArticleWorkflow"/> (scheduling queues a
/// <see cref="ScheduledPublishing"/> job). Every change is audited; a refused action raises a
/// <see cref="DomainException"/> with the German reason.
/// </summary>
public sealed class Editorial(AppDbContext db, ArticleHtml renderer, AuditWriter audit, JobQueue jobs, TimeProvider clock)
{
    /// <summary>The article, if the actor may reach it (a moderator only their own); otherwise null (the page answers 404).</summary>
    public async Task<Article?> FindAsync(EditorialActor actor, string? publicId, CancellationToken ct)
    {
        if (!Domain.Vehicles.PublicIds.LooksValid(publicId)) return null;
        var article = await db.Articles.SingleOrDefaultAsync(a => a.PublicId == publicId, ct);
        return article is not null && ArticleWorkflow.MaySee(actor.Role, actor.UserId, article) ? article : null;
    }

    public async Task<Article> CreateAsync(EditorialActor actor, ArticleKind kind, string? slug, ArticleText text, CancellationToken ct)
    {
        if (!ArticleWorkflow.RoleMay(actor.Role, ArticleAction.Edit)) throw new DomainException("Nur die Redaktion schreibt Beiträge.");
        var parsed = Slug.Parse(slug, text.Title);
        await EnsureFreeAsync(kind, parsed, null, ct);
        var now = clock.GetUtcNow();
        var article = new Article(kind, parsed, text, renderer.Render(text.Markdown), actor.UserId, now);
        db.Articles.Add(article);
        db.ArticleRevisions.Add(new ArticleRevision(article, actor.UserId, now));
        await SaveAsync(ct);
        await AuditAsync(AuditActions.ArticleCreated, article, ct);
        return article;
    }

    public async Task EditAsync(EditorialActor actor, Article article, string? slug, ArticleText text, CancellationToken ct)
    {
        Require(actor, ArticleAction.Edit);
        var parsed = Slug.Parse(slug, text.Title);
        await EnsureFreeAsync(article.Kind, parsed, article.Id, ct);
        var oldSlug = article.Slug;
        var now = clock.GetUtcNow();
        article.Edit(parsed, text, renderer.Render(text.Markdown, await ArticleImages.ReadyAsync(db, article.Id, ct)), now);
        if (oldSlug != parsed)
        {
            // The new slug may be one of its own former ones: that redirect goes; the old public slug gets one.
            await db.ArticleSlugRedirects.Where(r => r.ArticleId == article.Id && r.Slug == parsed).ExecuteDeleteAsync(ct);
            if (article.FirstPublishedAt is not null) db.ArticleSlugRedirects.Add(new ArticleSlugRedirect(article.Kind, oldSlug, article.Id));
        }
        db.ArticleRevisions.Add(new ArticleRevision(article, actor.UserId, now));
        await SaveAsync(ct);
        await AuditAsync(AuditActions.ArticleUpdated, article, ct, new() { ["slug_changed"] = oldSlug != parsed });
    }

    public async Task SubmitAsync(EditorialActor actor, Article article, CancellationToken ct)
    {
        Require(actor, ArticleAction.Submit);
        await EnsureImagesCheckedAsync(article, ct);
        article.Submit(clock.GetUtcNow());
        await SaveAsync(ct);
        await AuditAsync(AuditActions.ArticleSubmitted, article, ct);
    }

    public async Task ApproveAsync(EditorialActor actor, Article article, string? note, CancellationToken ct)
    {
        Require(actor, ArticleAction.Approve);
        await EnsureImagesCheckedAsync(article, ct);
        article.Approve(actor.UserId, note, clock.GetUtcNow());
        await SaveAsync(ct);
        await AuditAsync(AuditActions.ArticleApproved, article, ct);
    }

    public async Task SendBackAsync(EditorialActor actor, Article article, string? note, CancellationToken ct)
    {
        Require(actor, ArticleAction.SendBack);
        article.SendBack(actor.UserId, note ?? "", clock.GetUtcNow());
        await SaveAsync(ct);
        await AuditAsync(AuditActions.ArticleSentBack, article, ct);
    }

    public async Task PublishAsync(EditorialActor actor, Article article, CancellationToken ct)
    {
        Require(actor, ArticleAction.Publish);
        await EnsureImagesCheckedAsync(article, ct);
        await EnsurePublicSlugFreeAsync(article, ct);
        article.Publish(actor.UserId, clock.GetUtcNow());
        await SaveAsync(ct);
        await AuditAsync(AuditActions.ArticlePublished, article, ct, new() { ["scheduled"] = false });
    }

    public async Task ScheduleAsync(EditorialActor actor, Article article, DateTimeOffset at, CancellationToken ct)
    {
        Require(actor, ArticleAction.Schedule);
        await EnsureImagesCheckedAsync(article, ct);
        await EnsurePublicSlugFreeAsync(article, ct);
        article.Schedule(actor.UserId, at, clock.GetUtcNow());
        jobs.Enqueue(db, ScheduledPublishing.Kind, new ScheduledPublishing.Payload(article.PublicId), at);
        await SaveAsync(ct);
        jobs.Wake();
        await AuditAsync(AuditActions.ArticleScheduled, article, ct);
    }

    public async Task UnpublishAsync(EditorialActor actor, Article article, CancellationToken ct)
    {
        Require(actor, ArticleAction.Unpublish);
        var was = article.State;
        article.Unpublish(clock.GetUtcNow());
        await SaveAsync(ct);
        await AuditAsync(AuditActions.ArticleUnpublished, article, ct, new() { ["from_state"] = was.ToString() });
    }

    /// <summary>The revision last reviewed and the current one, for the line diff (null: never reviewed).</summary>
    public async Task<(ArticleRevision? Reviewed, ArticleRevision Current)> RevisionsForReviewAsync(Article article, CancellationToken ct)
    {
        var wanted = new[] { article.ReviewedRevision ?? -1, article.Revision };
        var revisions = await db.ArticleRevisions.AsNoTracking()
            .Where(r => r.ArticleId == article.Id && wanted.Contains(r.Number)).ToListAsync(ct);
        return (revisions.FirstOrDefault(r => r.Number == article.ReviewedRevision), revisions.Single(r => r.Number == article.Revision));
    }

    /// <summary>The article's images for the desk (cover and states in the preview).</summary>
    public Task<IReadOnlyList<ArticleImageRow>> ImagesAsync(Article article, CancellationToken ct) => ArticleImages.ListAsync(db, article.Id, ct);

    private static void Require(EditorialActor actor, ArticleAction action)
    {
        // The pages' policies already keep other roles out; this is the second lock.
        if (!ArticleWorkflow.RoleMay(actor.Role, action)) throw new UnauthorizedAccessException("Rolle darf diese Aktion nicht.");
    }

    private async Task EnsureFreeAsync(ArticleKind kind, string slug, long? self, CancellationToken ct)
    {
        var taken = await db.Articles.AnyAsync(a => a.Kind == kind && a.Slug == slug && a.Id != self, ct)
            || await db.ArticleSlugRedirects.AnyAsync(r => r.Kind == kind && r.Slug == slug && r.ArticleId != self, ct);
        if (taken) throw new DomainException("Diese Adresse ist schon vergeben. Bitte wählen Sie eine andere.", "Slug");
    }

    /// <summary>An image still in the check would appear unreviewed later (ADR 0024): review and publishing wait for it.</summary>
    private async Task EnsureImagesCheckedAsync(Article article, CancellationToken ct)
    {
        if (await ArticleImages.AnyPendingAsync(db, article.Id, ct))
        {
            throw new DomainException("Ein Bild des Beitrags wird noch geprüft. Bitte versuchen Sie es in ein paar Minuten noch einmal.");
        }
    }

    private Task EnsurePublicSlugFreeAsync(Article article, CancellationToken ct) => EnsureFreeAsync(article.Kind, article.Slug, article.Id, ct);

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<Article>(db, nameof(Article.Kind), nameof(Article.Slug))
            || ex.IsUniqueViolation<ArticleSlugRedirect>(db, nameof(ArticleSlugRedirect.Kind), nameof(ArticleSlugRedirect.Slug)))
        {
            throw new DomainException("Diese Adresse ist schon vergeben. Bitte wählen Sie eine andere.", "Slug");
        }
    }

    private Task AuditAsync(string action, Article article, CancellationToken ct, Dictionary<string, object?>? extra = null)
    {
        var metadata = new Dictionary<string, object?>(extra ?? [])
        {
            ["kind"] = article.Kind.ToString(),
            ["state"] = article.State.ToString(),
            ["revision"] = article.Revision,
        };
        return audit.WriteAsync(action, "ARTICLE", article.PublicId, AuditResult.Success, metadata, "content", ct: ct);
    }
}
