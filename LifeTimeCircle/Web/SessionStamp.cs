using System.Security.Claims;
using LifeTimeCircle.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LifeTimeCircle.Web;

/// <summary>
/// The session is valid only while the account still has the security stamp the cookie was issued with (ADR 0012):
/// one compiled primary-key lookup per signed-in request. A changed stamp — „Überall abmelden“, a new password, a
/// role change, 2FA switched on or off, a deleted account — ends every other session with its next request.
/// The answer of that lookup is remembered per account together with the <see cref="DataGeneration"/> read before it
/// (ADR 0012 item 12): while nothing was written through this process since, the stamp cannot have changed, and the
/// request needs no query. Every stamp change in the app is a write, so it ends the sessions as before at their next
/// request; a change by another process on the same database (a CLI command) is seen after at most
/// <c>LTC_PAGE_CACHE_SECONDS</c> (0: every request asks the database).
/// </summary>
public static class SessionStamp
{
    private static readonly Func<AppDbContext, string, CancellationToken, Task<string?>> StampOf = EF.CompileAsyncQuery(
        (AppDbContext db, string userId, CancellationToken ct) => db.Users.Where(u => u.Id == userId && u.DeletedAt == null).Select(u => u.SecurityStamp).SingleOrDefault());

    /// <summary>The remembered answers of one app instance (a singleton: two instances on one database keep their own).</summary>
    public sealed class Remembered
    {
        internal const int Max = 10_000;
        internal readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Stamp, long Generation, long At)> Known = new(StringComparer.Ordinal);
    }

    public static async Task<bool> IsCurrentAsync(CookieValidatePrincipalContext ctx)
    {
        var services = ctx.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = ctx.Principal?.FindFirstValue(claims.UserIdClaimType);
        var stamp = ctx.Principal?.FindFirstValue(claims.SecurityStampClaimType);
        if (userId is null || stamp is null) return false;
        var seconds = services.GetRequiredService<IOptions<PageCacheOptions>>().Value.Seconds;
        var generation = services.GetRequiredService<DataGeneration>().Current;
        var now = Environment.TickCount64;
        var known = services.GetRequiredService<Remembered>().Known;
        if (seconds > 0 && known.TryGetValue(userId, out var entry) && entry.Generation == generation && now - entry.At < seconds * 1000L)
        {
            return string.Equals(entry.Stamp, stamp, StringComparison.Ordinal);
        }
        var current = await StampOf(services.GetRequiredService<AppDbContext>(), userId, ctx.HttpContext.RequestAborted);
        if (current is null)
        {
            known.TryRemove(userId, out _);
            return false;
        }
        if (seconds > 0)
        {
            if (known.Count >= Remembered.Max) known.Clear();
            known[userId] = (current, generation, now);
        }
        return string.Equals(current, stamp, StringComparison.Ordinal);
    }
}
