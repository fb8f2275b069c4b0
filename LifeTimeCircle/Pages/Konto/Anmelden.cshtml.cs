using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

[LifeTimeCircle.Web.AllowWhenStorageLow]
public sealed class AnmeldenModel(PasswordSignIn passwordSignIn) : PageModel
{
    /// <summary>The one answer for a wrong password, an unknown or unconfirmed address and a locked account alike.</summary>
    public const string FailedMessage = "E-Mail-Adresse oder Passwort ist falsch. Nach fünf Fehlversuchen ist die Anmeldung für 15 Minuten gesperrt; Sie können Ihr Passwort jederzeit zurücksetzen.";

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
        var (outcome, role) = await passwordSignIn.SignInAsync(KontoUrls.Normalize(Input.Email), Input.Password, Input.RememberMe, ct);
        switch (outcome)
        {
            case SignInOutcome.SignedIn:
                return LocalRedirect(KontoUrls.SafeReturnUrl(Url, ReturnUrl, isModerator: role == Roles.Moderator));
            case SignInOutcome.TwoFactorRequired:
                return RedirectToPage("/Konto/AnmeldenZweiFaktor", new { rememberMe = Input.RememberMe, returnUrl = ReturnUrl });
            default:
                ModelState.AddModelError("Input.Password", FailedMessage);
                return Page();
        }
    }
}
