using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Infrastructure.Reminders;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Notifications;

/// <summary>
/// Recurring job <c>notifications-watch</c> (hourly): the events that no request causes but time or a derived state —
/// reminders becoming due or overdue, new accident-trust reasons and to-dos of the Trust-Ampel, certificates about to
/// expire. Each has a stored „last notified“ state (Reminder.NotifiedState, TrustSummary.NotifiedReasons,
/// ExportJob.ExpiryNotifiedAt), so every change is notified once, however often the job runs.
/// </summary>
public sealed class NotificationWatch(AppDbContext db, ReminderBoard board, Notifications notifications, NotificationMailer mailer, TimeProvider clock)
    : IJobHandler<NoPayload>
{
    public const string Kind = "notifications-watch";

    /// <summary>VIP hear of an expiring certificate 7 days ahead (SPEC §14), everybody else the day before.</summary>
    public static readonly TimeSpan VipCertificateLead = TimeSpan.FromDays(7);
    public static readonly TimeSpan CertificateLead = TimeSpan.FromDays(1);

    private static readonly HashSet<string> AccidentTrustCodes =
        ["accident_not_free_requires_completed_accident_trust", "accident_trust_missing_evidence"];

    public async Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct)
    {
        await RemindersAsync(ct);
        await TrustAsync(ct);
        await CertificatesAsync(ct);
    }

    public async Task<int> RemindersAsync(CancellationToken ct)
    {
        var sent = 0;
        var vehicleIds = await db.Reminders.Select(r => r.VehicleId).Distinct().ToListAsync(ct);
        foreach (var chunk in vehicleIds.Chunk(50))
        {
            var views = await board.ForVehiclesAsync(chunk, ct);
            var ids = views.Select(v => v.PublicId).ToList();
            var rows = await db.Reminders.Where(r => ids.Contains(r.PublicId)).ToDictionaryAsync(r => r.PublicId, ct);
            foreach (var view in views)
            {
                if (!rows.TryGetValue(view.PublicId, out var reminder) || !reminder.Notify(view.Status)) continue;
                await db.SaveChangesAsync(ct);
                await notifications.ReminderDueAsync(view.VehicleId, view.Name, view.Status.State == ReminderState.Ueberfaellig, ct);
                sent++;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return sent;
    }

    public async Task<int> TrustAsync(CancellationToken ct)
    {
        var sent = 0;
        var changed = await db.TrustSummaries.Where(s => s.NotifiedReasons == null || s.NotifiedReasons != s.Reasons).Take(500).ToListAsync(ct);
        foreach (var summary in changed)
        {
            var first = summary.NotifiedReasons is null;
            var fresh = summary.TakeNewReasons();
            await db.SaveChangesAsync(ct);
            // The first look at a vehicle only records where it stands: a new vehicle's to-dos are on its page already.
            if (first || fresh.Count == 0) continue;
            if (fresh.Any(AccidentTrustCodes.Contains))
            {
                await notifications.AccidentTrustNeededAsync(summary.VehicleId, ct);
                sent++;
            }
            var todos = fresh.Count(c => !AccidentTrustCodes.Contains(c));
            if (summary.Light != TrustLight.Gruen && todos > 0)
            {
                await notifications.NewTodosAsync(summary.VehicleId, todos, ct);
                sent++;
            }
        }
        db.ChangeTracker.Clear();
        return sent;
    }

    public async Task<int> CertificatesAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var horizon = now + VipCertificateLead;
        var soon = await db.ExportJobs.Where(j => j.Type == ExportType.TrustZertifikat && j.Status == ExportStatus.Succeeded
            && j.ExpiresAt != null && j.ExpiresAt > now && j.ExpiresAt <= horizon && j.ExpiryNotifiedAt == null).Take(500).ToListAsync(ct);
        var sent = 0;
        foreach (var job in soon)
        {
            var lead = await mailer.IsVipAsync(job.RequestedBy, ct) ? VipCertificateLead : CertificateLead;
            if (job.ExpiresAt > now + lead) continue;
            job.ExpiryNotified(now);
            await db.SaveChangesAsync(ct);
            await notifications.CertificateExpiringAsync(job, job.ExpiresAt!.Value, ct);
            sent++;
        }
        return sent;
    }
}
