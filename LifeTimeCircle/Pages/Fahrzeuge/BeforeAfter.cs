using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Documents.Thumbnails;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge;

/// <summary>One before/after pair: either side may be missing (a damage photographed before the repair only).</summary>
public sealed record PhotoPair(ThumbnailView? Before, ThumbnailView? After);

/// <summary>The before/after pairs of one damage event of the Unfall-Trust folder, with what links to the event's page.</summary>
public sealed record BeforeAfterGroup(string DamagePublicId, DateOnly OccurredOn, string Damage, IReadOnlyList<PhotoPair> Pairs);

/// <summary>
/// The Galerie's „Vorher und nachher“ (issue 21 item 4): the photos linked to the vehicle's damage events as „Foto vorher“ and
/// „Foto nachher“, paired in the order they were uploaded (the first before-photo beside the first after-photo, …).
/// </summary>
public static class BeforeAfter
{
    public static async Task<IReadOnlyList<BeforeAfterGroup>> LoadAsync(AppDbContext db, long vehicleId, string vehiclePublicId, CancellationToken ct)
    {
        var links = await db.DamageEvidence.AsNoTracking()
            .Where(x => x.VehicleId == vehicleId && (x.Role == DamageEvidenceRole.FotoVorher || x.Role == DamageEvidenceRole.FotoNachher))
            .Join(db.Documents.Where(d => d.VehicleId == vehicleId && d.DeletedAt == null), x => x.DocumentId, d => d.Id,
                (x, d) => new { x.DamageEventId, x.Role, d.PublicId, d.UploadedAt, d.Id })
            .ToListAsync(ct);
        if (links.Count == 0) return [];
        var docIds = links.Select(l => l.Id).Distinct().ToList();
        var views = (await ThumbnailView.LoadAsync(db, vehiclePublicId, db.Documents.Where(d => docIds.Contains(d.Id)), ct)).ToDictionary(v => v.DocumentId);
        var eventIds = links.Select(l => l.DamageEventId).Distinct().ToList();
        var events = await db.DamageEvents.AsNoTracking().Where(e => eventIds.Contains(e.Id))
            .OrderByDescending(e => e.OccurredOn).ThenByDescending(e => e.Id).ToListAsync(ct);
        var byEvent = links.OrderBy(l => l.UploadedAt).ThenBy(l => l.Id).ToLookup(l => l.DamageEventId);
        return events.Select(e =>
        {
            var before = byEvent[e.Id].Where(l => l.Role == DamageEvidenceRole.FotoVorher).Select(l => views[l.PublicId]).ToList();
            var after = byEvent[e.Id].Where(l => l.Role == DamageEvidenceRole.FotoNachher).Select(l => views[l.PublicId]).ToList();
            var pairs = Enumerable.Range(0, Math.Max(before.Count, after.Count))
                .Select(i => new PhotoPair(i < before.Count ? before[i] : null, i < after.Count ? after[i] : null)).ToList();
            return new BeforeAfterGroup(e.PublicId, e.OccurredOn, e.Damage, pairs);
        }).ToList();
    }
}
