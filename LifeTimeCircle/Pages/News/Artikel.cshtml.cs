using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Cms;

namespace LifeTimeCircle.Pages.News;

/// <summary>/News/{slug}: a published article; a former slug answers 301 to the current one, anything else 404.</summary>
public sealed class ArtikelModel(ArticleReads reads, PublicUrls urls) : Shared.ArticleModel(reads, urls, ArticleKind.News);
