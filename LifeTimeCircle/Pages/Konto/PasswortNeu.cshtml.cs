using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

public sealed class PasswortNeuModel(UserManager<AppUser> users, EmailCodeService codes, AccountOwnership ownership, AuditWriter audit, EmailPseudonym pseudonym) : PageModel
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

    /// <summary>
    /// One control flow for every address: the password rules first (a weak password does not use up the code and
    /// is answered alike for known and unknown addresses), then the code. Proving the address of a never-confirmed
    /// account this way takes it over for the prover, like the registration code does.
    /// </summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var email = KontoUrls.Normalize(Input.Email);
        if (ModelState.GetFieldValidationState("Input.Password") == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Valid)
        {
            foreach (var problem in await ownership.PasswordProblemsAsync(email, Input.Password))
            {
                ModelState.AddModelError("Input.Password", problem);
            }
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await users.FindByEmailAsync(email);
        var proven = await codes.CheckAsync(user?.Id, EmailCodePurpose.ResetPassword, Input.Code, ct);
        if (user is null || proven is null)
        {
            await audit.WriteForUserAsync(AuditActions.AuthChallengeFailed, user?.Id, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["purpose"] = "reset_password", ["email_hmac"] = pseudonym.For(email) }, ct);
            ModelState.AddModelError("Input.Code", KontoUrls.CodeInvalid);
            return Page();
        }
        IdentityResult result;
        if (!user.EmailConfirmed)
        {
            result = await ownership.ProveNeverConfirmedAsync(user, ownership.HashPassword(email, Input.Password), choice: null);
        }
        else
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            result = await users.ResetPasswordAsync(user, token, Input.Password);
            if (result.Succeeded)
            {
                await users.SetLockoutEndDateAsync(user, null);
                await users.ResetAccessFailedCountAsync(user);
            }
        }
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) ModelState.AddModelError("Input.Password", e.Description);
            return Page();
        }
        await audit.WriteForUserAsync(AuditActions.PasswordReset, user.Id, Roles.User, AuditResult.Success, null, ct);
        TempData.Remove(KontoUrls.PendingEmailKey);
        TempData["StatusMessage"] = "Ihr Passwort wurde geändert. Alle anderen Anmeldungen wurden beendet. Bitte melden Sie sich an.";
        return RedirectToPage("/Konto/Anmelden");
    }
}
