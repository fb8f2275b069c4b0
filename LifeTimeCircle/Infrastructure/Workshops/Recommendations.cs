using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Workshops;

/// <summary>An open recommendation as the owner sees it in the Modul-Postfach.</summary>
public sealed record RecommendationRow(string PublicId, string VehiclePublicId, string VehicleName, string BusinessName, string Title, string? Details,
    IntakeSeverity Severity, DateTimeOffset CreatedAt);

/// <summary>
/// „Empfehlung der Werkstatt“ on the owner's side (issue 17 item 4): open recommendations of the owner's vehicles, sent
/// under a grant of this owner (a next owner does not inherit them); turned into a reminder (ADR 0013) or dismissed.
/// </summary>
public sealed class WorkshopRecommendations(AppDbContext db, AuditWriter audit, TimeProvider clock)
{
    public Task<List<RecommendationRow>> OpenForOwnerAsync(string ownerId, CancellationToken ct) =>
        Open(ownerId)
            .Join(db.Vehicles.OwnedBy(ownerId), r => r.VehicleId, v => v.Id, (r, v) => new { r, v })
            .Join(db.Businesses, x => x.r.BusinessId, b => b.Id, (x, b) => new { x.r, x.v, b.Name })
            .OrderByDescending(x => x.r.CreatedAt).ThenByDescending(x => x.r.Id).Take(50)
            .Select(x => new RecommendationRow(x.r.PublicId, x.v.PublicId, x.v.Nickname ?? x.v.Make + " " + x.v.Model, x.Name, x.r.Title, x.r.Details, x.r.Severity, x.r.CreatedAt))
            .ToListAsync(ct);

    /// <summary>One open recommendation of this owner, tracked, with its vehicle; null → 404.</summary>
    public async Task<(WorkshopRecommendation Recommendation, Vehicle Vehicle, string BusinessName)?> FindAsync(string ownerId, string? publicId, CancellationToken ct)
    {
        if (!PublicIds.LooksValid(publicId)) return null;
        var found = await Open(ownerId).Where(r => r.PublicId == publicId)
            .Join(db.Vehicles.OwnedBy(ownerId), r => r.VehicleId, v => v.Id, (r, v) => new { r, v })
            .Join(db.Businesses, x => x.r.BusinessId, b => b.Id, (x, b) => new { x.r, x.v, b.Name })
            .SingleOrDefaultAsync(ct);
        return found is null ? null : (found.r, found.v, found.Name);
    }

    /// <summary>A reminder („Sonstiges“, the recommendation's title) due by the date and/or the odometer the owner chose.</summary>
    public async Task<Reminder> ToReminderAsync(WorkshopRecommendation recommendation, Vehicle vehicle, DateOnly? dueDate, int? dueKm, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var title = recommendation.Title.Length <= Reminder.MaxTitleLength ? recommendation.Title : recommendation.Title[..(Reminder.MaxTitleLength - 1)] + "…";
        var reminder = new Reminder(vehicle.Id, ReminderItem.Sonstiges, title, EntryCategory.Reparatur, dueDate, dueKm, null, null,
            Reminder.DefaultWarnDays, Reminder.DefaultWarnKm, Display.BerlinDate(now), now);
        recommendation.TurnIntoReminder(reminder.PublicId, now);
        db.Reminders.Add(reminder);
        await DecideOnceAsync(ct); // one SaveChanges: the reminder is inserted only together with the decision
        await audit.WriteAsync(AuditActions.RecommendationToReminder, "VEHICLE", vehicle.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["recommendation"] = recommendation.PublicId, ["reminder"] = reminder.PublicId }, ct: CancellationToken.None);
        return reminder;
    }

    public async Task DismissAsync(WorkshopRecommendation recommendation, Vehicle vehicle, CancellationToken ct)
    {
        recommendation.Dismiss(clock.GetUtcNow());
        await DecideOnceAsync(ct);
        await audit.WriteAsync(AuditActions.RecommendationDismissed, "VEHICLE", vehicle.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["recommendation"] = recommendation.PublicId }, ct: CancellationToken.None);
    }

    /// <summary>
    /// Saves a decision. <c>State</c> is a concurrency token, so a second submit (double click, a retried request, two
    /// tabs) that read the recommendation while it was still open writes nothing and gets the German refusal.
    /// </summary>
    private async Task DecideOnceAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new DomainException("Über diese Empfehlung ist bereits entschieden.");
        }
    }

    private IQueryable<WorkshopRecommendation> Open(string ownerId) =>
        db.WorkshopRecommendations.Where(r => r.State == RecommendationState.Offen && db.WorkshopGrants.Any(g => g.Id == r.GrantId && g.GrantedBy == ownerId));
}
