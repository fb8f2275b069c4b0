using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

public sealed class BestaetigenModel(SignInManager<AppUser> signIn, Registration registration, AuditWriter audit, LtcEnvironment env) : PageModel
{
    // Longer than 80 lines: two handlers (confirm, resend) with their input model and the hand-over to a pending vehicle transfer; the rules live in Registration and EmailChallenge.
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

        [Required(ErrorMessage = "Bitte geben Sie das Passwort ein, das Sie bei der Registrierung gewählt haben.")]
        [StringLength(128, ErrorMessage = "Das Passwort ist zu lang.")]
        public string Password { get; set; } = "";
    }

    public void OnGet()
    {
        Input.Email = TempData.Peek(KontoUrls.PendingEmailKey) as string ?? "";
    }

    /// <summary>
    /// The code proves the address only together with the browser flow that asked for it; then the account gets
    /// the password chosen in that flow and loses everything set before (see <see cref="AccountOwnership"/>).
    /// </summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (await registration.ConfirmAsync(KontoUrls.Normalize(Input.Email), Input.Code, Input.Password, RegistrationFlow.Current(HttpContext, env), ct)
            is not var (user, choice))
        {
            ModelState.AddModelError("Input.Code", KontoUrls.ConfirmInvalid);
            return Page();
        }
        RegistrationFlow.End(HttpContext);
        await signIn.SignInAsync(user, isPersistent: false);
        await audit.WriteForUserAsync(AuditActions.SessionCreated, user.Id, Roles.User, AuditResult.Success,
            new Dictionary<string, object?> { ["method"] = "email_code" }, ct);
        TempData.Remove(KontoUrls.PendingEmailKey);
        TempData["StatusMessage"] = choice.Kind == AccountKind.Gewerblich
            ? "Ihre E-Mail-Adresse ist bestätigt. Ihr Geschäftskonto prüfen wir noch; bis dahin gelten die Grenzen eines privaten Kontos."
            : "Ihre E-Mail-Adresse ist bestätigt.";
        // A buyer who registered in the middle of a handover goes on to its confirmation, an invited staff member to the
        // invitation (the codes stay in their cookies).
        return RedirectToPage("/Konto/Einwilligung", new
        {
            returnUrl = Request.Cookies.ContainsKey(LifeTimeCircle.Infrastructure.Vehicles.TransferCookies.BuyerCookie) ? Url.Page("/Uebergabe/Bestaetigen")
                : Request.Cookies.ContainsKey(LifeTimeCircle.Infrastructure.Workshops.StaffInviteCookie.Name) ? Url.Page("/Profil/Einladung") : null,
        });
    }

    /// <summary>A new code for this browser's registration (same answer for every address and every browser).</summary>
    public async Task<IActionResult> OnPostResendAsync(CancellationToken ct)
    {
        ModelState.Remove("Input.Code");
        ModelState.Remove("Input.Password");
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var email = KontoUrls.Normalize(Input.Email);
        await registration.ResendAsync(email, RegistrationFlow.Current(HttpContext, env), ct);
        TempData[KontoUrls.PendingEmailKey] = email;
        TempData["StatusMessage"] = KontoUrls.SameAnswer;
        return RedirectToPage();
    }
}
