using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.EntityFrameworkCore;
using LifeTimeCircle.Web;

namespace LifeTimeCircle.Infrastructure.Vehicles;

/// <summary>
/// Adds timeline entries and corrections (new versions) and runs the odometer plausibility check on save.
/// Used by the entry pages and by taking over a workshop's proposal (the same rules for both); later by imports.
/// </summary>
public sealed class EntryWriter(AppDbContext db, AuditWriter audit, TimeProvider clock)
{
    public DateOnly Today => Display.BerlinDate(clock.GetUtcNow());

    /// <param name="proposedBy">The business name when the owner takes over a workshop's proposal (the entry shows it).</param>
    public async Task<(Entry Entry, OdometerFlag? Flag)> AddAsync(Vehicle vehicle, EntryValues values, string userId, CancellationToken ct, string? proposedBy = null)
    {
        var entry = Entry.Create(vehicle.Id, values, userId, clock.GetUtcNow(), Today, proposedBy);
        db.Entries.Add(entry);
        await db.SaveChangesAsync(ct);
        var flag = await CheckOdometerAsync(entry, ct);
        await audit.WriteAsync(AuditActions.EntryCreated, "ENTRY", entry.GroupId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["nachtrag"] = values.IsNachtrag, ["odometer_flagged"] = flag is not null, ["proposal"] = proposedBy is not null }, ct: ct);
        return (entry, flag);
    }

    public async Task<(Entry Entry, OdometerFlag? Flag)> CorrectAsync(Vehicle vehicle, Entry latest, EntryValues values, string userId, CancellationToken ct)
    {
        var next = latest.Correct(values, userId, clock.GetUtcNow(), Today);
        db.Entries.Add(next);
        var openFlags = await db.OdometerFlags.Where(f => f.EntryId == latest.Id && f.ResolvedAt == null).ToListAsync(ct);
        foreach (var f in openFlags) f.ResolveByCorrection(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        var flag = await CheckOdometerAsync(next, ct);
        await audit.WriteAsync(AuditActions.EntryVersionCreated, "ENTRY_VERSION", next.GroupId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["version"] = next.Version, ["odometer_flagged"] = flag is not null }, ct: ct);
        return (next, flag);
    }

    private async Task<OdometerFlag?> CheckOdometerAsync(Entry entry, CancellationToken ct)
    {
        var earlier = db.Entries.AsNoTracking().Where(e => e.VehicleId == entry.VehicleId && e.IsLatest && e.Date < entry.Date);
        var highest = await earlier.OrderByDescending(e => e.OdometerKm).Select(e => new { e.OdometerKm, e.Date }).FirstOrDefaultAsync(ct);
        var previous = await earlier.OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Select(e => new { e.OdometerKm, e.Date }).FirstOrDefaultAsync(ct);
        var result = OdometerFlag.Check(entry.Date, entry.OdometerKm,
            highest is null ? null : (highest.OdometerKm, highest.Date),
            previous is null ? null : (previous.OdometerKm, previous.Date));
        if (result is not { } r) return null;
        var flag = new OdometerFlag(entry.VehicleId, entry.Id, r.Kind, r.ReferenceKm, r.ReferenceDate, clock.GetUtcNow());
        db.OdometerFlags.Add(flag);
        await db.SaveChangesAsync(ct);
        return flag;
    }
}
