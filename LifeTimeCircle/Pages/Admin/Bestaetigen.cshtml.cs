using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Pages.Konto;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>Step-up: re-enter the password or an authenticator code before a sensitive admin action.</summary>
public sealed class BestaetigenModel(UserManager<AppUser> users, StepUp stepUp, AuditWriter audit) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte geben Sie Ihr Passwort oder einen Code aus der Authenticator-App ein.")]
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
        var result = await stepUp.ConfirmAsync(HttpContext, users, user, Input.Secret, audit, AuditActions.AdminStepUpSuccess, AuditActions.AdminStepUpFailed, ct);
        if (result != StepUpResult.Confirmed)
        {
            ModelState.AddModelError("Input.Secret", result == StepUpResult.LockedOut ? StepUp.LockedOutMessage : "Passwort oder Code ist falsch.");
            return Page();
        }
        TempData["StatusMessage"] = "Bestätigt. Sensible Aktionen sind für 10 Minuten freigegeben.";
        var target = KontoUrls.SafeReturnUrl(ReturnUrl);
        return LocalRedirect(target.StartsWith("/Admin", StringComparison.OrdinalIgnoreCase) ? target : "/Admin");
    }
}
