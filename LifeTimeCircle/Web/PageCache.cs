using System.Security.Cryptography;
using System.Text;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Legal;
using Microsoft.AspNetCore.OutputCaching;

namespace LifeTimeCircle.Web;

/// <summary>
/// The owner's most-read pages (vehicle list, Fahrzeugakte, timeline, dashboard) rendered once and served again from
/// ASP.NET Core's output cache to the same session while nothing was written (ADR 0012 addendum, issue 13). A page
/// opts in with <c>[OutputCache(PolicyName = PageCache.PolicyName)]</c>. The entry's key holds:
/// <list type="bullet">
/// <item>the signed-in user's id — another user never gets it; the cache runs after authentication (with the session
/// stamp check) and authorization, so an ended session or a missing right never reaches it;</item>
/// <item>a hash of the antiforgery cookie — the forms in the page carry tokens made for that cookie;</item>
/// <item>the <see cref="DataGeneration"/> read before the page — any committed write through this process (the owner's,
/// a workshop's, an admin's, a job's) makes every entry unreachable;</item>
/// <item>the current AGB and Datenschutz versions — a new text from the legal folder sends the user to the consent
/// page, which the cached answer would skip;</item>
/// <item>the minute of the app's clock — what a page shows of „now“ is at most a minute old;</item>
/// <item>path and query string.</item>
/// </list>
/// Only a request whose cookies are the session and the antiforgery cookie is looked up or stored: a flash message
/// (TempData), a step-up or any other cookie means the page is rendered. Only a 200 answer without Set-Cookie is stored.
/// Entries live at most <see cref="PageCacheOptions.Seconds"/> (default 30 s; 0 switches the cache off), the bound for
/// what changes without a write (the date of today, a due reminder) and for writes by another process (CLI commands)
/// or, later, another node.
/// </summary>
public static class PageCache
{
    public const string PolicyName = "owner-page";
    public const string SessionCookie = "ltc.auth";
    public const string AntiforgeryCookie = "ltc.af";

    public static IServiceCollection AddLtcPageCache(this IServiceCollection services)
    {
        services.AddLtcOptions<PageCacheOptions>();
        services.AddSingleton<DataGeneration>();
        services.AddSingleton<DataGeneration.Watch>();
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
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var services = http.RequestServices;
            var seconds = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PageCacheOptions>>().Value.Seconds;
            var request = http.Request;
            var userId = http.User.Identity?.IsAuthenticated == true ? http.User.UserId() : null;
            var cacheable = seconds > 0 && userId is not null
                && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && OnlySessionCookies(request.Cookies);
            context.EnableOutputCaching = cacheable;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            if (!cacheable) return ValueTask.CompletedTask;

            var legal = services.GetRequiredService<LegalDocuments>();
            context.AllowLocking = true;
            context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(seconds);
            context.CacheVaryByRules.VaryByHost = false; // links always use LTC_PUBLIC_URL
            context.CacheVaryByRules.QueryKeys = "*";
            var values = context.CacheVaryByRules.VaryByValues;
            values["u"] = userId!;
            values["af"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(request.Cookies[AntiforgeryCookie]!)));
            values["g"] = services.GetRequiredService<DataGeneration>().Current.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // The minute of the app's clock: what a page shows of „now“ (today's date, due reminders, „vor 5 Minuten“)
            // is never older than a minute, also when the clock is moved (tests) — and the entries of a minute age out.
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            values["t"] = (now.Ticks / TimeSpan.TicksPerMinute).ToString(System.Globalization.CultureInfo.InvariantCulture);
            values["l"] = legal.Current(LegalDocumentType.Agb).Version + "/" + legal.Current(LegalDocumentType.Datenschutz).Version;
            return ValueTask.CompletedTask;
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
