using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Konto;

[LifeTimeCircle.Web.AllowWithoutConsent]
public sealed class AbmeldenModel(SignInManager<AppUser> signIn, AuditWriter audit) : PageModel
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
        TempData["StatusMessage"] = "Sie wurden abgemeldet.";
        return RedirectToPage("/Index");
    }
}
