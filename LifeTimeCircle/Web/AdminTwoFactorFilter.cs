using LifeTimeCircle.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Web;

/// <summary>
/// Admin pages need TOTP two-factor authentication switched on (SPEC §1); otherwise the set-up page. Applies to
/// administrators only: on the editorial desk (/Redaktion, shared with moderators) a moderator passes.
/// </summary>
public sealed class AdminTwoFactorFilter(UserManager<AppUser> users) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!context.HttpContext.User.IsAdministrator())
        {
            await next();
            return;
        }
        var user = await users.GetUserAsync(context.HttpContext.User);
        if (user is null || !user.TwoFactorEnabled)
        {
            if (context.HandlerInstance is PageModel page)
            {
                page.TempData["StatusMessage"] = "Für den Admin-Bereich muss die Zwei-Faktor-Anmeldung eingerichtet sein.";
            }
            context.Result = new RedirectToPageResult("/Konto/ZweiFaktor");
            return;
        }
        await next();
    }
}
