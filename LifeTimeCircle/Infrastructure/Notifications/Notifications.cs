using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Notifications;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Infrastructure.Notifications;

/// <summary>
/// The product's notifications (SPEC §14), one method per event so that features call them where the event happens.
/// Each writes an in-app message and, by the user's setting for its category, an e-mail at once (held back during VIP
/// quiet hours), a line in the daily digest, or nothing (<see cref="NotificationMailer"/>). Title and text are product
/// copy: never user free text, never PII.
/// </summary>
public sealed class Notifications(AppDbContext db, TimeProvider clock, NotificationMailer mailer)
{
    // ── Documents ────────────────────────────────────────────────────────────────────────────────────────────────
    public Task DocumentApprovedAsync(Document doc, CancellationToken ct) =>
        ForVehicleOwnerAsync(doc.VehicleId, NotificationCategory.DocumentDecision, "Dokument freigegeben",
            $"Ihr Dokument ({DocumentTexts.Kind(doc.Kind)}) wurde geprüft und freigegeben. Es zählt jetzt als Nachweis.", ct);

    public Task DocumentRejectedAsync(Document doc, CancellationToken ct) =>
        ForVehicleOwnerAsync(doc.VehicleId, NotificationCategory.DocumentDecision, "Dokument abgelehnt",
            $"Ihr Dokument ({DocumentTexts.Kind(doc.Kind)}) wurde bei der Prüfung abgelehnt. Den Grund sehen Sie beim Dokument.", ct);

    // ── Delivery ─────────────────────────────────────────────────────────────────────────────────────────────────
    private async Task ForVehicleOwnerAsync(long vehicleId, NotificationCategory category, string title, string text, CancellationToken ct)
    {
        var vehicle = await db.Vehicles.AsNoTracking().Where(v => v.Id == vehicleId).Select(v => new { v.OwnerId, v.PublicId }).SingleOrDefaultAsync(ct);
        if (vehicle is null) return;
        await ToUserAsync(vehicle.OwnerId, category, title, text, vehicle.PublicId, ct);
    }

    /// <summary>Writes the in-app message and hands it to the mail side by the user's setting for the category.</summary>
    public async Task ToUserAsync(string userId, NotificationCategory category, string title, string text, string? vehiclePublicId, CancellationToken ct)
    {
        var notification = new Notification(userId, category, title, text, vehiclePublicId, clock.GetUtcNow());
        notification.MailAs(await mailer.ModeAsync(userId, category, ct));
        db.Notifications.Add(notification);
        await db.SaveChangesAsync(ct);
        if (notification.Mail == NotificationMail.Immediate) await mailer.SendNowAsync(notification, ct);
    }
}

/// <summary>Recurring job <c>notifications-purge</c>: the inbox keeps 90 days, digest markers as long.</summary>
public sealed class NotificationPurge(AppDbContext db, TimeProvider clock) : IJobHandler<NoPayload>
{
    public const string Kind = "notifications-purge";

    public async Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct)
    {
        var before = clock.GetUtcNow() - TimeSpan.FromDays(Notification.RetentionDays);
        await db.Notifications.Where(n => n.CreatedAt < before).ExecuteDeleteAsync(ct);
        await db.NotificationDigests.Where(d => d.CreatedAt < before).ExecuteDeleteAsync(ct);
    }
}

/// <summary>The unread count in the header of every signed-in page (one indexed count).</summary>
public sealed class InboxCounter(AppDbContext db)
{
    public Task<int> UnreadAsync(string userId, CancellationToken ct = default) =>
        db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);
}

public static class NotificationSetup
{
    public static IServiceCollection AddLtcNotifications(this IServiceCollection services)
    {
        services.AddScoped<Notifications>();
        services.AddScoped<NotificationMailer>();
        services.AddScoped<NotificationPreferences>();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddScoped<InboxCounter>();
        services.AddRecurringJob<NotificationPurge>(NotificationPurge.Kind, TimeSpan.FromHours(6));
        services.AddRecurringJob<DailyDigest>(DailyDigest.Kind, TimeSpan.FromHours(1));
        return services;
    }
}
