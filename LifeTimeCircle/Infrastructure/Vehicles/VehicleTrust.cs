using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Vehicles;

/// <summary>Builds the trust engine's input from the real data of one vehicle (owner view, public mini-check, exports).</summary>
public sealed class VehicleTrust(AppDbContext db)
{
    public async Task<TrustResult> EvaluateAsync(Vehicle vehicle, CancellationToken ct)
    {
        // Latest version of every entry. Evidence (T3) arrives with the documents feature; until then no entry
        // has valid evidence, so levels are T2 (physical service book) or T1.
        var entryCount = await db.Entries.CountAsync(e => e.VehicleId == vehicle.Id && e.IsLatest, ct);
        var level = Entry.TrustLevel(hasValidEvidence: false, vehicle.HasPhysicalServiceBook);
        var entries = Enumerable.Repeat(new TrustEntryInput(level), entryCount).ToList();
        var openFlags = await db.OdometerFlags.CountAsync(f => f.VehicleId == vehicle.Id && f.ResolvedAt == null, ct);
        var accident = vehicle.AccidentStatus switch
        {
            AccidentStatus.Unfallfrei => TrustAccidentStatus.Unfallfrei,
            AccidentStatus.NichtUnfallfrei => TrustAccidentStatus.NichtUnfallfrei,
            _ => TrustAccidentStatus.Unbekannt,
        };
        return TrustEngine.Evaluate(new TrustInput(entries, [], accident, vehicle.AccidentTrustCompleted,
            AccidentTrustEvidenced: false, vehicle.HasPhysicalServiceBook, openFlags));
    }
}
