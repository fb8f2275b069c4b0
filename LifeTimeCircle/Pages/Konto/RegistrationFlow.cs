using System.Security.Cryptography;
using LifeTimeCircle.Infrastructure;

namespace LifeTimeCircle.Pages.Konto;

/// <summary>
/// Binds a registration code to the browser that registered: a random secret in an HttpOnly cookie, of which
/// only a keyed hash is stored with the code. A code mailed because somebody else registered the same address
/// elsewhere cannot confirm the account in this browser, and never brings that person's password along.
/// </summary>
internal static class RegistrationFlow
{
    public const string CookieName = "ltc.reg";

    /// <summary>The hash of this browser's flow, starting a new flow (and cookie) when there is none.</summary>
    public static string Continue(HttpContext context, LtcEnvironment env)
    {
        var secret = context.Request.Cookies[CookieName];
        if (string.IsNullOrEmpty(secret) || secret.Length != 43)
        {
            secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        }
        // Written on every registration, so that every answer carries the same cookies.
        context.Response.Cookies.Append(CookieName, secret, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/Konto",
            MaxAge = TimeSpan.FromDays(1),
            IsEssential = true,
        });
        return Hash(env, secret);
    }

    /// <summary>The hash of this browser's flow, or null when it has none.</summary>
    public static string? Current(HttpContext context, LtcEnvironment env) =>
        context.Request.Cookies[CookieName] is { Length: 43 } secret ? Hash(env, secret) : null;

    public static void End(HttpContext context) => context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/Konto" });

    private static string Hash(LtcEnvironment env, string secret) => env.Hmac("registration-flow", secret);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
