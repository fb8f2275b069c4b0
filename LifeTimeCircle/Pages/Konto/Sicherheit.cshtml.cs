using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

/// <summary>Account security: change password, two-factor, sign out on every device.</summary>
public sealed class SicherheitModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditWriter audit) : PageModel
{
    // Longer than 80 lines: two forms (password change, sign out everywhere) with their audit; the rules are Identity's.
    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    public bool TwoFactorEnabled { get; private set; }

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Bitte geben Sie Ihr aktuelles Passwort ein.")]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Bitte wählen Sie ein neues Passwort.")]
        [StringLength(128, MinimumLength = 10, ErrorMessage = "Das Passwort muss mindestens 10 Zeichen lang sein.")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Bitte wiederholen Sie das neue Passwort.")]
        [Compare(nameof(NewPassword), ErrorMessage = "Die Passwörter stimmen nicht überein.")]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound();
        TwoFactorEnabled = user.TwoFactorEnabled;
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound();
        TwoFactorEnabled = user.TwoFactorEnabled;
        if (!ModelState.IsValid) return Page();
        // A left-open session must not be usable to guess the password: wrong current passwords count towards the lockout.
        if (await users.IsLockedOutAsync(user))
        {
            ModelState.AddModelError("Input.CurrentPassword", StepUp.LockedOutMessage);
            return Page();
        }
        if (!await users.CheckPasswordAsync(user, Input.CurrentPassword))
        {
            await users.AccessFailedAsync(user);
            ModelState.AddModelError("Input.CurrentPassword", await users.IsLockedOutAsync(user) ? StepUp.LockedOutMessage : "Das aktuelle Passwort ist falsch.");
            return Page();
        }
        await users.ResetAccessFailedCountAsync(user);
        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                ModelState.AddModelError(e.Code == "PasswordMismatch" ? "Input.CurrentPassword" : "Input.NewPassword", e.Description);
            }
            return Page();
        }
        await audit.WriteAsync(AuditActions.PasswordReset, "USER", user.Id, AuditResult.Success,
            new Dictionary<string, object?> { ["method"] = "change" }, ct: ct);
        await signIn.RefreshSignInAsync(user);
        TempData["StatusMessage"] = "Ihr Passwort wurde geändert. Andere Geräte sind abgemeldet.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEverywhereAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound();
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync(AuditActions.SessionRevoked, "USER", user.Id, AuditResult.Success,
            new Dictionary<string, object?> { ["scope"] = "all_devices" }, ct: ct);
        await signIn.SignOutAsync();
        TempData["StatusMessage"] = "Sie wurden auf allen Geräten abgemeldet.";
        return RedirectToPage("/Index");
    }
}
