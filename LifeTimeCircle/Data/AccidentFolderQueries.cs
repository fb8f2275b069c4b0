using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Data;

/// <summary>
/// Reads the Unfall-Trust folders of many vehicles at once (three grouped queries) and applies <see cref="AccidentFolder"/>:
/// the one source of „Unfall behoben und dokumentiert“ for the Trust-Ampel (<see cref="TrustEvaluation"/>) and the pages.
/// </summary>
public static class AccidentFolderQueries
{
    public static async Task<Dictionary<long, AccidentTrustState>> StatesAsync(AppDbContext db, IReadOnlyCollection<long> vehicleIds, CancellationToken ct)
    {
        var ids = vehicleIds.Distinct().ToList();
        var vehicles = await db.Vehicles.AsNoTracking().Where(v => ids.Contains(v.Id))
            .Select(v => new { v.Id, Opened = v.AccidentFolderOpenedAt != null, v.LegacyAccidentTrustCompleted }).ToListAsync(ct);
        var validDocuments = db.Documents.Where(Document.ValidEvidence);
        // Before the folder: any valid Gutachten of the vehicle evidenced the self-declared completion.
        var legacyGutachten = (await validDocuments.Where(d => ids.Contains(d.VehicleId) && d.Kind == DocumentKind.Gutachten)
            .Select(d => d.VehicleId).Distinct().ToListAsync(ct)).ToHashSet();
        var events = (await db.DamageEvents.AsNoTracking().Where(e => ids.Contains(e.VehicleId)).Select(e => new { e.VehicleId, e.Id }).ToListAsync(ct))
            .ToLookup(e => e.VehicleId, e => e.Id);
        // A link counts only with valid evidence of the same vehicle, uploaded as the kind its role needs (DamageTexts.Misfit).
        var roles = (await db.DamageEvidence.AsNoTracking().Where(x => ids.Contains(x.VehicleId))
                .Join(validDocuments, x => x.DocumentId, d => d.Id, (x, d) => new { x.DamageEventId, x.Role, x.VehicleId, DocumentVehicleId = d.VehicleId, d.Kind, d.ContentType })
                .Where(r => r.DocumentVehicleId == r.VehicleId)
                .Select(r => new { r.DamageEventId, r.Role, r.Kind, r.ContentType }).Distinct().ToListAsync(ct))
            .Where(r => DamageTexts.Misfit(r.Role, r.Kind, r.ContentType.StartsWith("image/", StringComparison.Ordinal)) is null)
            .ToLookup(x => x.DamageEventId, x => x.Role);
        return vehicles.ToDictionary(v => v.Id, v => AccidentFolder.Evaluate(v.Opened, v.LegacyAccidentTrustCompleted, legacyGutachten.Contains(v.Id),
            events[v.Id].Select(e => (IReadOnlySet<DamageEvidenceRole>)roles[e].ToHashSet()).ToList()));
    }

    public static async Task<AccidentTrustState> StateAsync(AppDbContext db, long vehicleId, CancellationToken ct) =>
        (await StatesAsync(db, [vehicleId], ct)).GetValueOrDefault(vehicleId, new AccidentTrustState(false, false));
}
