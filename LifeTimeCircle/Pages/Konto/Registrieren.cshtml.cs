using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

public sealed class RegistrierenModel(
    UserManager<AppUser> users,
    AccountOwnership ownership,
    EmailChallenge challenge,
    Mailer mailer,
    AuditWriter audit,
    LtcEnvironment env,
    TimeProvider clock) : PageModel
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

    /// <summary>
    /// One control flow for every address: validate the input (password rules included), then the same answer.
    /// Nothing set here opens an account: the password is kept with the code and becomes the account's password
    /// only when that code proves the address in this browser (see Bestaetigen).
    /// </summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var business = Input.Art == "gewerblich";
        if (business && (Input.BusinessType is not { } t || !BusinessTypes.Registrable.Contains(t)))
        {
            ModelState.AddModelError("Input.BusinessType", "Bitte wählen Sie die Art Ihres Betriebs.");
        }
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

        var choice = new RegistrationChoice(ownership.HashPassword(email, Input.Password),
            business ? AccountKind.Gewerblich : AccountKind.Privat,
            business ? Input.BusinessType : null,
            business && !string.IsNullOrWhiteSpace(Input.BusinessName) ? Input.BusinessName.Trim() : null);
        var flow = RegistrationFlow.Continue(HttpContext, env);
        var user = await users.FindByEmailAsync(email) ?? await CreateUnconfirmedAsync(email, ct);
        if (user is { EmailConfirmed: false })
        {
            await challenge.SendAsync(user, EmailCodePurpose.VerifyEmail, ct, flow, choice);
        }
        else if (user is not null)
        {
            await mailer.QueueAlreadyRegisteredAsync(email, ct);
        }

        TempData[KontoUrls.PendingEmailKey] = email;
        TempData["StatusMessage"] = KontoUrls.SameAnswer;
        return RedirectToPage("/Konto/Bestaetigen");
    }

    /// <summary>An account without password, role user, unconfirmed: it cannot be signed in to until its address is proven.</summary>
    private async Task<AppUser?> CreateUnconfirmedAsync(string email, CancellationToken ct)
    {
        var user = new AppUser { UserName = email, Email = email, AccountKind = AccountKind.Privat, CreatedAt = clock.GetUtcNow() };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user);
        }
        catch (DbUpdateException)
        {
            created = IdentityResult.Failed(new IdentityError { Code = "DuplicateUserName" });
        }
        if (!created.Succeeded)
        {
            // Registered by a parallel request a moment ago: continue with that account, same answer.
            return await users.FindByEmailAsync(email);
        }
        await users.AddToRoleAsync(user, Roles.User);
        await audit.WriteForUserAsync(AuditActions.AccountRegistered, user.Id, Roles.User, AuditResult.Success, null, ct);
        return user;
    }
}
