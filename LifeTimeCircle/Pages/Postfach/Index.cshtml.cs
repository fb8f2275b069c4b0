using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Notifications;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Postfach;

/// <summary>The in-app inbox (SPEC §14): newest first, unread marked, mark one or all as read; messages are kept 90 days.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PageCache.PolicyName)]
public sealed class IndexModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(string PublicId, string Title, string Text, string? VehiclePublicId, DateTimeOffset CreatedAt, bool Unread);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Rows = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(PageSize)
            .Select(n => new Row(n.PublicId, n.Title, n.Text, n.VehiclePublicId, n.CreatedAt, n.ReadAt == null))
            .ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostReadAsync(string? notificationId, CancellationToken ct)
    {
        var userId = User.UserId();
        var n = await db.Notifications.SingleOrDefaultAsync(x => x.UserId == userId && x.PublicId == notificationId, ct);
        if (n is null) return NotFound();
        n.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        TempData["StatusMessage"] = "Als gelesen markiert.";
        return RedirectToPage("/Postfach/Index");
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var now = clock.GetUtcNow();
        var unread = await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null).ToListAsync(ct);
        foreach (var n in unread) n.MarkRead(now);
        await db.SaveChangesAsync(ct);
        TempData["StatusMessage"] = "Alle Nachrichten als gelesen markiert.";
        return RedirectToPage("/Postfach/Index");
    }
}
