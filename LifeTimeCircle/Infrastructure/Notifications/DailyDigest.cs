using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Notifications;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Notifications;

/// <summary>
/// Recurring job <c>notifications-digest</c> (hourly): from 7 o'clock Berlin time, every user with messages waiting for
/// the digest gets one mail a day. Idempotent: the marker <see cref="NotificationDigest"/> (unique per user and day) is
/// written in the same transaction as the queued mail and the messages it took, so a second run, a retry after a
/// crash or a second node sends nothing more that day; a user with nothing waiting gets nothing.
/// </summary>
public sealed class DailyDigest(AppDbContext db, NotificationMailer mailer, TimeProvider clock) : IJobHandler<NoPayload>
{
    public const string Kind = "notifications-digest";

    /// <summary>The Berlin hour from which the day's digest goes out.</summary>
    public const int Hour = 7;

    public async Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct) => await SendAsync(ct);

    /// <summary>Sends the due digests; returns how many.</summary>
    public async Task<int> SendAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var local = Display.InBerlin(now);
        if (local.Hour < Hour) return 0;
        var today = DateOnly.FromDateTime(local.DateTime);
        var users = await db.Notifications.Where(n => n.Mail == NotificationMail.Digest && n.CreatedAt <= now)
            .Select(n => n.UserId).Distinct().ToListAsync(ct);
        var sent = 0;
        foreach (var userId in users)
        {
            if (await db.NotificationDigests.AnyAsync(d => d.UserId == userId && d.Day == today, ct)) continue;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var items = await db.Notifications.Where(n => n.UserId == userId && n.Mail == NotificationMail.Digest && n.CreatedAt <= now)
                .OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).ToListAsync(ct);
            foreach (var item in items) item.Digested();
            db.NotificationDigests.Add(new NotificationDigest(userId, today, items.Count, now));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation<NotificationDigest>(db, nameof(NotificationDigest.UserId), nameof(NotificationDigest.Day)))
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                continue; // another run sent today's digest a moment ago
            }
            await mailer.SendDigestAsync(userId, items, ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            sent++;
        }
        return sent;
    }
}
