using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Vehicles;

/// <summary>Builds the trust engine's input from the real data of one vehicle (owner view, public mini-check, exports).</summary>
public sealed class VehicleTrust(AppDbContext db)
{
    /// <summary>Entry groups of the vehicle that have valid evidence and no open PII finding: these entries are T3.</summary>
    public async Task<HashSet<string>> EvidencedGroupsAsync(long vehicleId, IReadOnlyCollection<string>? among, CancellationToken ct)
    {
        var docs = db.Documents.AsNoTracking().Where(d => d.VehicleId == vehicleId && d.EntryGroupId != null && d.DeletedAt == null);
        if (among is not null) docs = docs.Where(d => among.Contains(d.EntryGroupId!));
        var valid = await docs.Where(Document.ValidEvidence)
            .Select(d => d.EntryGroupId!).Distinct().ToListAsync(ct);
        var blocked = await docs.Where(d => d.Pii != PiiState.Ok).Select(d => d.EntryGroupId!).Distinct().ToListAsync(ct);
        return valid.Except(blocked).ToHashSet();
    }

    /// <summary>Evaluates from scratch over every entry and document (exports, certificates; the stored summary is checked against it).</summary>
    public async Task<TrustResult> EvaluateAsync(Vehicle vehicle, CancellationToken ct) =>
        (await TrustEvaluation.ComputeAsync(db, [vehicle.Id], ct))[vehicle.Id];

    /// <summary>
    /// The stored summary (one lookup by primary key), kept current by every write in the same transaction. A missing
    /// row (only possible before the start-up backfill has run) is evaluated from scratch.
    /// </summary>
    public async Task<TrustResult> StoredAsync(long vehicleId, CancellationToken ct)
    {
        var stored = await db.TrustSummaries.AsNoTracking().Where(s => s.VehicleId == vehicleId)
            .Select(s => new { s.Light, s.Reasons }).SingleOrDefaultAsync(ct);
        return stored is null ? (await TrustEvaluation.ComputeAsync(db, [vehicleId], ct))[vehicleId] : TrustSummary.ToResult(stored.Light, stored.Reasons);
    }
}
