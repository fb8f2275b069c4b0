using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Infrastructure.Security;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

public sealed class AnmeldenModel(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    Mailer mailer,
    AuditWriter audit,
    EmailPseudonym pseudonym,
    ILogger<AnmeldenModel> logger) : PageModel
{
    /// <summary>The one answer for a wrong password, an unknown or unconfirmed address and a locked account alike.</summary>
    public const string FailedMessage = "E-Mail-Adresse oder Passwort ist falsch. Nach fünf Fehlversuchen ist die Anmeldung für 15 Minuten gesperrt; Sie können Ihr Passwort jederzeit zurücksetzen.";

    /// <summary>A hash that no password matches: checking it costs what checking a real one costs.</summary>
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<AppUser>().HashPassword(new AppUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

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

    /// <summary>
    /// One control flow for every address: the password is checked (against a dummy hash when there is no usable
    /// account), and every failure — wrong password, unknown or never-confirmed address, lockout — gets the same
    /// answer. The owner of a real account learns of a lockout by e-mail, not the person at the keyboard.
    /// </summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var email = KontoUrls.Normalize(Input.Email);
        var user = await users.FindByEmailAsync(email);
        var lockedBefore = user is not null && await users.IsLockedOutAsync(user);
        var result = user is { EmailConfirmed: true }
            ? await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true)
            : SignInResult.Failed;
        if (user is not { EmailConfirmed: true } || user.PasswordHash is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, Input.Password);
        }
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
        if (result.IsLockedOut && user is not null)
        {
            await audit.WriteForUserAsync(AuditActions.AccountLockedOut, user.Id, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["email_hmac"] = pseudonym.For(email), ["just_locked"] = !lockedBefore }, ct);
            logger.LogWarning("Konto gesperrt nach Fehlversuchen: {EmailPseudonym}", pseudonym.For(email));
            if (!lockedBefore)
            {
                await mailer.QueueLockedOutAsync(user.Email!, ct);
            }
        }
        else
        {
            await audit.WriteForUserAsync(AuditActions.SignInFailed, user?.Id, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["email_hmac"] = pseudonym.For(email), ["reason_code"] = "INVALID_CREDENTIALS" }, ct);
            logger.LogWarning("Anmeldung fehlgeschlagen für {EmailPseudonym}", pseudonym.For(email));
        }
        ModelState.AddModelError("Input.Password", FailedMessage);
        return Page();
    }
}
