using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Accounts;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

/// <summary>
/// The invitee's way to the editorial desk (issue 19 item 4), signed in or not: (1) the code from the mail — from the
/// link's fragment by script, typed without — is checked (one answer for unknown, expired, used and withdrawn codes) and
/// kept in a protected cookie, never in a URL; (2) a new address sets its password, a known one signs in; (3) with TOTP
/// switched on, „Redaktionszugang aktivieren“ makes the account a moderator. Reachable without consent: the desk asks
/// for it afterwards. Code checks count against LTC_RATELIMIT_CODECHECK.
/// </summary>
[AllowWithoutConsent]
public sealed class RedaktionszugangModel(ModeratorAccreditation accreditation, ModeratorInviteCookie cookie, UserManager<AppUser> users,
    SignInManager<AppUser> signIn) : PageModel
{
    // Three steps (code, password, activation) on one page, so the invitee never leaves the flow; the rules are in
    // ModeratorAccreditation, the inputs beside the page (RedaktionszugangInputs.cs).
    [BindProperty]
    public RedaktionszugangCodeInput Code { get; set; } = new();

    [BindProperty]
    public RedaktionszugangPasswordInput Password { get; set; } = new();

    public ModeratorInviteView? Invite { get; private set; }
    /// <summary>Signed in: why the account cannot accept yet (null = it can).</summary>
    public string? Refusal { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Only("Code.");
        if (!ModelState.IsValid) return await PageAsync(ct);
        if (StaffCodes.Normalize(Code.Value) is not { } code || await accreditation.FindAsync(code, ct) is null)
        {
            ModelState.AddModelError("Code.Value", ModeratorAccreditation.InvalidCode);
            return await PageAsync(ct);
        }
        cookie.Keep(HttpContext, code);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        Only("Password.");
        await LoadAsync(ct);
        if (Invite is null || Invite.AccountExists || User.Identity?.IsAuthenticated == true) return RedirectToPage();
        if (!ModelState.IsValid) return Page();
        var (user, errors) = await accreditation.CreateAccountAsync(Invite.Invite, Password.New, ct);
        if (user is null)
        {
            foreach (var e in errors) ModelState.AddModelError("Password.New", e);
            return Page();
        }
        await signIn.SignInAsync(user, isPersistent: false);
        TempData["StatusMessage"] = "Ihr Konto ist angelegt. Richten Sie jetzt die Zwei-Faktor-Anmeldung ein.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostActivateAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (await accreditation.AcceptAsync(cookie.Read(HttpContext), user, ct) is { } refusal)
        {
            ModelState.Clear();
            ModelState.AddModelError("", refusal);
            return await PageAsync(ct);
        }
        cookie.Forget(HttpContext);
        // The role change renewed the security stamp: a fresh session cookie with the role moderator.
        await signIn.SignInAsync((await users.FindByIdAsync(user.Id))!, isPersistent: false);
        TempData["StatusMessage"] = "Ihr Redaktionszugang ist aktiv. Hier schreiben Sie Beiträge für Blog und News.";
        return RedirectToPage("/Redaktion/Index");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Invite = await accreditation.FindAsync(cookie.Read(HttpContext), ct);
        if (Invite is null || User.Identity?.IsAuthenticated != true) return;
        Refusal = await users.GetUserAsync(User) is { } user ? await accreditation.AcceptRefusalAsync(Invite.Invite, user, ct) : ModeratorAccreditation.OtherAddress;
    }

    private async Task<PageResult> PageAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Each form posts one input; the other one is not this handler's business.</summary>
    private void Only(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix, StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
    }
}
