using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

/// <summary>
/// TOTP two-factor set-up (authenticator app), a new key, recovery codes, switching it off. Switching on and a new
/// key need the current password (wrong ones count towards the lockout), so a left-open session cannot tie the
/// account to somebody else's app; every authenticator code is accepted once.
/// </summary>
// Before consenting, an admin may only set up TOTP (admin pages need it); switching it off or a new key need consent.
[AllowWithoutConsent(Roles = Roles.Admin + "," + Roles.Superadmin, Handlers = nameof(OnGetAsync) + "," + nameof(OnPostEnableAsync))]
public sealed class ZweiFaktorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditWriter audit) : PageModel
{
    // Longer than 80 lines: three forms (enable, new key, disable) with their own input models plus the key/QR display; the rules are Identity's. Candidate: move the password re-check (also in Sicherheit) into one class.
    public const string WrongPasswordMessage = "Das Passwort ist falsch.";
    public const string WrongCodeMessage = "Der Code ist ungültig oder wurde bereits verwendet. Prüfen Sie die Uhrzeit Ihres Geräts oder warten Sie auf den nächsten Code.";

    /// <summary>What the switch-on and switch-off forms show; each handler binds its own input under the same prefix.</summary>
    public EnableInput Input { get; private set; } = new();
    public NewKeyInput NewKey { get; private set; } = new();

    public bool Enabled { get; private set; }
    public string SharedKey { get; private set; } = "";
    public string QrSvg { get; private set; } = "";
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public sealed class EnableInput
    {
        [Required(ErrorMessage = "Bitte geben Sie Ihr aktuelles Passwort ein.")]
        [StringLength(256, ErrorMessage = "Die Eingabe ist zu lang.")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Bitte geben Sie den 6-stelligen Code aus der App ein.")]
        [RegularExpression(CodePattern, ErrorMessage = "Der Code besteht aus 6 Ziffern.")]
        public string Code { get; set; } = "";
    }

    public sealed class DisableInput
    {
        [Required(ErrorMessage = "Bitte geben Sie den 6-stelligen Code aus der App ein.")]
        [RegularExpression(CodePattern, ErrorMessage = "Der Code besteht aus 6 Ziffern.")]
        public string Code { get; set; } = "";
    }

    public sealed class NewKeyInput
    {
        [Required(ErrorMessage = "Bitte geben Sie Ihr aktuelles Passwort ein.")]
        [StringLength(256, ErrorMessage = "Die Eingabe ist zu lang.")]
        public string Password { get; set; } = "";
    }

    private const string CodePattern = "^\\s*[0-9]{3}\\s?[0-9]{3}\\s*$";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound();
        await LoadAsync(user);
        if (TempData["RecoveryCodes"] is string codes)
        {
            RecoveryCodes = codes.Split(' ');
        }
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync([Bind(Prefix = "Input")] EnableInput input, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound();
        if (user.TwoFactorEnabled) return RedirectToPage();
        if (!ModelState.IsValid) return await PageAsync(user);
        if (!await PasswordConfirmedAsync(user, input.Password, "Input.Password", "totp_enable", ct)) return await PageAsync(user);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Digits(input.Code)))
        {
            ModelState.AddModelError("Input.Code", WrongCodeMessage);
            return await PageAsync(user);
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        var recovery = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? [];
        await audit.WriteAsync(AuditActions.TwoFactorEnabled, "USER", user.Id, AuditResult.Success, ct: ct);
        await signIn.RefreshSignInAsync(user);
        TempData["RecoveryCodes"] = string.Join(' ', recovery);
        TempData["StatusMessage"] = "Die Zwei-Faktor-Anmeldung ist eingerichtet.";
        return RedirectToPage();
    }

    /// <summary>A new authenticator key before switching on (e.g. when the shown key may have been seen by others).</summary>
    public async Task<IActionResult> OnPostNewKeyAsync([Bind(Prefix = "NewKey")] NewKeyInput newKey, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound();
        if (user.TwoFactorEnabled) return RedirectToPage();
        if (!ModelState.IsValid) return await PageAsync(user);
        if (!await PasswordConfirmedAsync(user, newKey.Password, "NewKey.Password", "totp_new_key", ct)) return await PageAsync(user);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user); // a new key is a new security stamp: this session goes on, others end
        await audit.WriteAsync(AuditActions.TwoFactorKeyRenewed, "USER", user.Id, AuditResult.Success, ct: ct);
        TempData["StatusMessage"] = "Ein neuer Schlüssel wurde erzeugt. Richten Sie die App mit dem neuen QR-Code ein.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisableAsync([Bind(Prefix = "Input")] DisableInput input, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound();
        if (!user.TwoFactorEnabled) return RedirectToPage();
        if (!ModelState.IsValid) return await PageAsync(user);
        // Wrong (or replayed) codes count towards the lockout, so a left-open session cannot guess its way to switching 2FA off.
        var result = await StepUp.CheckCountingFailuresAsync(users, user,
            () => users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Digits(input.Code)));
        if (result != StepUpResult.Confirmed)
        {
            ModelState.AddModelError("Input.Code", result == StepUpResult.LockedOut ? StepUp.LockedOutMessage : WrongCodeMessage);
            return await PageAsync(user);
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.WriteAsync(AuditActions.TwoFactorDisabled, "USER", user.Id, AuditResult.Success, ct: ct);
        await signIn.RefreshSignInAsync(user);
        TempData["StatusMessage"] = User.IsAdministrator()
            ? "Die Zwei-Faktor-Anmeldung ist ausgeschaltet. Ohne sie ist der Admin-Bereich gesperrt."
            : "Die Zwei-Faktor-Anmeldung ist ausgeschaltet.";
        return RedirectToPage();
    }

    private async Task<bool> PasswordConfirmedAsync(AppUser user, string password, string field, string purpose, CancellationToken ct)
    {
        var result = await StepUp.CheckCountingFailuresAsync(users, user, () => users.CheckPasswordAsync(user, password));
        if (result == StepUpResult.Confirmed) return true;
        await audit.WriteAsync(AuditActions.AuthChallengeFailed, "USER", user.Id, AuditResult.Denied,
            new Dictionary<string, object?> { ["purpose"] = purpose, ["reason_code"] = result == StepUpResult.LockedOut ? "LOCKED_OUT" : "WRONG_PASSWORD" }, ct: ct);
        ModelState.AddModelError(field, result == StepUpResult.LockedOut ? StepUp.LockedOutMessage : WrongPasswordMessage);
        return false;
    }

    private static string Digits(string code) => code.Replace(" ", "", StringComparison.Ordinal).Trim();

    private async Task<PageResult> PageAsync(AppUser user)
    {
        await LoadAsync(user);
        return Page();
    }

    private async Task LoadAsync(AppUser user)
    {
        Enabled = user.TwoFactorEnabled;
        if (Enabled) return;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            // The first key is a new security stamp (checked on every request): the cookie of this session follows it.
            await signIn.RefreshSignInAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }
        SharedKey = FormatKey(key);
        var uri = $"otpauth://totp/{Uri.EscapeDataString("LifeTimeCircle:" + user.Email)}?secret={key}&issuer=LifeTimeCircle&digits=6";
        QrSvg = LifeTimeCircle.Infrastructure.Security.QrCodes.Svg(uri);
    }

    private static string FormatKey(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return sb.ToString().TrimEnd().ToLower(CultureInfo.InvariantCulture);
    }
}
