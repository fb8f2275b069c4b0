using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

/// <summary>
/// The invitee's first step (issue 16, anonymous allowed): the code from the invitation mail — filled in from the link's
/// fragment by script, typed without — goes into a short-lived protected cookie, never into a URL. Signed in, the person
/// continues to the acceptance; otherwise the page names the business and offers sign-in and registration alike (the
/// page does not know, and does not say, whether the invited address has an account).
/// </summary>
public sealed class EinladungModel(StaffSeats seats, StaffInviteCookie cookie) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public StaffInvite? Invite { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte geben Sie den Einladungscode ein.")]
        [StringLength(64, ErrorMessage = StaffCodes.InvalidMessage)]
        public string Code { get; set; } = "";
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (cookie.Read(HttpContext) is { } code) Invite = await seats.FindInviteAsync(code, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        if (StaffCodes.Normalize(Input.Code) is not { } code || await seats.FindInviteAsync(code, ct) is null)
        {
            ModelState.AddModelError("Input.Code", StaffCodes.InvalidMessage);
            return Page();
        }
        cookie.Keep(HttpContext, code);
        return User.Identity?.IsAuthenticated == true ? RedirectToPage("/Profil/Einladung") : RedirectToPage("/Konto/Einladung");
    }
}
