using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

[LifeTimeCircle.Web.AllowWithoutConsent]
[LifeTimeCircle.Web.AllowWhenStorageLow]
public sealed class AbmeldenModel(SignInManager<AppUser> signIn, AuditWriter audit, LifeTimeCircle.Infrastructure.Vehicles.TransferCookies transfers) : PageModel
{
    public void OnGet()
    {
    }

    /// <summary>
    /// „Platz freigeben“ on a shared PC: signs out like „Abmelden“ and tells the browser to drop this site's cache and
    /// storage (<c>Clear-Site-Data</c>), so the back button and form restore show nothing of the previous person.
    /// </summary>
    public async Task<IActionResult> OnPostFreigebenAsync(CancellationToken ct)
    {
        await OnPostAsync(ct);
        Response.Headers["Clear-Site-Data"] = "\"cache\", \"storage\"";
        TempData["StatusMessage"] = "Platz freigegeben. Die nächste Person kann sich anmelden.";
        return RedirectToPage("/Konto/Anmelden");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await audit.WriteAsync(AuditActions.SessionRevoked, "USER", LifeTimeCircle.Web.ClaimsPrincipalExtensions.UserId(User), AuditResult.Success,
                new Dictionary<string, object?> { ["scope"] = "this_browser" }, ct: ct);
        }
        await signIn.SignOutAsync();
        // A handover code typed or created in this browser leaves with the person (shared PCs).
        transfers.ForgetBuyerCode(HttpContext);
        transfers.ForgetSellerCode(HttpContext);
        TempData["StatusMessage"] = "Sie wurden abgemeldet.";
        return RedirectToPage("/Index");
    }
}
