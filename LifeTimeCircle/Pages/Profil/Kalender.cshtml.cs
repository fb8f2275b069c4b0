using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Reminders;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Profil;

/// <summary>
/// The secret calendar address: create, replace (the old address stops at once), switch off. The address is shown once
/// after it was created (it is stored only as a hash), carried to the redirect target in the protected TempData cookie.
/// </summary>
public sealed class KalenderModel(AppDbContext db, CalendarFeeds feeds, AuditWriter audit) : PageModel
{
    public DateTimeOffset? ActiveSince { get; private set; }
    public string? NewUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        ActiveSince = await db.CalendarFeeds.AsNoTracking().Where(f => f.UserId == userId).Select(f => (DateTimeOffset?)f.CreatedAt).SingleOrDefaultAsync(ct);
        if (ActiveSince is not null && TempData["CalendarToken"] is string token) NewUrl = feeds.Url(token);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var (token, rotated) = await feeds.CreateAsync(User.UserId(), ct);
        await audit.WriteAsync(AuditActions.CalendarFeedCreated, "CALENDAR_FEED", null, AuditResult.Success,
            new Dictionary<string, object?> { ["rotated"] = rotated }, ct: ct);
        TempData["CalendarToken"] = token;
        TempData["StatusMessage"] = rotated
            ? "Neue Kalender-Adresse erzeugt. Die alte Adresse funktioniert nicht mehr."
            : "Kalender-Adresse erzeugt.";
        return RedirectToPage("/Profil/Kalender");
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        if (await feeds.RevokeAsync(User.UserId(), ct))
        {
            await audit.WriteAsync(AuditActions.CalendarFeedRevoked, "CALENDAR_FEED", null, AuditResult.Success, ct: ct);
        }
        TempData["StatusMessage"] = "Das Kalender-Abo ist ausgeschaltet. Die Adresse funktioniert nicht mehr.";
        return RedirectToPage("/Profil/Kalender");
    }
}
