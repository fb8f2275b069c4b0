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
