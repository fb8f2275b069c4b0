using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

public sealed class PasswortNeuModel(AccountOwnership ownership, PasswordReset reset) : PageModel
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

    /// <summary>Password rules first, alike for every address (a weak password does not use up the code), then the code.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var email = KontoUrls.Normalize(Input.Email);
        await ownership.CheckPasswordRulesAsync(ModelState, "Input.Password", email, Input.Password);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await reset.ResetAsync(email, Input.Code, Input.Password, ct);
        if (result is null)
        {
            ModelState.AddModelError("Input.Code", KontoUrls.CodeInvalid);
            return Page();
        }
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) ModelState.AddModelError("Input.Password", e.Description);
            return Page();
        }
        TempData.Remove(KontoUrls.PendingEmailKey);
        TempData["StatusMessage"] = "Ihr Passwort wurde geändert. Alle anderen Anmeldungen wurden beendet. Bitte melden Sie sich an.";
        return RedirectToPage("/Konto/Anmelden");
    }
}
