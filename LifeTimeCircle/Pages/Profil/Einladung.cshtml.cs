using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Profil;

/// <summary>
/// The signed-in invitee accepts a business's invitation (issue 16): the code from this browser's cookie, the account
/// with the invited address. Accepting ends the account's other sessions and signs it in again as a session cookie —
/// from now on the shared-PC rules of business accounts apply to it.
/// </summary>
public sealed class EinladungModel(StaffSeats seats, StaffInviteCookie cookie, UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    public StaffInvite? Invite { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (cookie.Read(HttpContext) is { } code) Invite = await seats.FindInviteAsync(code, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.FindByIdAsync(User.UserId()) ?? throw new InvalidOperationException("Konto nicht gefunden.");
        var code = cookie.Read(HttpContext);
        var result = await seats.AcceptAsync(code, user, ct);
        if (result.Refusal is not null)
        {
            ModelState.AddModelError("", result.Refusal);
            Invite = await seats.FindInviteAsync(code, ct);
            return Page();
        }
        cookie.Forget(HttpContext);
        // The seat changed the security stamp: a fresh session cookie (never persistent) with the new claim.
        await signIn.SignInAsync((await users.FindByIdAsync(user.Id))!, isPersistent: false);
        if (result.State == SeatState.Aktiv)
        {
            TempData["StatusMessage"] = $"Sie arbeiten jetzt für „{result.BusinessName}“. Hier sehen Sie die Fahrzeuge, für die der Betrieb Zugriff hat.";
            return RedirectToPage("/Betrieb/Kundenfahrzeuge/Index");
        }
        TempData["StatusMessage"] = $"Einladung angenommen. „{result.BusinessName}“ hat seine freien Plätze belegt; Ihr Platz wird von LifeTimeCircle geprüft. " +
            "Nach der Freigabe melden Sie sich neu an.";
        return RedirectToPage("/Dashboard/Index");
    }
}
