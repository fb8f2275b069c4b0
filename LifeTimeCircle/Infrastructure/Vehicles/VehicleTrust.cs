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

    public async Task<TrustResult> EvaluateAsync(Vehicle vehicle, CancellationToken ct)
    {
        var entryCount = await db.Entries.CountAsync(e => e.VehicleId == vehicle.Id && e.IsLatest, ct);
        var evidenced = (await EvidencedGroupsAsync(vehicle.Id, null, ct)).Count;
        var baseLevel = Entry.TrustLevel(hasValidEvidence: false, vehicle.HasPhysicalServiceBook);
        var entries = Enumerable.Repeat(new TrustEntryInput(EntryTrustLevel.T3), Math.Min(evidenced, entryCount))
            .Concat(Enumerable.Repeat(new TrustEntryInput(baseLevel), Math.Max(0, entryCount - evidenced)))
            .ToList();
        var documents = await db.Documents.AsNoTracking()
            .Where(d => d.VehicleId == vehicle.Id && d.DeletedAt == null && d.Approval != ApprovalState.Rejected)
            .Select(d => new TrustDocumentInput(d.Approval == ApprovalState.Quarantined,
                d.Pii == PiiState.Suspected ? TrustPiiState.Suspected : d.Pii == PiiState.Confirmed ? TrustPiiState.Confirmed : TrustPiiState.Ok,
                d.Sha256 == null))
            .ToListAsync(ct);
        var openFlags = await db.OdometerFlags.CountAsync(f => f.VehicleId == vehicle.Id && f.ResolvedAt == null, ct);
        var accident = vehicle.AccidentStatus switch
        {
            AccidentStatus.Unfallfrei => TrustAccidentStatus.Unfallfrei,
            AccidentStatus.NichtUnfallfrei => TrustAccidentStatus.NichtUnfallfrei,
            _ => TrustAccidentStatus.Unbekannt,
        };
        // Accident trust is evidenced by an approved Gutachten (expert report) of the vehicle.
        var accidentEvidence = await db.Documents.Where(Document.ValidEvidence)
            .AnyAsync(d => d.VehicleId == vehicle.Id && d.Kind == DocumentKind.Gutachten, ct);
        return TrustEngine.Evaluate(new TrustInput(entries, documents, accident, vehicle.AccidentTrustCompleted,
            accidentEvidence, vehicle.HasPhysicalServiceBook, openFlags));
    }
}
