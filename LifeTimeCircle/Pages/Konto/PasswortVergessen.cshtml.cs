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

public sealed class PasswortVergessenModel(UserManager<AppUser> users, EmailCodeService codes, Mailer mailer, AuditWriter audit, EmailPseudonym pseudonym) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte geben Sie Ihre E-Mail-Adresse ein.")]
        [EmailAddress(ErrorMessage = "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.")]
        public string Email { get; set; } = "";
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
        var user = await users.FindByEmailAsync(email);
        if (user is not null)
        {
            var code = await codes.IssueAsync(user.Id, EmailCodePurpose.ResetPassword, ct);
            await audit.WriteForUserAsync(AuditActions.AuthChallengeCreated, user.Id, Roles.User, AuditResult.Success,
                new Dictionary<string, object?> { ["purpose"] = "reset_password", ["email_hmac"] = pseudonym.For(email) }, ct);
            try
            {
                await mailer.SendCodeAsync(email, code, "das Zurücksetzen Ihres Passworts", ct);
            }
            catch (MailDeliveryException)
            {
                // Logged by the mailer; same answer for every address.
            }
        }
        TempData[KontoUrls.PendingEmailKey] = email;
        TempData["StatusMessage"] = KontoUrls.SameAnswer;
        return RedirectToPage("/Konto/PasswortNeu");
    }
}
