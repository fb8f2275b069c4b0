using System.Text.RegularExpressions;

namespace LifeTimeCircle.Web;

/// <summary>
/// Fingerprinted assets (<c>/assets/name.{hash}.ext</c>, produced by MapStaticAssets) never change under the same
/// URL, so browsers may keep them for a year without asking again — in every environment, also for a build
/// that is not published (where MapStaticAssets would send <c>no-cache</c>).
/// </summary>
public sealed partial class ImmutableAssetsMiddleware(RequestDelegate next)
{
    public const string CacheControl = "public, max-age=31536000, immutable";

    public Task InvokeAsync(HttpContext context)
    {
        if (Fingerprinted().IsMatch(context.Request.Path.Value ?? ""))
        {
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode is 200 or 304)
                {
                    context.Response.Headers.CacheControl = CacheControl;
                }
                return Task.CompletedTask;
            });
        }
        return next(context);
    }

    [GeneratedRegex("^/assets/[A-Za-z0-9_-]+\\.[a-z0-9]{8,16}\\.(css|js|svg|png|ico)$")]
    private static partial Regex Fingerprinted();
}
