using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Pages.Konto;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Shared;

/// <summary>
/// The step-up form (password or authenticator code again, valid 10 minutes) shared by the admin area and the
/// sensitive exports; each page says which audit actions it writes and where it may return to.
/// </summary>
[LifeTimeCircle.Web.AllowWhenStorageLow]
public abstract class StepUpPageModel(UserManager<AppUser> users, StepUp stepUp, AuditWriter audit) : PageModel
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

    protected abstract string SuccessAction { get; }
    protected abstract string FailedAction { get; }
    protected abstract string ConfirmedMessage { get; }

    /// <summary>Where to go after confirming, given a local return URL.</summary>
    protected abstract string Target(string localReturnUrl);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound();
        var result = await stepUp.ConfirmAsync(HttpContext, users, user, Input.Secret, audit, SuccessAction, FailedAction, ct);
        if (result != StepUpResult.Confirmed)
        {
            ModelState.AddModelError("Input.Secret", result == StepUpResult.LockedOut ? StepUp.LockedOutMessage : "Das Passwort oder der Code ist falsch.");
            return Page();
        }
        TempData["StatusMessage"] = ConfirmedMessage;
        return LocalRedirect(Target(KontoUrls.SafeReturnUrl(Url, ReturnUrl)));
    }
}
