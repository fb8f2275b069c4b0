using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Workshops;

/// <summary>
/// Essential system logs (SPEC §13, issue 17 item 5): OBD readouts and GPS test drives a workshop records for a customer
/// vehicle during an intake. Rows are only ever added (the database refuses UPDATE and DELETE, <see cref="SystemLogTriggers"/>);
/// a correction is a new row that references the original of the same business and vehicle. Once per idempotency key.
/// </summary>
public sealed class SystemLogs(AppDbContext db, AuditWriter audit, TimeProvider clock)
{
    /// <summary>This business's logs on the vehicle, newest first (for the workshop's page).</summary>
    public Task<List<SystemLogEvent>> OfBusinessAsync(long businessId, long vehicleId, CancellationToken ct) =>
        db.SystemLogEvents.AsNoTracking().Where(e => e.BusinessId == businessId && e.VehicleId == vehicleId)
            .OrderByDescending(e => e.RecordedAt).ThenByDescending(e => e.Id).Take(100).ToListAsync(ct);

    /// <summary>The original a correction may reference: a log of this business on this vehicle; null when there is none.</summary>
    public Task<SystemLogEvent?> CorrectableAsync(IntakeContext c, string? publicId, CancellationToken ct) =>
        PublicIds.LooksValid(publicId)
            ? db.SystemLogEvents.AsNoTracking().SingleOrDefaultAsync(e => e.PublicId == publicId && e.BusinessId == c.Linked.Business.Id && e.VehicleId == c.Linked.VehicleId, ct)
            : Task.FromResult<SystemLogEvent?>(null);

    /// <summary>
    /// Records the log (or finds the one this key already wrote: Duplicate). Refused (DomainException) for a closed session,
    /// above <see cref="SystemLogEvent.MaxPerVehicleAndDay"/> and for a correction of an unknown original.
    /// </summary>
    public async Task<(SystemLogEvent Event, bool Duplicate)> RecordAsync(IntakeContext c, SystemLogValues values, string? correctsPublicId, string? key, string userId,
        CancellationToken ct)
    {
        if (await ByKeyAsync(c.Linked.Business.Id, key, ct) is { } existing) return (existing, true);
        c.Session.EnsureOpen();
        var since = clock.GetUtcNow().AddDays(-1);
        if (await db.SystemLogEvents.CountAsync(e => e.BusinessId == c.Linked.Business.Id && e.VehicleId == c.Linked.VehicleId && e.RecordedAt > since, ct)
            >= SystemLogEvent.MaxPerVehicleAndDay)
        {
            throw new DomainException($"Ihr Betrieb hat für dieses Fahrzeug in den letzten 24 Stunden bereits {SystemLogEvent.MaxPerVehicleAndDay} Protokolle erfasst. Weitere sind morgen wieder möglich.");
        }
        SystemLogEvent? corrects = null;
        if (!string.IsNullOrEmpty(correctsPublicId))
        {
            corrects = await CorrectableAsync(c, correctsPublicId, ct) ?? throw new DomainException("Das zu korrigierende Protokoll wurde nicht gefunden.");
        }
        var log = new SystemLogEvent(c.Linked.VehicleId, c.Linked.Business.Id, c.Linked.Grant.Id, c.Session.Id, values, corrects, key ?? "", userId, clock.GetUtcNow());
        db.SystemLogEvents.Add(log);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<SystemLogEvent>(db, nameof(SystemLogEvent.BusinessId), nameof(SystemLogEvent.IdempotencyKey)))
        {
            db.Entry(log).State = EntityState.Detached;
            return ((await ByKeyAsync(c.Linked.Business.Id, key, ct))!, true);
        }
        var metadata = new Dictionary<string, object?>
        {
            ["session"] = c.Session.PublicId, ["event"] = log.PublicId, ["kind"] = log.Kind.ToString(), ["corrects"] = corrects?.PublicId,
        };
        BusinessActor.Describe(metadata, c.Linked.Business, c.Linked.SeatId);
        await audit.WriteAsync(AuditActions.SystemLogRecorded, "VEHICLE", c.VehiclePublicId, AuditResult.Success, metadata, scope: "org", ct: CancellationToken.None);
        return (log, false);
    }

    private async Task<SystemLogEvent?> ByKeyAsync(long businessId, string? key, CancellationToken ct) =>
        PublicIds.LooksValid(key) ? await db.SystemLogEvents.AsNoTracking().SingleOrDefaultAsync(e => e.BusinessId == businessId && e.IdempotencyKey == key, ct) : null;
}
