using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Images;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Jobs;

namespace LifeTimeCircle.Infrastructure.Images;

/// <summary>
/// The upload steps of an image that belongs to no vehicle (ADR 0024), on top of the document pipeline's own parts: the
/// daily quota and the stored file come from <see cref="UploadIntake"/> (sniffed type, size limit while streaming, random
/// key), anything but JPEG, PNG or WebP is refused and its file deleted, and the row is added under the quota's writer
/// lock together with its <c>image-scan</c> job. Deleting removes the row and then the file with its previews.
/// The callers (an article's images) keep only their own rules: who may, how many, which owner.
/// </summary>
public sealed class ImageUploads(UploadIntake intake, UploadQuota quota, DocumentStorage storage, JobQueue jobs, AuditWriter audit)
{
    public const string NotAnImage = "Bitte laden Sie ein Bild hoch: JPEG, PNG oder WebP.";

    /// <summary>Stores the file, or returns the refusal (quota, content, not an image), audited with <paramref name="purpose"/>.</summary>
    public async Task<(StoredFile? Stored, UploadRefusal? Refusal)> StoreAsync(AppDbContext db, string userId, IFormFile file, string purpose, CancellationToken ct)
    {
        var (stored, refusal) = await intake.StoreAsync(db, userId, file, null, purpose, ct);
        if (stored is null) return (null, refusal);
        if (UploadedImage.IsAcceptedType(stored.ContentType)) return (stored, null);
        storage.Delete(stored.StorageKey);
        await audit.WriteAsync(AuditActions.UploadRejected, "IMAGE", null, AuditResult.Denied,
            new Dictionary<string, object?> { ["reason_code"] = "NOT_AN_IMAGE", ["purpose"] = purpose }, ct: ct);
        return (null, new UploadRefusal(NotAnImage));
    }

    /// <summary>
    /// Adds the image and its scan job within the quota (<paramref name="alongside"/> in the same transaction), wakes the
    /// runner and audits; on a lost race for the quota, or when <paramref name="alongside"/> throws, the file is deleted.
    /// </summary>
    public async Task<UploadRefusal?> AddAsync(AppDbContext db, UploadedImage image, string purpose, CancellationToken ct,
        Func<CancellationToken, Task>? alongside = null)
    {
        string? raced;
        try
        {
            raced = await quota.AddWithinQuotaAsync(db, image.UploadedBy, image.SizeBytes, () =>
            {
                db.UploadedImages.Add(image);
                jobs.Enqueue(db, ImageScanJob.Kind, new ImageScanPayload(image.PublicId));
            }, ct, alongside);
        }
        catch
        {
            storage.Delete(image.StorageKey);
            throw;
        }
        if (raced is not null)
        {
            storage.Delete(image.StorageKey);
            await audit.WriteAsync(AuditActions.UploadRejected, "IMAGE", null, AuditResult.Denied,
                new Dictionary<string, object?> { ["reason_code"] = "QUOTA_EXCEEDED", ["purpose"] = purpose }, ct: ct);
            return new UploadRefusal(raced);
        }
        await audit.WriteAsync(AuditActions.UploadReceived, "IMAGE", image.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["content_type"] = image.ContentType, ["size"] = image.SizeBytes, ["purpose"] = purpose }, ct: CancellationToken.None);
        jobs.Wake();
        return null;
    }

    /// <summary>Removes the row (saved by this call) and then the file and its previews; audited with the owner's kind.</summary>
    public async Task DeleteAsync(AppDbContext db, UploadedImage image, string ownerKind, CancellationToken ct)
    {
        db.UploadedImages.Remove(image);
        await db.SaveChangesAsync(ct);
        storage.Delete(image.StorageKey);
        await audit.WriteAsync(AuditActions.ImageDeleted, "IMAGE", image.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["owner"] = ownerKind }, ct: CancellationToken.None);
    }

    /// <summary>The files of rows that are about to go with their owner (the caller deletes the rows): deleted after the owner's commit.</summary>
    public void DeleteFiles(IEnumerable<string> storageKeys)
    {
        foreach (var key in storageKeys) storage.Delete(key);
    }
}
