namespace LifeTimeCircle.Web;

/// <summary>
/// What an indexable public page tells search engines and link previews (blog and news, ADR 0017): description,
/// canonical URL (from LTC_PUBLIC_URL, never the Host header), Open Graph type and an Atom feed. The layout renders
/// it from <c>ViewData["Meta"]</c>.
/// </summary>
public sealed record PageMeta(string Title, string Description, string Canonical, string OgType = "website", string? Feed = null, string? FeedTitle = null)
{
    /// <summary>An absolute image URL for <c>og:image</c> (an article's cover, ADR 0024) and its alt text.</summary>
    public string? Image { get; init; }
    public string? ImageAlt { get; init; }

    public const string Key = "Meta";
}
