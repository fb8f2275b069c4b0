using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Notifications;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Web;
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

    /// <summary>A workshop proposed an entry; the text names no business (product copy only), the Modul-Postfach shows it.</summary>
    public Task WorkshopProposalAsync(long vehicleId, CancellationToken ct) =>
        ForVehicleOwnerAsync(vehicleId, NotificationCategory.WorkshopProposal, "Vorschlag einer Werkstatt",
            "Eine Werkstatt hat einen Eintrag für Ihr Fahrzeug vorgeschlagen. Sie können ihn im Modul-Postfach übernehmen oder ablehnen.", ct);

    /// <summary>A document was deleted because a confirmed privacy finding was not cleaned up in time (PII retention).</summary>
    public Task DocumentDeletedAsync(Document doc, CancellationToken ct) =>
        ForVehicleOwnerAsync(doc.VehicleId, NotificationCategory.DocumentDeleted, "Dokument gelöscht (Datenschutz)",
            $"Ihr Dokument ({DocumentTexts.Kind(doc.Kind)}) wurde automatisch gelöscht, weil der Datenschutz-Befund nicht rechtzeitig bereinigt wurde. Laden Sie bei Bedarf eine bereinigte Fassung hoch.", ct);

    // ── Exports and certificates ─────────────────────────────────────────────────────────────────────────────────
    public Task ExportReadyAsync(ExportJob job, CancellationToken ct) =>
        ForRequesterAsync(job, NotificationCategory.Export, "Export fertig",
            $"Ihr Export „{ExportTexts.Type(job.Type)}“ ist fertig. Sie können ihn unter „Exporte“ herunterladen.", ct);

    public Task ExportFailedAsync(ExportJob job, CancellationToken ct) =>
        ForRequesterAsync(job, NotificationCategory.Export, "Export fehlgeschlagen",
            $"Ihr Export „{ExportTexts.Type(job.Type)}“ konnte nicht erstellt werden. Sie können ihn unter „Exporte“ erneut anfordern.", ct);

    public Task CertificateExpiringAsync(ExportJob job, DateTimeOffset expiresAt, CancellationToken ct) =>
        ForRequesterAsync(job, NotificationCategory.Certificate, "Zertifikat läuft bald ab",
            $"Ihr „{ExportTexts.Type(job.Type)}“ läuft am {Display.Date(expiresAt)} ab. Danach wird die Datei gelöscht; ein neues können Sie unter „Exporte“ anfordern.", ct);

    // ── Transfer ─────────────────────────────────────────────────────────────────────────────────────────────────
    /// <summary>The vehicle moved (code redeemed or claim completed): both get an in-app message; the confirmation mail is the handover's own.</summary>
    public async Task VehicleMovedAsync(string sellerId, string buyerId, string vehiclePublicId, CancellationToken ct)
    {
        await ToUserAsync(sellerId, NotificationCategory.Transfer, "Fahrzeug übergeben",
            "Ein Fahrzeug wurde an den neuen Halter übergeben. Sie haben keinen Zugriff mehr darauf.", null, ct, mailedSeparately: true);
        await ToUserAsync(buyerId, NotificationCategory.Transfer, "Fahrzeug übernommen",
            "Sie haben ein Fahrzeug mit seiner ganzen Historie übernommen.", vehiclePublicId, ct, mailedSeparately: true);
    }

    public Task TransferExpiredAsync(long vehicleId, CancellationToken ct) =>
        ForVehicleOwnerAsync(vehicleId, NotificationCategory.Transfer, "Übergabe-Code abgelaufen",
            "Ein Übergabe-Code für Ihr Fahrzeug ist abgelaufen, ohne eingelöst zu werden. Bei Bedarf erzeugen Sie einen neuen.", ct);

    // ── Trust-Ampel ──────────────────────────────────────────────────────────────────────────────────────────────
    public Task AccidentTrustNeededAsync(long vehicleId, CancellationToken ct) =>
        ForVehicleOwnerAsync(vehicleId, NotificationCategory.AccidentTrust, "Unfall-Nachweise benötigt",
            "Für den Unfallstatus Ihres Fahrzeugs fehlen Nachweise. Ohne sie bleibt die Trust-Ampel begrenzt.", ct);

    public Task NewTodosAsync(long vehicleId, int count, CancellationToken ct) =>
        ForVehicleOwnerAsync(vehicleId, NotificationCategory.Todo, count == 1 ? "Neues To-do" : "Neue To-dos",
            count == 1 ? "Die Trust-Ampel Ihres Fahrzeugs nennt ein neues To-do." : $"Die Trust-Ampel Ihres Fahrzeugs nennt {Display.Count(count, "neues To-do", "neue To-dos")}.", ct);

    // ── Reminders ────────────────────────────────────────────────────────────────────────────────────────────────
    public Task ReminderDueAsync(long vehicleId, string reminderName, bool overdue, CancellationToken ct) =>
        ForVehicleOwnerAsync(vehicleId, NotificationCategory.Reminder, overdue ? "Erinnerung überfällig" : "Erinnerung bald fällig",
            overdue ? $"„{reminderName}“ ist überfällig." : $"„{reminderName}“ ist bald fällig.", ct);

    // ── Plan ─────────────────────────────────────────────────────────────────────────────────────────────────────
    public Task EntitlementGrantedAsync(string userId, string what, DateTimeOffset? endsAt, CancellationToken ct) =>
        ToUserAsync(userId, NotificationCategory.Plan, "Freischaltung erteilt",
            endsAt is { } end ? $"Für Ihr Konto wurde freigeschaltet: {what}, bis {Display.Date(end)}." : $"Für Ihr Konto wurde freigeschaltet: {what}.", null, ct);

    /// <summary>A grant ended (its date passed, or an admin revoked it). Vehicles stay; only adding more is limited again.</summary>
    public Task EntitlementEndedAsync(string userId, string what, bool revoked, CancellationToken ct) =>
        ToUserAsync(userId, NotificationCategory.Plan, "Freischaltung beendet",
            (revoked ? $"Die Freischaltung „{what}“ wurde beendet." : $"Die Freischaltung „{what}“ ist abgelaufen.")
            + " Ihre Fahrzeuge und Einträge bleiben erhalten; weitere Fahrzeuge anlegen können Sie nur im Rahmen Ihres Tarifs. Mehr unter „Tarife“.", null, ct);

    // ── Delivery ─────────────────────────────────────────────────────────────────────────────────────────────────
    private async Task ForVehicleOwnerAsync(long vehicleId, NotificationCategory category, string title, string text, CancellationToken ct)
    {
        var vehicle = await db.Vehicles.AsNoTracking().Where(v => v.Id == vehicleId).Select(v => new { v.OwnerId, v.PublicId }).SingleOrDefaultAsync(ct);
        if (vehicle is null) return;
        await ToUserAsync(vehicle.OwnerId, category, title, text, vehicle.PublicId, ct);
    }

    private async Task ForRequesterAsync(ExportJob job, NotificationCategory category, string title, string text, CancellationToken ct)
    {
        var vehicle = job.VehicleId is { } id ? await db.Vehicles.AsNoTracking().Where(v => v.Id == id && v.OwnerId == job.RequestedBy).Select(v => v.PublicId).SingleOrDefaultAsync(ct) : null;
        await ToUserAsync(job.RequestedBy, category, title, text, vehicle, ct);
    }

    /// <summary>
    /// Writes the in-app message and hands it to the mail side by the user's setting for the category
    /// (<paramref name="mailedSeparately"/>: the event has its own mail already, so in-app only).
    /// </summary>
    public async Task ToUserAsync(string userId, NotificationCategory category, string title, string text, string? vehiclePublicId, CancellationToken ct,
        bool mailedSeparately = false)
    {
        var notification = new Notification(userId, category, title, text, vehiclePublicId, clock.GetUtcNow());
        notification.MailAs(mailedSeparately ? NotificationMail.None : await mailer.ModeAsync(userId, category, ct));
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
        services.AddScoped<NotificationMailer>();
        services.AddScoped<NotificationPreferences>();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddScoped<InboxCounter>();
        services.AddRecurringJob<NotificationPurge>(NotificationPurge.Kind, TimeSpan.FromHours(6));
        services.AddRecurringJob<DailyDigest>(DailyDigest.Kind, TimeSpan.FromHours(1));
        services.AddRecurringJob<NotificationWatch>(NotificationWatch.Kind, TimeSpan.FromHours(1));
        return services;
    }
}
