using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

[LifeTimeCircle.Web.AllowWhenStorageLow]
public sealed class AnmeldenZweiFaktorModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AppDbContext db, AuditWriter audit) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte geben Sie den Code aus Ihrer Authenticator-App oder einen Wiederherstellungscode ein.")]
        [StringLength(20, ErrorMessage = "Der Code ist zu lang.")]
        public string Code { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        return await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Konto/Anmelden") : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            TempData["StatusMessage"] = "Die Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.";
            return RedirectToPage("/Konto/Anmelden");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        RememberMe = RememberMe && await PasswordSignIn.MayStaySignedInAsync(users, db, user);
        var result = code.Length == 6 && code.All(char.IsDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(Input.Code.Replace(" ", "", StringComparison.Ordinal));
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.User;
        if (result.Succeeded)
        {
            await audit.WriteForUserAsync(AuditActions.SessionCreated, user.Id, role, AuditResult.Success,
                new Dictionary<string, object?> { ["method"] = "password+totp", ["persistent"] = RememberMe }, ct);
            return LocalRedirect(KontoUrls.SafeReturnUrl(Url, ReturnUrl, isModerator: role == Roles.Moderator));
        }
        if (result.IsLockedOut)
        {
            await audit.WriteForUserAsync(AuditActions.AccountLockedOut, user.Id, role, AuditResult.Denied, null, ct);
            ModelState.AddModelError("", "Zu viele Fehlversuche. Die Anmeldung ist für 15 Minuten gesperrt.");
            return Page();
        }
        await audit.WriteForUserAsync(AuditActions.AuthChallengeFailed, user.Id, role, AuditResult.Denied,
            new Dictionary<string, object?> { ["purpose"] = "totp" }, ct);
        ModelState.AddModelError("Input.Code", ZweiFaktorModel.WrongCodeMessage);
        return Page();
    }
}
