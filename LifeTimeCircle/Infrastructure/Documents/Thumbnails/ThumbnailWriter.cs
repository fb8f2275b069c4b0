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
        // Claim the document before decoding: the row says INTERRUPTED until the outcome replaces it, so a process killed
        // inside the native decoder (memory, a decoder bug) never gets the same image again on restart or from the backfill.
        var claim = DocumentThumbnail.Claim(doc.Id, clock.GetUtcNow());
        db.DocumentThumbnails.Add(claim);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The backfill and the approval's job claimed it at once: the first claim makes the previews.
            db.Entry(claim).State = EntityState.Detached;
            return false;
        }
        DocumentThumbnail outcome;
        try
        {
            var source = storage.PathFor(doc.StorageKey);
            if (!File.Exists(source)) throw new ThumbnailRefusedException("FILE_MISSING");
            Directory.CreateDirectory(Path.GetDirectoryName(storage.ThumbnailPathFor(doc.StorageKey, ThumbnailMaker.Variants[0]))!);
            var sizes = ThumbnailMaker.Make(source, variant => storage.ThumbnailPathFor(doc.StorageKey, variant));
            outcome = DocumentThumbnail.Ready(doc.Id, sizes.SmallWidth, sizes.SmallHeight, sizes.LargeWidth, sizes.LargeHeight, clock.GetUtcNow());
        }
        catch (ThumbnailRefusedException ex)
        {
            logger.LogWarning("Vorschau für Dokument {DocumentId} abgelehnt ({ReasonCode}); die Galerie zeigt ein Symbol", doc.PublicId, ex.ReasonCode);
            outcome = DocumentThumbnail.Failed(doc.Id, ex.ReasonCode, clock.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not the image's fault (disk, permissions): give the claim back so the runner's retry or the backfill tries again.
            db.DocumentThumbnails.Remove(claim);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        claim.Become(outcome);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await db.Documents.AnyAsync(d => d.Id == doc.Id, CancellationToken.None)) throw;
            // The document was deleted meanwhile (the claim went by cascade): its previews must not stay behind.
            foreach (var variant in ThumbnailMaker.Variants) File.Delete(storage.ThumbnailPathFor(doc.StorageKey, variant));
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
public sealed class ThumbnailBackfill(AppDbContext db, ThumbnailWriter thumbnails, ILogger<ThumbnailBackfill> logger) : IJobHandler<NoPayload>
{
    public const string Kind = "thumbnail-backfill";
    public const int BatchSize = 25;

    public async Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct)
    {
        var missing = await db.Documents.AsNoTracking().Where(Document.ValidEvidence)
            .Where(d => (d.ContentType == "image/jpeg" || d.ContentType == "image/png" || d.ContentType == "image/webp")
                && !db.DocumentThumbnails.Any(t => t.DocumentId == d.Id))
            .OrderBy(d => d.Id).Select(d => d.PublicId).Take(BatchSize).ToListAsync(ct);
        foreach (var id in missing)
        {
            try
            {
                await thumbnails.MakeAsync(id, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One image must not hold up the rest of the batch (nor every later run): the next run tries it again.
                logger.LogWarning("Vorschau für Dokument {DocumentId} nicht erstellt ({Error}); der nächste Lauf versucht es erneut", id, ex.GetType().Name);
            }
        }
    }
}
