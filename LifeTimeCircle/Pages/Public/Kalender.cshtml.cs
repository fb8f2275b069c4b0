using LifeTimeCircle.Infrastructure.Reminders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Public;

/// <summary>
/// The secret iCalendar feed <c>/kalender/{token}.ics</c> for calendar apps (no sign-in; the token is the key). Unknown
/// and revoked tokens get the same neutral 404. Rate-limited like the mini-check; the token is masked in logs.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class KalenderModel(CalendarFeeds feeds) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string feedToken, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        var calendar = await feeds.RenderAsync(feedToken, ct);
        if (calendar is null) return NotFound();
        return Content(calendar, "text/calendar; charset=utf-8");
    }
}
