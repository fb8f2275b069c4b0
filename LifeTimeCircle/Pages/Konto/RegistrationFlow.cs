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

    /// <summary>
    /// Starts a new flow for this registration: a fresh secret in a session cookie (gone when the browser closes),
    /// written on every registration so that every answer carries the same cookies. A registration that somebody
    /// else starts later in the same browser gets its own flow.
    /// </summary>
    public static string Start(HttpContext context, LtcEnvironment env)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        context.Response.Cookies.Append(CookieName, secret, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/Konto", // cookie scope, a path prefix (not a link)
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
