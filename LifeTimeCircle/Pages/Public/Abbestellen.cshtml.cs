using LifeTimeCircle.Domain.Notifications;
using LifeTimeCircle.Infrastructure.Notifications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Public;

/// <summary>
/// The unsubscribe link of every notification mail (and its <c>List-Unsubscribe</c> header): no sign-in, the signed
/// token names user and categories. GET only shows what will be switched off (link scanners of mail providers open
/// links); the button POSTs (with antiforgery) and switches e-mail off. An invalid token gets the same neutral 404 page.
/// The token is masked in request logs and the path counts against LTC_RATELIMIT_PUBLIC.
/// </summary>
public sealed class AbbestellenModel(UnsubscribeTokens tokens, NotificationPreferences preferences) : PageModel
{
    public IReadOnlyList<NotificationCategory> Categories { get; private set; } = [];
    public bool Done { get; private set; }

    public IActionResult OnGet(string unsubscribeToken)
    {
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        if (tokens.Read(unsubscribeToken) is not { } t) return Invalid();
        Categories = t.Categories;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string unsubscribeToken, CancellationToken ct)
    {
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        if (tokens.Read(unsubscribeToken) is not { } t || !await preferences.UnsubscribeAsync(t.UserId, t.Categories, ct)) return Invalid();
        Categories = t.Categories;
        Done = true;
        return Page();
    }

    private PageResult Invalid()
    {
        Categories = [];
        var page = Page();
        page.StatusCode = StatusCodes.Status404NotFound;
        return page;
    }
}
