using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Pages.Konto;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Exporte;

/// <summary>Step-up before a sensitive export: the password (or an authenticator code, if set up) again.</summary>
public sealed class BestaetigenModel(UserManager<AppUser> users, StepUp stepUp, AuditWriter audit) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte geben Sie Ihr Passwort ein.")]
        [StringLength(128, ErrorMessage = "Die Eingabe ist zu lang.")]
        public string Secret { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound();
        var result = await stepUp.ConfirmAsync(HttpContext, users, user, Input.Secret, audit, AuditActions.StepUpSuccess, AuditActions.StepUpFailed, ct);
        if (result != StepUpResult.Confirmed)
        {
            ModelState.AddModelError("Input.Secret", result == StepUpResult.LockedOut ? StepUp.LockedOutMessage : "Das Passwort oder der Code ist falsch.");
            return Page();
        }
        TempData["StatusMessage"] = "Bestätigt. Sie können jetzt 10 Minuten lang sensible Exporte anfordern und herunterladen.";
        var target = KontoUrls.SafeReturnUrl(ReturnUrl);
        return LocalRedirect(target.StartsWith("/Exporte", StringComparison.OrdinalIgnoreCase) || target.StartsWith("/Fahrzeuge/", StringComparison.OrdinalIgnoreCase) ? target : "/Exporte");
    }
}
