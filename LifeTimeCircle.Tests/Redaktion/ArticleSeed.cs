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
    /// Route values for the sweeps: <c>artikel</c> = a slug published in blog and news alike (both pages use the
    /// parameter), <c>articleId</c> = an article of <paramref name="authorEmail"/> in review with changes.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> WithArticlesAsync(LtcFactory factory, IReadOnlyDictionary<string, string> ids, string authorEmail)
    {
        var slug = Slug.FromText("sweep " + authorEmail);
        if (slug.Length > 60) slug = slug[..60].TrimEnd('-');
        await PublishedAsync(factory, authorEmail, ArticleKind.Blog, slug);
        await PublishedAsync(factory, authorEmail, ArticleKind.News, slug);
        var inReview = await InReviewWithChangesAsync(factory, authorEmail, slug + "-in-pruefung");
        return new Dictionary<string, string>(ids, StringComparer.OrdinalIgnoreCase) { ["artikel"] = slug, ["articleId"] = inReview };
    }
}
