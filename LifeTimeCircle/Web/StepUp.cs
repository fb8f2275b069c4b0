using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace LifeTimeCircle.Web;

/// <summary>
/// Step-up for sensitive actions (admin actions, full and account exports): password or authenticator code
/// re-entered within the last 10 minutes. Remembered in a protected, strict same-site session cookie bound to the user id.
/// </summary>
public enum StepUpResult { Confirmed, Wrong, LockedOut }

public sealed class StepUp(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string LockedOutMessage = "Zu viele falsche Eingaben. Bitte versuchen Sie es in 15 Minuten erneut.";

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

    /// <summary>
    /// The step-up pages' POST: checks the secret, marks the step-up and audits the outcome. Wrong secrets count
    /// towards the account's normal lockout (5 tries), so a left-open session cannot be used to guess the password.
    /// </summary>
    public async Task<StepUpResult> ConfirmAsync(HttpContext http, UserManager<AppUser> users, AppUser user, string secret, AuditWriter audit,
        string successAction, string failedAction, CancellationToken ct)
    {
        if (await users.IsLockedOutAsync(user))
        {
            await audit.WriteAsync(failedAction, "USER", user.Id, AuditResult.Denied, new Dictionary<string, object?> { ["reason_code"] = "LOCKED_OUT" }, ct: ct);
            return StepUpResult.LockedOut;
        }
        if (!await VerifyAsync(users, user, secret))
        {
            await users.AccessFailedAsync(user);
            await audit.WriteAsync(failedAction, "USER", user.Id, AuditResult.Denied, ct: ct);
            return await users.IsLockedOutAsync(user) ? StepUpResult.LockedOut : StepUpResult.Wrong;
        }
        await users.ResetAccessFailedCountAsync(user);
        Mark(http, user.Id);
        await audit.WriteAsync(successAction, "USER", user.Id, AuditResult.Success, ct: ct);
        return StepUpResult.Confirmed;
    }

    /// <summary>
    /// Checks a secret under the account's lockout (password change, switching two-factor on or off, a new key):
    /// refused while locked out; a wrong secret counts as a failed attempt (5 lock the account for 15 minutes); a right one resets the count.
    /// </summary>
    public static async Task<StepUpResult> CheckCountingFailuresAsync(UserManager<AppUser> users, AppUser user, Func<Task<bool>> check)
    {
        if (await users.IsLockedOutAsync(user)) return StepUpResult.LockedOut;
        if (!await check())
        {
            await users.AccessFailedAsync(user);
            return await users.IsLockedOutAsync(user) ? StepUpResult.LockedOut : StepUpResult.Wrong;
        }
        await users.ResetAccessFailedCountAsync(user);
        return StepUpResult.Confirmed;
    }

    /// <summary>Checks the re-entered secret: a 6-digit authenticator code when it looks like one, otherwise the password.
    /// An authenticator code counts once only (<see cref="Infrastructure.Security.TotpTokenProvider"/>): a code already used
    /// at sign-in is refused here; the person waits for the next one.</summary>
    public static async Task<bool> VerifyAsync(UserManager<AppUser> users, AppUser user, string secret)
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
