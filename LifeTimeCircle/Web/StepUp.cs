using Microsoft.AspNetCore.DataProtection;

namespace LifeTimeCircle.Web;

/// <summary>
/// Step-up for sensitive admin actions (SPEC §1): password or authenticator code re-entered within the last
/// 10 minutes. Remembered in a protected, path-scoped session cookie bound to the user id.
/// </summary>
public sealed class StepUp(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string CookieName = "ltc.stepup";
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly IDataProtector _protector = protection.CreateProtector("LifeTimeCircle.StepUp.v1");

    public void Mark(HttpContext http, string userId)
    {
        var value = _protector.Protect($"{userId}|{clock.GetUtcNow().UtcTicks}");
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/Admin",
            IsEssential = true,
        });
    }

    public bool IsFresh(HttpContext http, string userId)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var raw) || string.IsNullOrEmpty(raw)) return false;
        try
        {
            var parts = _protector.Unprotect(raw).Split('|');
            if (parts.Length != 2 || parts[0] != userId || !long.TryParse(parts[1], out var ticks)) return false;
            var age = clock.GetUtcNow() - new DateTimeOffset(ticks, TimeSpan.Zero);
            return age >= TimeSpan.Zero && age <= Window;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
