using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

public sealed class RegistrierenModel(
    UserManager<AppUser> users,
    EmailCodeService codes,
    Mailer mailer,
    AuditWriter audit,
    TimeProvider clock,
    EmailPseudonym pseudonym,
    ILogger<RegistrierenModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte wählen Sie Privat oder Gewerblich.")]
        [RegularExpression("^(privat|gewerblich)$", ErrorMessage = "Bitte wählen Sie Privat oder Gewerblich.")]
        public string Art { get; set; } = "privat";

        public BusinessType? BusinessType { get; set; }

        [StringLength(120, ErrorMessage = "Der Firmenname darf höchstens 120 Zeichen lang sein.")]
        public string? BusinessName { get; set; }

        [Required(ErrorMessage = "Bitte geben Sie Ihre E-Mail-Adresse ein.")]
        [EmailAddress(ErrorMessage = "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.")]
        [StringLength(254, ErrorMessage = "Die E-Mail-Adresse ist zu lang.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Bitte wählen Sie ein Passwort.")]
        [StringLength(128, MinimumLength = 10, ErrorMessage = "Das Passwort muss mindestens 10 Zeichen lang sein.")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Bitte wiederholen Sie das Passwort.")]
        [Compare(nameof(Password), ErrorMessage = "Die Passwörter stimmen nicht überein.")]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet(string? art)
    {
        Input.Art = art == "gewerblich" ? "gewerblich" : "privat";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var business = Input.Art == "gewerblich";
        if (business && Input.BusinessType is null)
        {
            ModelState.AddModelError("Input.BusinessType", "Bitte wählen Sie die Art Ihres Betriebs.");
        }
        if (business && Input.BusinessType is { } t && !BusinessTypes.Registrable.Contains(t))
        {
            ModelState.AddModelError("Input.BusinessType", "Bitte wählen Sie die Art Ihres Betriebs.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = KontoUrls.Normalize(Input.Email);
        var existing = await users.FindByEmailAsync(email);
        if (existing is null)
        {
            var user = new AppUser
            {
                UserName = email,
                Email = email,
                AccountKind = business ? AccountKind.Gewerblich : AccountKind.Privat,
                BusinessType = business ? Input.BusinessType : null,
                BusinessName = business && !string.IsNullOrWhiteSpace(Input.BusinessName) ? Input.BusinessName.Trim() : null,
                CreatedAt = clock.GetUtcNow(),
            };
            IdentityResult created;
            try
            {
                created = await users.CreateAsync(user, Input.Password);
            }
            catch (DbUpdateException)
            {
                created = IdentityResult.Failed(new IdentityError { Code = "DuplicateUserName" });
            }
            if (created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail"))
            {
                // The same address was registered by a parallel request a moment ago: same answer as for a known address.
                TempData[KontoUrls.PendingEmailKey] = email;
                TempData["StatusMessage"] = KontoUrls.SameAnswer;
                return RedirectToPage("/Konto/Bestaetigen");
            }
            if (!created.Succeeded)
            {
                foreach (var error in created.Errors)
                {
                    var key = error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : "Input.Email";
                    ModelState.AddModelError(key, error.Description);
                }
                return Page();
            }
            await users.AddToRoleAsync(user, business ? Roles.Dealer : Roles.User);
            await audit.WriteForUserAsync(AuditActions.AccountRegistered, user.Id, business ? Roles.Dealer : Roles.User, AuditResult.Success,
                new Dictionary<string, object?> { ["account_kind"] = user.AccountKind.ToString() }, ct);
            await SendCodeAsync(user, ct);
        }
        else
        {
            // Same answer and similar work for a known address: no account enumeration.
            users.PasswordHasher.HashPassword(existing, Input.Password);
            if (!existing.EmailConfirmed)
            {
                await SendCodeAsync(existing, ct);
            }
            else
            {
                await TrySendAsync(() => mailer.SendAlreadyRegisteredAsync(email, ct));
            }
        }

        TempData[KontoUrls.PendingEmailKey] = email;
        TempData["StatusMessage"] = KontoUrls.SameAnswer;
        return RedirectToPage("/Konto/Bestaetigen");
    }

    private async Task SendCodeAsync(AppUser user, CancellationToken ct)
    {
        var code = await codes.IssueAsync(user.Id, EmailCodePurpose.VerifyEmail, ct);
        await audit.WriteForUserAsync(AuditActions.AuthChallengeCreated, user.Id, Roles.User, AuditResult.Success,
            new Dictionary<string, object?> { ["purpose"] = "verify_email", ["email_hmac"] = pseudonym.For(user.Email) }, ct);
        await TrySendAsync(() => mailer.SendCodeAsync(user.Email!, code, "die Bestätigung Ihrer E-Mail-Adresse", ct));
    }

    private async Task TrySendAsync(Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (MailDeliveryException)
        {
            // Already logged by the mailer; the answer must not differ. The user can request a new code.
            logger.LogWarning("Registrierung: Code-Mail nicht zugestellt, Nutzer kann neu anfordern");
        }
    }
}
