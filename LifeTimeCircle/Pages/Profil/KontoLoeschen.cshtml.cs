using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Infrastructure.Accounts;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Profil;

/// <summary>„Konto löschen“ (issue 19 item 2): what happens to each vehicle, confirmation with password (and code), the pending state with „Abbrechen“.</summary>
public sealed class KontoLoeschenModel(AccountDeletions deletions, UserManager<AppUser> users) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public DeletionPlan Plan { get; private set; } = null!;
    public bool TwoFactor { get; private set; }

    public sealed class InputModel
    {
        public bool Confirm { get; set; }

        [Required(ErrorMessage = "Bitte geben Sie Ihr Passwort ein.")]
        [StringLength(128, ErrorMessage = "Die Eingabe ist zu lang.")]
        public string Password { get; set; } = "";

        [StringLength(16, ErrorMessage = "Die Eingabe ist zu lang.")]
        public string? Code { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (Plan.Pending is not null) return RedirectToPage();
        if (Plan.Blocker is not null) ModelState.AddModelError("", Plan.Blocker);
        if (!Input.Confirm) ModelState.AddModelError("Input.Confirm", "Bitte bestätigen Sie, dass Ihr Konto mit allen Daten gelöscht werden soll.");
        if (TwoFactor && string.IsNullOrWhiteSpace(Input.Code)) ModelState.AddModelError("Input.Code", "Bitte geben Sie den Code aus Ihrer Authenticator-App ein.");
        if (!ModelState.IsValid) return Page();
        var user = (await users.GetUserAsync(User))!;
        var check = await StepUp.CheckCountingFailuresAsync(users, user, async () => await users.CheckPasswordAsync(user, Input.Password)
            && (!TwoFactor || await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Input.Code!.Replace(" ", "", StringComparison.Ordinal))));
        if (check != StepUpResult.Confirmed)
        {
            ModelState.AddModelError("Input.Password", check == StepUpResult.LockedOut ? StepUp.LockedOutMessage
                : TwoFactor ? "Das Passwort oder der Code ist falsch." : "Das Passwort ist falsch.");
            return Page();
        }
        if (await deletions.RequestAsync(user, ct) is { } error)
        {
            ModelState.AddModelError("", error);
            return Page();
        }
        TempData["StatusMessage"] = "Die Löschung ist beantragt. Wir haben Ihnen eine E-Mail mit einem Link zum Abbrechen geschickt.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken ct)
    {
        TempData["StatusMessage"] = await deletions.CancelAsync(User.UserId(), ct)
            ? "Die Löschung ist abgebrochen. Ihr Konto bleibt bestehen."
            : "Es ist keine Löschung mehr abzubrechen.";
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return false;
        TwoFactor = user.TwoFactorEnabled;
        Plan = await deletions.PlanAsync(user.Id, ct);
        return true;
    }
}
