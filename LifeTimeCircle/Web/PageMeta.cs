namespace LifeTimeCircle.Web;

/// <summary>
/// What an indexable public page tells search engines and link previews (blog and news, ADR 0017): description,
/// canonical URL (from LTC_PUBLIC_URL, never the Host header), Open Graph type and an Atom feed. The layout renders
/// it from <c>ViewData["Meta"]</c>.
/// </summary>
public sealed record PageMeta(string Title, string Description, string Canonical, string OgType = "website", string? Feed = null, string? FeedTitle = null)
{
    public const string Key = "Meta";
}
