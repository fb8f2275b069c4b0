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

/// <summary>TOTP two-factor set-up (authenticator app), recovery codes, switching it off.</summary>
[AllowWithoutConsent]
public sealed class ZweiFaktorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditWriter audit) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Enabled { get; private set; }
    public string SharedKey { get; private set; } = "";
    public string QrSvg { get; private set; } = "";
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte geben Sie den 6-stelligen Code aus der App ein.")]
        [RegularExpression("^\\s*[0-9]{3}\\s?[0-9]{3}\\s*$", ErrorMessage = "Der Code besteht aus 6 Ziffern.")]
        public string Code { get; set; } = "";
    }

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

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound();
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }
        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal);
        var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
        if (!valid)
        {
            ModelState.AddModelError("Input.Code", "Der Code ist ungültig. Prüfen Sie die Uhrzeit Ihres Geräts und versuchen Sie es erneut.");
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        var recovery = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? [];
        await audit.WriteAsync(AuditActions.TwoFactorEnabled, "USER", user.Id, AuditResult.Success, ct: ct);
        await signIn.RefreshSignInAsync(user);
        TempData["RecoveryCodes"] = string.Join(' ', recovery);
        TempData["StatusMessage"] = "Die Zwei-Faktor-Anmeldung ist eingerichtet.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound();
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }
        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal);
        var lockedOut = await users.IsLockedOutAsync(user);
        if (lockedOut || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            // Wrong codes count towards the lockout, so a left-open session cannot guess its way to switching 2FA off.
            if (!lockedOut) await users.AccessFailedAsync(user);
            ModelState.AddModelError("Input.Code", lockedOut || await users.IsLockedOutAsync(user) ? StepUp.LockedOutMessage : "Der Code ist ungültig.");
            await LoadAsync(user);
            return Page();
        }
        await users.ResetAccessFailedCountAsync(user);
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.WriteAsync(AuditActions.TwoFactorDisabled, "USER", user.Id, AuditResult.Success, ct: ct);
        await signIn.RefreshSignInAsync(user);
        TempData["StatusMessage"] = User.IsAdministrator()
            ? "Die Zwei-Faktor-Anmeldung ist ausgeschaltet. Ohne sie ist der Admin-Bereich gesperrt."
            : "Die Zwei-Faktor-Anmeldung ist ausgeschaltet.";
        return RedirectToPage();
    }

    private async Task LoadAsync(AppUser user)
    {
        Enabled = user.TwoFactorEnabled;
        if (Enabled) return;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
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
