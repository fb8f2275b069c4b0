using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Documents;

public enum ReviewDecision { Approve, Reject, Rescan, Pii }

/// <summary>What a review did: <see cref="Found"/> false → 404; <see cref="Error"/> → shown on the page; otherwise <see cref="Message"/>.</summary>
public sealed record ReviewResult(bool Found, string? Error, string Message);

/// <summary>
/// The reviewer's decisions on a document (quarantine queue, SPEC §5): approve (only CLEAN and PII OK), reject with a
/// reason, rescan, PII decision. Every decision is audited, a refused one too. When the decided document is a
/// cleaned replacement and has become valid evidence, the replaced original is retired: its file is deleted, its row
/// stays for the history.
/// </summary>
public sealed class DocumentReview(AppDbContext db, DocumentStorage storage, JobQueue queue, AuditWriter audit, TimeProvider clock,
    LifeTimeCircle.Infrastructure.Notifications.Notifications notifications)
{
    public const string InvalidChoiceMessage = "Die Auswahl ist ungültig. Bitte wählen Sie einen Wert aus der Liste.";

    public Task<bool> ExistsAsync(string? documentId, CancellationToken ct) => db.Documents.AnyAsync(d => d.PublicId == documentId, ct);

    public async Task<ReviewResult> DecideAsync(string? documentId, ReviewDecision decision, string? reason, PiiState pii, CancellationToken ct)
    {
        var doc = await db.Documents.SingleOrDefaultAsync(d => d.PublicId == documentId, ct);
        if (doc is null) return new ReviewResult(false, null, "");
        var now = clock.GetUtcNow();
        var wasPending = doc.Scan == ScanState.Pending;
        var (action, message) = decision switch
        {
            ReviewDecision.Approve => (AuditActions.UploadApproved, "Freigegeben."),
            ReviewDecision.Reject => (AuditActions.UploadRejected, "Abgelehnt."),
            ReviewDecision.Rescan => (AuditActions.UploadRescanRequested, "Neue Prüfung angestoßen."),
            _ => (AuditActions.DocumentVisibilityChanged, "Datenschutz-Status gesetzt."),
        };
        try
        {
            switch (decision)
            {
                case ReviewDecision.Approve: doc.Approve(now); break;
                case ReviewDecision.Reject: doc.Reject(reason ?? "", now); break;
                case ReviewDecision.Rescan: doc.RequestRescan(now); break;
                default:
                    if (!Enum.IsDefined(pii)) throw new DomainException(InvalidChoiceMessage);
                    doc.MarkPii(pii, reason, now);
                    break;
            }
        }
        catch (DomainException ex)
        {
            await audit.WriteAsync(action, "DOCUMENT", doc.PublicId, AuditResult.Denied,
                new Dictionary<string, object?> { ["reason_code"] = "QUARANTINE_BLOCK", ["scan"] = doc.Scan.ToString(), ["pii"] = doc.Pii.ToString() }, scope: "org", ct: ct);
            return new ReviewResult(true, ex.Message, "");
        }
        if (!wasPending && doc.Scan == ScanState.Pending) ScanProcessor.Enqueue(db, queue, doc);
        // An approved image gets its previews from the job runner (ADR 0022), in the same transaction as the approval.
        if (decision == ReviewDecision.Approve) Thumbnails.ThumbnailWriter.Enqueue(db, queue, doc);
        var replaced = await ReplacedOriginalAsync(doc, ct);
        replaced?.SoftDelete("Durch eine bereinigte Fassung ersetzt.", now);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(action, "DOCUMENT", doc.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["doc_type"] = doc.Kind.ToString(), ["quarantine_status"] = doc.Approval.ToString(), ["pii"] = doc.Pii.ToString() }, scope: "org", ct: ct);
        if (replaced is not null)
        {
            // Files go only once the rows that point to them are saved.
            storage.Delete(replaced.StorageKey);
            await audit.WriteAsync(AuditActions.DocumentDeleted, "DOCUMENT", replaced.PublicId, AuditResult.Success,
                new Dictionary<string, object?> { ["reason_code"] = "REPLACED", ["doc_type"] = replaced.Kind.ToString() }, scope: "org", ct: ct);
        }
        if (decision == ReviewDecision.Approve) await notifications.DocumentApprovedAsync(doc, ct);
        else if (decision == ReviewDecision.Reject) await notifications.DocumentRejectedAsync(doc, ct);
        if (doc.Scan == ScanState.Pending || decision == ReviewDecision.Approve) queue.Wake();
        return new ReviewResult(true, null, message);
    }

    /// <summary>Cleaning a PII finding = uploading a replacement: once the replacement is valid evidence, the original goes.</summary>
    private async Task<Document?> ReplacedOriginalAsync(Document doc, CancellationToken ct) =>
        doc.IsValidEvidence && doc.ReplacesDocumentId is { } replacedId
            ? await db.Documents.SingleOrDefaultAsync(d => d.Id == replacedId && d.VehicleId == doc.VehicleId && d.DeletedAt == null, ct)
            : null;
}
