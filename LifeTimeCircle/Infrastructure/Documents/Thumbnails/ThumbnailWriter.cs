using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Documents.Thumbnails;

/// <summary>The job payload of one preview: the document's public id (no user data).</summary>
public sealed record ThumbnailPayload(string DocumentId);

/// <summary>
/// Makes the previews of one approved image (ADR 0022) and records the outcome in <see cref="DocumentThumbnail"/>.
/// Idempotent: a document that has a row already, is no longer valid evidence or is no image is left alone. A refused
/// image (too many pixels, undecodable, its file gone) gets a Failed row at once — retrying would refuse it again; any
/// other error fails the attempt and the runner retries.
/// </summary>
public sealed class ThumbnailWriter(AppDbContext db, DocumentStorage storage, TimeProvider clock, ILogger<ThumbnailWriter> logger)
{
    public static bool IsImage(string contentType) => contentType is "image/jpeg" or "image/png" or "image/webp";

    /// <summary>Adds the preview job of a freshly approved image to <paramref name="context"/>; the caller saves and wakes the runner.</summary>
    public static void Enqueue(AppDbContext context, JobQueue queue, Document doc)
    {
        if (IsImage(doc.ContentType)) queue.Enqueue(context, ThumbnailJob.Kind, new ThumbnailPayload(doc.PublicId));
    }

    /// <returns>True when this call wrote a row (previews made or refused).</returns>
    public async Task<bool> MakeAsync(string documentId, CancellationToken ct)
    {
        var doc = await db.Documents.AsNoTracking().Where(d => d.PublicId == documentId).Where(Document.ValidEvidence)
            .Select(d => new { d.Id, d.PublicId, d.StorageKey, d.ContentType }).SingleOrDefaultAsync(ct);
        if (doc is null || !IsImage(doc.ContentType)) return false;
        if (await db.DocumentThumbnails.AnyAsync(t => t.DocumentId == doc.Id, ct)) return false;
        var now = clock.GetUtcNow();
        DocumentThumbnail row;
        try
        {
            var source = storage.PathFor(doc.StorageKey);
            if (!File.Exists(source)) throw new ThumbnailRefusedException("FILE_MISSING");
            Directory.CreateDirectory(Path.GetDirectoryName(storage.ThumbnailPathFor(doc.StorageKey, ThumbnailMaker.Variants[0]))!);
            var sizes = ThumbnailMaker.Make(source, variant => storage.ThumbnailPathFor(doc.StorageKey, variant));
            row = DocumentThumbnail.Ready(doc.Id, sizes.SmallWidth, sizes.SmallHeight, sizes.LargeWidth, sizes.LargeHeight, now);
        }
        catch (ThumbnailRefusedException ex)
        {
            logger.LogWarning("Vorschau für Dokument {DocumentId} abgelehnt ({ReasonCode}); die Galerie zeigt ein Symbol", doc.PublicId, ex.ReasonCode);
            row = DocumentThumbnail.Failed(doc.Id, ex.ReasonCode, now);
        }
        db.DocumentThumbnails.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The backfill and the approval's job made the same previews at once: the first row stands.
            db.Entry(row).State = EntityState.Detached;
            return false;
        }
        return true;
    }
}

/// <summary>Job kind <c>thumbnail</c>: the previews of one image, queued when an admin approves it.</summary>
public sealed class ThumbnailJob(ThumbnailWriter thumbnails) : IJobHandler<ThumbnailPayload>
{
    public const string Kind = "thumbnail";

    /// <summary>Three tries a few minutes apart; a dead letter leaves the placeholder, and the backfill tries again later.</summary>
    public static readonly JobPolicy Policy = new(3, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));

    public Task RunAsync(ThumbnailPayload payload, JobContext context, CancellationToken ct) => thumbnails.MakeAsync(payload.DocumentId, ct);
}

/// <summary>
/// Recurring kind <c>thumbnail-backfill</c>: approved images without a preview row (approved before the pipeline
/// existed, or whose job became a dead letter) get their previews, at most <see cref="BatchSize"/> per run.
/// </summary>
public sealed class ThumbnailBackfill(AppDbContext db, ThumbnailWriter thumbnails) : IJobHandler<NoPayload>
{
    public const string Kind = "thumbnail-backfill";
    public const int BatchSize = 25;

    public async Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct)
    {
        var missing = await db.Documents.AsNoTracking().Where(Document.ValidEvidence)
            .Where(d => (d.ContentType == "image/jpeg" || d.ContentType == "image/png" || d.ContentType == "image/webp")
                && !db.DocumentThumbnails.Any(t => t.DocumentId == d.Id))
            .OrderBy(d => d.Id).Select(d => d.PublicId).Take(BatchSize).ToListAsync(ct);
        foreach (var id in missing) await thumbnails.MakeAsync(id, ct);
    }
}
