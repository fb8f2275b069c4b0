using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Documents.Thumbnails;

/// <summary>What <c>Pages/Shared/_Thumbnail.cshtml</c> shows of one document: its preview, a placeholder or a type icon.</summary>
public sealed record ThumbnailView(string VehicleId, string DocumentId, string Title, string ContentType, string? Status,
    ThumbnailState? State, int SmallWidth, int SmallHeight, int LargeWidth)
{
    /// <summary>Preview URLs relative to <c>/Fahrzeuge/{id}/</c>: only for pages directly below it (the Galerie).</summary>
    public bool Relative { get; init; }

    public bool HasPreview => Status is null && State == ThumbnailState.Ready;

    /// <summary>Valid evidence, an image, no row yet: the job will make it.</summary>
    public bool IsPending => Status is null && State is null && ThumbnailWriter.IsImage(ContentType);

    /// <summary>„PDF“ or „Bild“ for the type icon.</summary>
    public string TypeLabel => ContentType == "application/pdf" ? "PDF" : "Bild";

    /// <summary>
    /// The views of <paramref name="documents"/> (already restricted to one owned vehicle by the caller), in the order
    /// given. Title: the file name without its extension (the only title a document has).
    /// </summary>
    public static async Task<IReadOnlyList<ThumbnailView>> LoadAsync(AppDbContext db, string vehiclePublicId, IQueryable<Document> documents, CancellationToken ct)
    {
        var rows = await documents.AsNoTracking()
            .Select(d => new
            {
                Doc = d,
                Valid = db.Documents.Where(Document.ValidEvidence).Any(v => v.Id == d.Id),
                Thumb = db.DocumentThumbnails.Where(t => t.DocumentId == d.Id).Select(t => new { t.State, t.SmallWidth, t.SmallHeight, t.LargeWidth }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(r => new ThumbnailView(vehiclePublicId, r.Doc.PublicId, Path.GetFileNameWithoutExtension(r.Doc.OriginalFileName),
                r.Doc.ContentType, r.Valid ? null : DocumentTexts.State(r.Doc), r.Thumb?.State, r.Thumb?.SmallWidth ?? 0, r.Thumb?.SmallHeight ?? 0, r.Thumb?.LargeWidth ?? 0))
            .ToList();
    }
}
