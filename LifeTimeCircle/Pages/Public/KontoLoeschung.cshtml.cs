using LifeTimeCircle.Infrastructure.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Public;

/// <summary>
/// The cancel link of the account-deletion mail (issue 19 item 2): no sign-in. GET only asks (mail scanners open links);
/// the button POSTs with antiforgery and cancels once. Unknown, used and expired links get the same neutral 404 page.
/// The token is masked in request logs and the path counts against LTC_RATELIMIT_PUBLIC.
/// </summary>
public sealed class KontoLoeschungModel(AccountDeletions deletions) : PageModel
{
    public bool Valid { get; private set; }
    public bool Done { get; private set; }
    public DateTimeOffset DueAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(string cancelToken, CancellationToken ct)
    {
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        if (await deletions.FindByTokenAsync(cancelToken, ct) is not { } request) return Invalid();
        Valid = true;
        DueAt = request.DueAt;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string cancelToken, CancellationToken ct)
    {
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        if (!await deletions.CancelByTokenAsync(cancelToken, ct)) return Invalid();
        Done = true;
        return Page();
    }

    private PageResult Invalid()
    {
        var page = Page();
        page.StatusCode = StatusCodes.Status404NotFound;
        return page;
    }
}
