using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure.Cms;

namespace LifeTimeCircle.Pages.News;

/// <summary>/News/Feed: the Atom feed of the newest published articles.</summary>
public sealed class FeedModel(AtomFeed feed) : Shared.ArticleFeedModel(feed, ArticleKind.News);
