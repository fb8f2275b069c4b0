using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace LifeTimeCircle.Infrastructure.Security;

/// <summary>
/// An invitation code between the page that checked it and the steps after it (sign-in, registration, TOTP set-up): an
/// HttpOnly, protected cookie for one hour — never in a URL (mail links carry codes in the fragment), a log or the
/// database. Used by staff invitations and moderator invitations, each with its own name and purpose.
/// </summary>
public abstract class ProtectedCodeCookie(IDataProtectionProvider protection, TimeProvider clock, string name, string purpose)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly IDataProtector _protector = protection.CreateProtector(purpose);

    public void Keep(HttpContext http, string code) =>
        http.Response.Cookies.Append(name, _protector.Protect((clock.GetUtcNow() + Lifetime).UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + code),
            new CookieOptions { HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, Path = "/", IsEssential = true, MaxAge = Lifetime });

    public string? Read(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(name, out var raw) || string.IsNullOrEmpty(raw)) return null;
        try
        {
            var parts = _protector.Unprotect(raw).Split('|');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks > clock.GetUtcNow().UtcTicks ? parts[1] : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public void Forget(HttpContext http) => http.Response.Cookies.Delete(name, new CookieOptions { Path = "/" });
}
