using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Notifications;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Infrastructure.Notifications;

/// <summary>
/// The product's notifications (SPEC §14), one method per event so that features call them where the event happens
/// (document review today; transfer, exports and reminders are the next callers). Each writes an in-app message.
/// E-mail, the daily digest, per-category settings and quiet hours are not built yet (issue 15 part 4, see ADR 0013).
/// </summary>
public sealed class Notifications(AppDbContext db, TimeProvider clock)
{
    public Task DocumentApprovedAsync(Document doc, CancellationToken ct) =>
        ForVehicleOwnerAsync(doc.VehicleId, NotificationCategory.DocumentDecision, "Dokument freigegeben",
            $"Ihr Dokument ({DocumentTexts.Kind(doc.Kind)}) wurde geprüft und freigegeben. Es zählt jetzt als Nachweis.", ct);

    public Task DocumentRejectedAsync(Document doc, CancellationToken ct) =>
        ForVehicleOwnerAsync(doc.VehicleId, NotificationCategory.DocumentDecision, "Dokument abgelehnt",
            $"Ihr Dokument ({DocumentTexts.Kind(doc.Kind)}) wurde bei der Prüfung abgelehnt. Den Grund sehen Sie beim Dokument.", ct);

    /// <summary>A workshop proposed an entry; the text names no business (product copy only), the Modul-Postfach shows it.</summary>
    public Task WorkshopProposalAsync(long vehicleId, CancellationToken ct) =>
        ForVehicleOwnerAsync(vehicleId, NotificationCategory.WorkshopProposal, "Vorschlag einer Werkstatt",
            "Eine Werkstatt hat einen Eintrag für Ihr Fahrzeug vorgeschlagen. Sie können ihn im Modul-Postfach übernehmen oder ablehnen.", ct);

    private async Task ForVehicleOwnerAsync(long vehicleId, NotificationCategory category, string title, string text, CancellationToken ct)
    {
        var vehicle = await db.Vehicles.AsNoTracking().Where(v => v.Id == vehicleId).Select(v => new { v.OwnerId, v.PublicId }).SingleOrDefaultAsync(ct);
        if (vehicle is null) return;
        db.Notifications.Add(new Notification(vehicle.OwnerId, category, title, text, vehicle.PublicId, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Recurring job <c>notifications-purge</c>: the inbox keeps 90 days.</summary>
public sealed class NotificationPurge(AppDbContext db, TimeProvider clock) : IJobHandler<NoPayload>
{
    public const string Kind = "notifications-purge";

    public async Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct)
    {
        var before = clock.GetUtcNow() - TimeSpan.FromDays(Notification.RetentionDays);
        await db.Notifications.Where(n => n.CreatedAt < before).ExecuteDeleteAsync(ct);
    }
}

/// <summary>The unread count in the header of every signed-in page (one indexed count).</summary>
public sealed class InboxCounter(AppDbContext db)
{
    public Task<int> UnreadAsync(string userId, CancellationToken ct = default) => Unread(db, userId, ct);

    // In the header of every signed-in page: one compiled query (issue 13).
    private static readonly Func<AppDbContext, string, CancellationToken, Task<int>> Unread = EF.CompileAsyncQuery(
        (AppDbContext db, string userId, CancellationToken ct) => db.Notifications.Count(n => n.UserId == userId && n.ReadAt == null));
}

public static class NotificationSetup
{
    public static IServiceCollection AddLtcNotifications(this IServiceCollection services)
    {
        services.AddScoped<Notifications>();
        services.AddScoped<InboxCounter>();
        services.AddRecurringJob<NotificationPurge>(NotificationPurge.Kind, TimeSpan.FromHours(6));
        return services;
    }
}
