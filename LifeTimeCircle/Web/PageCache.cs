using System.Security.Cryptography;
using System.Text;
using LifeTimeCircle.Data;
using LifeTimeCircle.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;

namespace LifeTimeCircle.Web;

/// <summary>
/// The owner's most-read pages (vehicle list, Fahrzeugakte, timeline, dashboard, reminders, inbox, Modul-Postfach,
/// profile) rendered once and served again from
/// ASP.NET Core's output cache to the same session while nothing was written (ADR 0012 addendum, issue 13). A page
/// opts in with <c>[OutputCache(PolicyName = PageCache.PolicyName)]</c>. The entry's key holds:
/// <list type="bullet">
/// <item>the signed-in user's id — another user never gets it; the cache runs after authentication (with the session
/// stamp check) and authorization, so an ended session or a missing right never reaches it;</item>
/// <item>a hash of the antiforgery cookie — the forms in the page carry tokens made for that cookie;</item>
/// <item>the <see cref="DataGeneration"/> read before the page — any committed write through this process (the owner's,
/// a workshop's, an admin's, a job's) makes every entry unreachable;</item>
/// <item>the minute of the app's clock — what a page shows of „now“ is at most a minute old;</item>
/// <item>the path (case-sensitive).</item>
/// </list>
/// Only a request without a query string whose cookies are the session and the antiforgery cookie is looked up or
/// stored: a flash message (TempData), a step-up or any other cookie, a further page of a list (<c>?vor=…</c>) means the
/// page is rendered — so one account can store at most one entry per page it may see, and cannot fill the store (shared
/// with the mini-check, 16 MB) with query variants. Only a 200 answer without Set-Cookie is stored. Entries of an
/// older generation are evicted (tag <see cref="Tag"/>) by the first page-cache request after a write.
/// Entries live at most <see cref="PageCacheOptions.Seconds"/> (default 30 s; 0 switches the cache off), the bound for
/// what changes without a write (the date of today, a due reminder) and for writes by another process (CLI commands)
/// or, later, another node.
/// </summary>
public static class PageCache
{
    public const string PolicyName = "owner-page";
    public const string SessionCookie = "ltc.auth";
    public const string AntiforgeryCookie = "ltc.af";
    public const string Tag = "owner-pages";

    public static IServiceCollection AddLtcPageCache(this IServiceCollection services)
    {
        services.AddLtcOptions<PageCacheOptions>();
        services.AddSingleton<DataGeneration>();
        services.AddSingleton<DataGeneration.Watch>();
        services.AddSingleton<SessionStamp.Remembered>();
        services.Configure<OutputCacheOptions>(o => o.AddPolicy(PolicyName, new OwnerPagePolicy()));
        return services;
    }

    /// <summary>True when the request's cookies are only the session (also in chunks) and the antiforgery cookie.</summary>
    public static bool OnlySessionCookies(IRequestCookieCollection cookies)
    {
        var antiforgery = false;
        foreach (var name in cookies.Keys)
        {
            if (name == AntiforgeryCookie) antiforgery = true;
            else if (!name.StartsWith(SessionCookie, StringComparison.Ordinal)) return false;
        }
        return antiforgery;
    }

    private sealed class OwnerPagePolicy : IOutputCachePolicy
    {
        // The generation whose entries are the only ones kept; older ones are evicted once, by the first request that
        // sees a newer generation (unreachable anyway: their keys hold the old generation).
        private long _kept = -1;

        public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var services = http.RequestServices;
            var seconds = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PageCacheOptions>>().Value.Seconds;
            var request = http.Request;
            var userId = http.User.Identity?.IsAuthenticated == true ? http.User.UserId() : null;
            var cacheable = seconds > 0 && userId is not null
                && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && !request.QueryString.HasValue
                && OnlySessionCookies(request.Cookies);
            context.EnableOutputCaching = cacheable;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            if (!cacheable) return;

            var generation = services.GetRequiredService<DataGeneration>().Current;
            var kept = Interlocked.Read(ref _kept);
            if (kept != generation && Interlocked.CompareExchange(ref _kept, generation, kept) == kept)
            {
                await services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(Tag, CancellationToken.None);
            }
            context.AllowLocking = true;
            context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(seconds);
            context.CacheVaryByRules.VaryByHost = false; // links always use LTC_PUBLIC_URL
            context.CacheVaryByRules.QueryKeys = default;
            var values = context.CacheVaryByRules.VaryByValues;
            values["u"] = userId!;
            values["af"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(request.Cookies[AntiforgeryCookie]!)));
            values["g"] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // The minute of the app's clock: what a page shows of „now“ (today's date, due reminders, „vor 5 Minuten“)
            // is never older than a minute, also when the clock is moved (tests) — and the entries of a minute age out.
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            values["t"] = (now.Ticks / TimeSpan.TicksPerMinute).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Tags.Add(Tag);
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
            {
                context.AllowCacheStorage = false;
            }
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary><c>LTC_PAGE_CACHE_SECONDS</c>: how long a signed-in page may be served again from the page cache.</summary>
public sealed class PageCacheOptions : ILtcOptions
{
    public int Seconds { get; set; } = 30;

    public void Read(LtcVariables v) => Seconds = v.Number("LTC_PAGE_CACHE_SECONDS", 30, 0, 300);
}
