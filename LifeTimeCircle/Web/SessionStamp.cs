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
/// </summary>
public static class SessionStamp
{
    private static readonly Func<AppDbContext, string, CancellationToken, Task<string?>> StampOf = EF.CompileAsyncQuery(
        (AppDbContext db, string userId, CancellationToken ct) => db.Users.Where(u => u.Id == userId && u.DeletedAt == null).Select(u => u.SecurityStamp).SingleOrDefault());

    public static async Task<bool> IsCurrentAsync(CookieValidatePrincipalContext ctx)
    {
        var services = ctx.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = ctx.Principal?.FindFirstValue(claims.UserIdClaimType);
        var stamp = ctx.Principal?.FindFirstValue(claims.SecurityStampClaimType);
        if (userId is null || stamp is null) return false;
        var current = await StampOf(services.GetRequiredService<AppDbContext>(), userId, ctx.HttpContext.RequestAborted);
        return current is not null && string.Equals(current, stamp, StringComparison.Ordinal);
    }
}
