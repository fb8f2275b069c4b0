using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Notifications;

/// <summary>A user's e-mail settings per category and VIP quiet hours: read and written by the profile page and the unsubscribe link.</summary>
public sealed class NotificationPreferences(AppDbContext db)
{
    public sealed record Choice(NotificationCategory Category, bool Email, bool Digest);

    public async Task<IReadOnlyList<Choice>> ForUserAsync(string userId, CancellationToken ct)
    {
        var stored = await db.NotificationSettings.AsNoTracking().Where(s => s.UserId == userId).ToDictionaryAsync(s => s.Category, ct);
        return NotificationCategories.All.Select(c => stored.TryGetValue(c, out var s)
            ? new Choice(c, s.Email, s.Digest)
            : new Choice(c, NotificationSetting.Default.Email, NotificationSetting.Default.Digest)).ToList();
    }

    public async Task SaveAsync(string userId, IEnumerable<Choice> choices, CancellationToken ct)
    {
        var stored = await db.NotificationSettings.Where(s => s.UserId == userId).ToDictionaryAsync(s => s.Category, ct);
        foreach (var c in choices)
        {
            if (stored.TryGetValue(c.Category, out var s)) s.Set(c.Email, c.Digest);
            else db.NotificationSettings.Add(new NotificationSetting(userId, c.Category, c.Email, c.Digest));
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Switches e-mail off for the categories (in-app stays); false when the account no longer exists.</summary>
    public async Task<bool> UnsubscribeAsync(string userId, IReadOnlyList<NotificationCategory> categories, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct)) return false;
        var current = await ForUserAsync(userId, ct);
        await SaveAsync(userId, current.Where(c => categories.Contains(c.Category)).Select(c => c with { Email = false }), ct);
        return true;
    }

    public Task<QuietHours?> QuietHoursAsync(string userId, CancellationToken ct) =>
        db.QuietHours.AsNoTracking().SingleOrDefaultAsync(q => q.UserId == userId, ct);

    /// <summary>Sets (or with null, removes) the quiet hours; a DomainException for invalid hours.</summary>
    public async Task SetQuietHoursAsync(string userId, (int Start, int End)? hours, CancellationToken ct)
    {
        var row = await db.QuietHours.SingleOrDefaultAsync(q => q.UserId == userId, ct);
        if (hours is not { } h)
        {
            if (row is not null) db.QuietHours.Remove(row);
        }
        else if (row is null)
        {
            db.QuietHours.Add(new QuietHours(userId, h.Start, h.End));
        }
        else
        {
            row.Set(h.Start, h.End);
        }
        await db.SaveChangesAsync(ct);
    }
}
