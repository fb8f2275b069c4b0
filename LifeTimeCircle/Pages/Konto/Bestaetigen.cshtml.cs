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

public sealed class BestaetigenModel(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    EmailCodeService codes,
    Mailer mailer,
    AuditWriter audit,
    EmailPseudonym pseudonym) : PageModel
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
        var ok = user is not null && !user.EmailConfirmed
            && await codes.CheckAsync(user.Id, EmailCodePurpose.VerifyEmail, Input.Code, ct);
        if (!ok)
        {
            await audit.WriteForUserAsync(AuditActions.AuthChallengeFailed, user?.Id, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["purpose"] = "verify_email", ["email_hmac"] = pseudonym.For(Input.Email) }, ct);
            ModelState.AddModelError("Input.Code", KontoUrls.CodeInvalid);
            return Page();
        }
        user!.EmailConfirmed = true;
        await users.UpdateAsync(user);
        await audit.WriteForUserAsync(AuditActions.AuthChallengeVerified, user.Id, Roles.User, AuditResult.Success,
            new Dictionary<string, object?> { ["purpose"] = "verify_email" }, ct);
        await signIn.SignInAsync(user, isPersistent: false);
        await audit.WriteForUserAsync(AuditActions.SessionCreated, user.Id, Roles.User, AuditResult.Success,
            new Dictionary<string, object?> { ["method"] = "email_code" }, ct);
        TempData.Remove(KontoUrls.PendingEmailKey);
        TempData["StatusMessage"] = "Ihre E-Mail-Adresse ist bestätigt.";
        return RedirectToPage("/Konto/Einwilligung");
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken ct)
    {
        ModelState.Remove("Input.Code");
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var email = KontoUrls.Normalize(Input.Email);
        var user = await users.FindByEmailAsync(email);
        if (user is not null && !user.EmailConfirmed)
        {
            var code = await codes.IssueAsync(user.Id, EmailCodePurpose.VerifyEmail, ct);
            await audit.WriteForUserAsync(AuditActions.AuthChallengeCreated, user.Id, Roles.User, AuditResult.Success,
                new Dictionary<string, object?> { ["purpose"] = "verify_email", ["email_hmac"] = pseudonym.For(email) }, ct);
            try
            {
                await mailer.SendCodeAsync(email, code, "die Bestätigung Ihrer E-Mail-Adresse", ct);
            }
            catch (MailDeliveryException)
            {
                // Logged by the mailer; same answer for every address.
            }
        }
        TempData[KontoUrls.PendingEmailKey] = email;
        TempData["StatusMessage"] = KontoUrls.SameAnswer;
        return RedirectToPage();
    }
}
