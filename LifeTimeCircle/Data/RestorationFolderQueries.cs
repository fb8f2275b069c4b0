using LifeTimeCircle.Domain.Addons;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Data;

/// <summary>
/// The certificate's view of the Oldtimer- and Restauration-Trust folders (ADR 0023 §3): one sentence per folder that is
/// activated and switched on for the vehicle, naming fixed stage kinds as belegt or noch nicht belegt — no numbers, no
/// costs, no owner's titles or texts.
/// </summary>
public static class RestorationFolderQueries
{
    public static async Task<IReadOnlyList<string>> CertificateSummariesAsync(AppDbContext db, long vehicleId, CancellationToken ct)
    {
        var active = await db.VehicleAddons.AsNoTracking().Where(a => a.VehicleId == vehicleId && a.Active && a.FirstEnabledAt != null)
            .Select(a => a.Key).ToListAsync(ct);
        if (active.Count == 0) return [];
        var validDocuments = db.Documents.Where(Document.ValidEvidence);
        var stages = await db.RestorationStages.AsNoTracking().Where(s => s.VehicleId == vehicleId && active.Contains(s.AddonKey))
            .Select(s => new { s.Id, s.AddonKey, s.Kind }).ToListAsync(ct);
        var ids = stages.Select(s => s.Id).ToList();
        // The same rule as the pages (StageTexts.Counts): a fitting Nachweis or after-photo that is valid evidence of this vehicle.
        var evidenced = (await db.StageEvidence.AsNoTracking().Where(x => ids.Contains(x.StageId))
                .Join(validDocuments.Where(d => d.VehicleId == vehicleId), x => x.DocumentId, d => d.Id, (x, d) => new { x.StageId, x.Role, d.Kind, d.ContentType })
                .ToListAsync(ct))
            .Where(x => StageTexts.Counts(x.Role, x.Kind, x.ContentType.StartsWith("image/", StringComparison.Ordinal)))
            .Select(x => x.StageId).ToHashSet();
        return AddonKeys.All.Where(active.Contains)
            .Select(key => RestorationFolder.Summary(key, stages.Where(s => s.AddonKey == key).Select(s => (s.Kind, evidenced.Contains(s.Id))))).ToList();
    }
}
