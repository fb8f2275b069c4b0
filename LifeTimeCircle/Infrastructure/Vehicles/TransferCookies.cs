using Microsoft.AspNetCore.DataProtection;

namespace LifeTimeCircle.Infrastructure.Vehicles;

/// <summary>
/// Where a handover code lives between requests (ADR 0009) – never in a URL, a log or the database:
/// <list type="bullet">
/// <item>the buyer's typed code, across sign-in or registration: <see cref="BuyerCookie"/>, 1 hour, bound to the
/// first account that uses it;</item>
/// <item>the seller's fresh code, for the hand-over sheet and its PDF: <see cref="SellerCookie"/>, 1 hour, bound to
/// the seller and the transfer.</item>
/// </list>
/// Both are HttpOnly, protected and time-limited with ASP.NET Data Protection.
/// </summary>
public sealed class TransferCookies(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string BuyerCookie = "ltc.uebergabe";
    public const string SellerCookie = "ltc.uebergabe.blatt";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    // The expiry is part of the protected payload and checked against the app's clock (TimeProvider).
    private readonly IDataProtector _buyer = protection.CreateProtector("LifeTimeCircle.Transfer.Buyer.v1");
    private readonly IDataProtector _seller = protection.CreateProtector("LifeTimeCircle.Transfer.Seller.v1");

    /// <summary>Keeps a typed code; <paramref name="userId"/> is null while the buyer is not signed in yet.</summary>
    public void KeepBuyerCode(HttpContext http, string code, string? userId) =>
        Append(http, BuyerCookie, Protect(_buyer, $"{userId}|{code}"), SameSiteMode.Lax);

    /// <summary>
    /// The typed code for this user. A code typed before signing in belongs to the first account that uses it (and is
    /// bound to it from then on); a code bound to another account is not handed out — on a shared PC the next person
    /// must not find the previous buyer's handover waiting for them.
    /// </summary>
    public string? BuyerCode(HttpContext http, string userId)
    {
        if (!Read(http, BuyerCookie, _buyer, out var v) || v.Split('|') is not [var owner, var code]) return null;
        if (owner.Length == 0)
        {
            KeepBuyerCode(http, code, userId);
            return code;
        }
        return owner == userId ? code : null;
    }

    public void ForgetBuyerCode(HttpContext http) => http.Response.Cookies.Delete(BuyerCookie, new CookieOptions { Path = "/" });

    public void KeepSellerCode(HttpContext http, string userId, string transferId, string code) =>
        Append(http, SellerCookie, Protect(_seller, $"{userId}|{transferId}|{code}"), SameSiteMode.Strict);

    /// <summary>The code of this transfer if this seller created it in this browser within the last hour.</summary>
    public string? SellerCode(HttpContext http, string userId, string transferId) =>
        Read(http, SellerCookie, _seller, out var v) && v.Split('|') is [var u, var t, var code] && u == userId && t == transferId ? code : null;

    public void ForgetSellerCode(HttpContext http) => http.Response.Cookies.Delete(SellerCookie, new CookieOptions { Path = "/" });

    private static void Append(HttpContext http, string name, string value, SameSiteMode sameSite) =>
        http.Response.Cookies.Append(name, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps, // behind nginx (X-Forwarded-Proto) always true in production, as for every cookie of the app
            SameSite = sameSite,
            Path = "/",
            IsEssential = true,
            MaxAge = Lifetime,
        });

    private string Protect(IDataProtector protector, string value) =>
        protector.Protect((clock.GetUtcNow() + Lifetime).UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + value);

    private bool Read(HttpContext http, string name, IDataProtector protector, out string value)
    {
        value = "";
        if (!http.Request.Cookies.TryGetValue(name, out var raw) || string.IsNullOrEmpty(raw)) return false;
        try
        {
            var plain = protector.Unprotect(raw);
            var bar = plain.IndexOf('|', StringComparison.Ordinal);
            if (bar < 1 || !long.TryParse(plain[..bar], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                || ticks <= clock.GetUtcNow().UtcTicks) return false;
            value = plain[(bar + 1)..];
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
