using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace LifeTimeCircle.Web;

/// <summary>
/// ASP.NET Core's cookie TempData provider, but without its habit of sending a deleting <c>Set-Cookie</c> for the
/// flash-message cookie on every page that reads TempData (the layout does) even when the browser has no such cookie:
/// ≈ 120 useless bytes per page, and a Set-Cookie keeps a page out of the page cache (<see cref="PageCache"/>). The
/// cookie is still deleted when the request carried it (also in chunks), and written when there is a message.
/// </summary>
public sealed class QuietTempDataProvider(IServiceProvider services, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions> options) : ITempDataProvider
{
    private readonly CookieTempDataProvider _inner = ActivatorUtilities.CreateInstance<CookieTempDataProvider>(services);
    private readonly string _name = options.Value.Cookie.Name ?? CookieTempDataProvider.CookieName;

    public IDictionary<string, object> LoadTempData(HttpContext context) => _inner.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (values.Count == 0 && !context.Request.Cookies.Keys.Any(k => k.StartsWith(_name, StringComparison.Ordinal)))
        {
            return;
        }
        _inner.SaveTempData(context, values);
    }
}
