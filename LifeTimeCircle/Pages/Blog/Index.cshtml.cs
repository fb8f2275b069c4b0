using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Cms;

namespace LifeTimeCircle.Pages.Blog;

/// <summary>/Blog: the published articles, newest first, keyset paging (?vor=).</summary>
public sealed class IndexModel(ArticleReads reads, PublicUrls urls) : Shared.ArticleListModel(reads, urls, ArticleKind.Blog);
