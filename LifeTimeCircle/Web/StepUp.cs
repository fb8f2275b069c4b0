using Microsoft.AspNetCore.DataProtection;

namespace LifeTimeCircle.Web;

/// <summary>
/// Step-up for sensitive actions (admin actions, full and account exports): password or authenticator code
/// re-entered within the last 10 minutes. Remembered in a protected, strict same-site session cookie bound to the user id.
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
            Path = "/",
            IsEssential = true,
        });
    }

    /// <summary>Checks the re-entered secret: a 6-digit authenticator code when it looks like one, otherwise the password.</summary>
    public static async Task<bool> VerifyAsync(Microsoft.AspNetCore.Identity.UserManager<LifeTimeCircle.Data.AppUser> users, LifeTimeCircle.Data.AppUser user, string secret)
    {
        var code = secret.Replace(" ", "", StringComparison.Ordinal);
        return code.Length == 6 && code.All(char.IsDigit) && await users.GetTwoFactorEnabledAsync(user)
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
            : await users.CheckPasswordAsync(user, secret);
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
