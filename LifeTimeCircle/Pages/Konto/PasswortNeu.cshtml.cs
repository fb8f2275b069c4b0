using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

public sealed class PasswortNeuModel(UserManager<AppUser> users, EmailCodeService codes, AuditWriter audit, EmailPseudonym pseudonym) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte geben Sie Ihre E-Mail-Adresse ein.")]
        [EmailAddress(ErrorMessage = "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Bitte geben Sie den 6-stelligen Code aus der E-Mail ein.")]
        [RegularExpression("^\\s*[0-9]{3}\\s?[0-9]{3}\\s*$", ErrorMessage = "Der Code besteht aus 6 Ziffern.")]
        public string Code { get; set; } = "";

        [Required(ErrorMessage = "Bitte wählen Sie ein neues Passwort.")]
        [StringLength(128, MinimumLength = 10, ErrorMessage = "Das Passwort muss mindestens 10 Zeichen lang sein.")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Bitte wiederholen Sie das Passwort.")]
        [Compare(nameof(Password), ErrorMessage = "Die Passwörter stimmen nicht überein.")]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet()
    {
        Input.Email = TempData.Peek(KontoUrls.PendingEmailKey) as string ?? "";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await users.FindByEmailAsync(KontoUrls.Normalize(Input.Email));
        if (user is not null)
        {
            // Check the password rules first so that a weak password does not use up the code.
            foreach (var validator in users.PasswordValidators)
            {
                var check = await validator.ValidateAsync(users, user, Input.Password);
                foreach (var e in check.Errors) ModelState.AddModelError("Input.Password", e.Description);
            }
            if (!ModelState.IsValid) return Page();
        }
        if (user is null || !await codes.CheckAsync(user.Id, EmailCodePurpose.ResetPassword, Input.Code, ct))
        {
            await audit.WriteForUserAsync(AuditActions.AuthChallengeFailed, user?.Id, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["purpose"] = "reset_password", ["email_hmac"] = pseudonym.For(Input.Email) }, ct);
            ModelState.AddModelError("Input.Code", KontoUrls.CodeInvalid);
            return Page();
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) ModelState.AddModelError("Input.Password", e.Description);
            return Page();
        }
        user.EmailConfirmed = true;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteForUserAsync(AuditActions.PasswordReset, user.Id, Roles.User, AuditResult.Success, null, ct);
        TempData.Remove(KontoUrls.PendingEmailKey);
        TempData["StatusMessage"] = "Ihr Passwort wurde geändert. Alle anderen Anmeldungen wurden beendet. Bitte melden Sie sich an.";
        return RedirectToPage("/Konto/Anmelden");
    }
}
