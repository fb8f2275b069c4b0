using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge;

/// <summary>
/// The rule both trust folders (Unfall-Trust, Oldtimer/Restauration-Trust, ADR 0023) share for linking a vehicle's
/// documents: only the vehicle's own, not deleted, not rejected; offered newest first with kind and file name.
/// </summary>
public static class FolderDocuments
{
    public const string ChooseMessage = "Bitte wählen Sie ein Dokument aus der Liste.";

    public static IQueryable<Document> Linkable(AppDbContext db, long vehicleId) =>
        db.Documents.AsNoTracking().Where(d => d.VehicleId == vehicleId && d.DeletedAt == null && d.Approval != ApprovalState.Rejected);

    /// <summary>The linkable document with this public id, or null (→ <see cref="ChooseMessage"/>).</summary>
    public static async Task<Document?> FindAsync(AppDbContext db, long vehicleId, string? docId, CancellationToken ct) =>
        string.IsNullOrEmpty(docId) ? null : await Linkable(db, vehicleId).SingleOrDefaultAsync(d => d.PublicId == docId, ct);

    /// <summary>The choices of a link form: at most 200, newest first, „Rechnung · datei.pdf“.</summary>
    public static async Task<List<(string DocId, string Title)>> ChoicesAsync(IQueryable<Document> candidates, CancellationToken ct)
    {
        var rows = await candidates.OrderByDescending(d => d.UploadedAt).Take(200)
            .Select(d => new { d.PublicId, d.Kind, d.OriginalFileName }).ToListAsync(ct);
        return rows.Select(d => (d.PublicId, $"{DocumentTexts.Kind(d.Kind)} · {d.OriginalFileName}")).ToList();
    }

    /// <summary>Is the document an image (photo roles take only images)?</summary>
    public static bool IsImage(Document doc) => doc.ContentType.StartsWith("image/", StringComparison.Ordinal);
}
