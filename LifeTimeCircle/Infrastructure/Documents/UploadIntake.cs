using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Jobs;

namespace LifeTimeCircle.Infrastructure.Documents;

/// <summary>Why an upload was not kept, in German for the form.</summary>
public sealed record UploadRefusal(string Message);

/// <summary>
/// The steps every upload form shares (owner evidence, proof of ownership of a claim, a workshop's invoice): the daily
/// quota asked before the file is read, the file stored (type sniffed, size limited) or refused with an audited German
/// message, and the document row added under the quota's writer lock with its scan job — the file deleted again if the
/// quota was used up meanwhile. The pages keep only their binding and their own rules.
/// </summary>
public sealed class UploadIntake(DocumentStorage storage, UploadQuota quota, JobQueue queue, AuditWriter audit)
{
    /// <summary>Stores the file, or returns the refusal (quota used up, content not accepted), audited with <paramref name="purpose"/>.</summary>
    public async Task<(StoredFile? Stored, UploadRefusal? Refusal)> StoreAsync(AppDbContext db, string userId, IFormFile file, string? vehiclePublicId,
        string purpose, CancellationToken ct)
    {
        if (await quota.RefusalAsync(db, userId, file.Length, ct) is { } full)
        {
            await AuditRejectedAsync("QUOTA_EXCEEDED", vehiclePublicId, purpose, ct);
            return (null, new UploadRefusal(full));
        }
        try
        {
            await using var stream = file.OpenReadStream();
            return (await storage.SaveAsync(stream, ct), null);
        }
        catch (UploadRejectedException ex)
        {
            await AuditRejectedAsync("CONTENT_REJECTED", vehiclePublicId, purpose, ct);
            return (null, new UploadRefusal(ex.Message));
        }
    }

    /// <summary>
    /// Adds the document (and <paramref name="alongside"/> in the same transaction) within the quota, wakes the scanner
    /// and audits the upload; on a lost race for the quota the stored file is deleted and the refusal returned.
    /// </summary>
    public async Task<UploadRefusal?> AddAsync(AppDbContext db, Document document, string? vehiclePublicId, string purpose, CancellationToken ct,
        Func<CancellationToken, Task>? alongside = null, IReadOnlyDictionary<string, object?>? context = null)
    {
        string? raced;
        try
        {
            raced = await quota.AddWithinQuotaAsync(db, document, ct, alongside);
        }
        catch
        {
            Discard(document.StorageKey);
            throw;
        }
        if (raced is not null)
        {
            Discard(document.StorageKey);
            await AuditRejectedAsync("QUOTA_EXCEEDED", vehiclePublicId, purpose, ct);
            return new UploadRefusal(raced);
        }
        var received = new Dictionary<string, object?>
        {
            ["doc_type"] = document.Kind.ToString(), ["quarantine_status"] = document.Approval.ToString(), ["size"] = document.SizeBytes,
            ["purpose"] = purpose,
        };
        // e.g. the business and staff seat a workshop's invoice was uploaded for (never personal data).
        foreach (var (key, value) in context ?? new Dictionary<string, object?>()) received[key] = value;
        // Saved: the audit must not be lost to a client that went away.
        await audit.WriteAsync(AuditActions.UploadReceived, "DOCUMENT", document.PublicId, AuditResult.Success, received, ct: CancellationToken.None);
        queue.Wake();
        return null;
    }

    /// <summary>Deletes a stored file that no document row will point to (a later rule refused the upload).</summary>
    public void Discard(string storageKey) => storage.Delete(storageKey);

    private Task AuditRejectedAsync(string reason, string? vehiclePublicId, string purpose, CancellationToken ct) =>
        audit.WriteAsync(AuditActions.UploadRejected, "DOCUMENT", null, AuditResult.Denied,
            new Dictionary<string, object?> { ["vehicle"] = vehiclePublicId, ["reason_code"] = reason, ["purpose"] = purpose }, ct: ct);
}
