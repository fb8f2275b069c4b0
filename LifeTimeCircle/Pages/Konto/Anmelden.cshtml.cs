using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

public sealed class AnmeldenModel(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    EmailCodeService codes,
    Mailer mailer,
    AuditWriter audit,
    EmailPseudonym pseudonym,
    ILogger<AnmeldenModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte geben Sie Ihre E-Mail-Adresse ein.")]
        [EmailAddress(ErrorMessage = "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Bitte geben Sie Ihr Passwort ein.")]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var email = KontoUrls.Normalize(Input.Email);
        var result = await signIn.PasswordSignInAsync(email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        var user = await users.FindByEmailAsync(email);
        if (result.Succeeded && user is not null)
        {
            var roles = await users.GetRolesAsync(user);
            var role = roles.FirstOrDefault() ?? Roles.User;
            await audit.WriteForUserAsync(AuditActions.SessionCreated, user.Id, role, AuditResult.Success,
                new Dictionary<string, object?> { ["method"] = "password", ["persistent"] = Input.RememberMe }, ct);
            logger.LogInformation("Anmeldung erfolgreich für {EmailPseudonym}", pseudonym.For(email));
            return LocalRedirect(KontoUrls.SafeReturnUrl(ReturnUrl, isModerator: role == Roles.Moderator));
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Konto/AnmeldenZweiFaktor", new { rememberMe = Input.RememberMe, returnUrl = ReturnUrl });
        }
        if (result.IsLockedOut)
        {
            await audit.WriteForUserAsync(AuditActions.AccountLockedOut, user?.Id, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["email_hmac"] = pseudonym.For(email) }, ct);
            logger.LogWarning("Konto gesperrt nach Fehlversuchen: {EmailPseudonym}", pseudonym.For(email));
            ModelState.AddModelError("", "Zu viele Fehlversuche. Die Anmeldung ist für 15 Minuten gesperrt. Sie können Ihr Passwort zurücksetzen.");
            return Page();
        }
        if (result.IsNotAllowed && user is not null && !user.EmailConfirmed)
        {
            // Reached only with the right password: a new code, then the verification page.
            var code = await codes.IssueAsync(user.Id, EmailCodePurpose.VerifyEmail, ct);
            try
            {
                await mailer.SendCodeAsync(email, code, "die Bestätigung Ihrer E-Mail-Adresse", ct);
            }
            catch (MailDeliveryException)
            {
                // Logged by the mailer; the user can request another code on the next page.
            }
            TempData[KontoUrls.PendingEmailKey] = email;
            TempData["StatusMessage"] = "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse. Wir haben Ihnen einen neuen Code gesendet.";
            return RedirectToPage("/Konto/Bestaetigen");
        }
        await audit.WriteForUserAsync(AuditActions.SignInFailed, user?.Id, Roles.User, AuditResult.Denied,
            new Dictionary<string, object?> { ["email_hmac"] = pseudonym.For(email), ["reason_code"] = "INVALID_CREDENTIALS" }, ct);
        logger.LogWarning("Anmeldung fehlgeschlagen für {EmailPseudonym}", pseudonym.For(email));
        ModelState.AddModelError("Input.Password", "E-Mail-Adresse oder Passwort ist falsch.");
        return Page();
    }
}
