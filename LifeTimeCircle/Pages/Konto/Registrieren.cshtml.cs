using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

public sealed class RegistrierenModel(AccountOwnership ownership, Registration registration, LtcEnvironment env) : PageModel
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
        [MailAddress]
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

    /// <summary>Validate the input (password rules included) for every address alike, then the same answer (see <see cref="Registration"/>).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var business = Input.Art == "gewerblich";
        if (business && (Input.BusinessType is not { } t || !BusinessTypes.Registrable.Contains(t)))
        {
            ModelState.AddModelError("Input.BusinessType", "Bitte wählen Sie die Art Ihres Betriebs.");
        }
        var email = KontoUrls.Normalize(Input.Email);
        await ownership.CheckPasswordRulesAsync(ModelState, "Input.Password", email, Input.Password);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var choice = new RegistrationChoice(ownership.HashPassword(email, Input.Password),
            business ? AccountKind.Gewerblich : AccountKind.Privat,
            business ? Input.BusinessType : null,
            business && !string.IsNullOrWhiteSpace(Input.BusinessName) ? Input.BusinessName.Trim() : null);
        await registration.RegisterAsync(email, choice, RegistrationFlow.Start(HttpContext, env), ct);

        TempData[KontoUrls.PendingEmailKey] = email;
        TempData["StatusMessage"] = KontoUrls.SameAnswer;
        return RedirectToPage("/Konto/Bestaetigen");
    }
}
