using LifeTimeCircle.Web;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Jobs;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LifeTimeCircle.Infrastructure.Documents;

/// <summary>The job payload of one scan: the document's public id (no user data).</summary>
public sealed record ScanPayload(string DocumentId);

/// <summary>
/// The handler of job kind <c>scan</c> (docs/adr/0007-one-job-runner.md): runs the structural checks and clamd
/// INSTREAM (<see cref="FileScanner"/>, shared with the <c>image-scan</c> kind) on one pending document. INFECTED → rejected; clamd unreachable → stays PENDING and the attempt fails, so
/// that the runner retries with backoff (10 s, doubling, at most 10 minutes). Claiming, leases and retries are the
/// runner's; the <c>Documents</c> row keeps the scan state the pages show.
/// </summary>
public sealed class ScanProcessor(AppDbContext db, DocumentStorage storage, FileScanner scanner, AuditWriter audit, JobQueue jobs, TimeProvider clock, ILogger<ScanProcessor> logger,
    Notifications.Notifications notifications)
    : IJobHandler<ScanPayload>, IJobRecovery
{
    public const string Kind = "scan";

    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    /// <summary>About 33 hours of retries while clamd is unreachable, then a dead letter (an admin can request a new scan).</summary>
    public static readonly JobPolicy Policy = new(200, LeaseDuration, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));

    /// <summary>Adds the document (when new) and its scan job to <paramref name="context"/>; the caller saves and then wakes the runner.</summary>
    public static void Enqueue(AppDbContext context, JobQueue queue, Document doc)
    {
        if (context.Entry(doc).State == EntityState.Detached) context.Documents.Add(doc);
        queue.Enqueue(context, Kind, new ScanPayload(doc.PublicId));
    }

    public async Task RunAsync(ScanPayload payload, JobContext context, CancellationToken ct)
    {
        // IgnoreQueryFilters: proofs of ownership of a claim are scanned like every upload.
        var doc = await db.Documents.IgnoreQueryFilters().SingleOrDefaultAsync(d => d.PublicId == payload.DocumentId, ct);
        if (doc is null || doc.Scan != ScanState.Pending || doc.DeletedAt != null) return; // scanned already, or deleted
        var now = clock.GetUtcNow();
        doc.Lease(now, LeaseDuration);
        await db.SaveChangesAsync(ct);

        var outcome = await scanner.ScanAsync(doc.StorageKey, doc.ContentType, ct);
        if (outcome is { Refused: true, Structural: true })
        {
            doc.ScannedInfected(outcome.Detail!, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(AuditActions.UploadScannedSuspicious, "DOCUMENT", doc.PublicId, AuditResult.Success,
                new Dictionary<string, object?> { ["doc_type"] = doc.Kind.ToString(), ["quarantine_status"] = doc.Approval.ToString(), ["check"] = "structure" }, scope: "own", ct: ct);
            logger.LogWarning("Dokument {DocumentId} strukturell auffällig und abgelehnt", doc.PublicId);
            return;
        }

        switch (outcome.Verdict)
        {
            case ScanVerdict.Clean:
                doc.ScannedClean(clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
                await audit.WriteAsync(AuditActions.UploadScannedClean, "DOCUMENT", doc.PublicId, AuditResult.Success,
                    new Dictionary<string, object?> { ["doc_type"] = doc.Kind.ToString(), ["quarantine_status"] = doc.Approval.ToString() }, ct: ct);
                break;
            case ScanVerdict.Infected:
                doc.ScannedInfected(outcome.Detail!, clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
                await audit.WriteAsync(AuditActions.UploadScannedInfected, "DOCUMENT", doc.PublicId, AuditResult.Success,
                    new Dictionary<string, object?> { ["doc_type"] = doc.Kind.ToString(), ["quarantine_status"] = doc.Approval.ToString() }, ct: ct);
                await audit.WriteAsync(AuditActions.UploadRejected, "DOCUMENT", doc.PublicId, AuditResult.Success,
                    new Dictionary<string, object?> { ["reason_code"] = "INFECTED" }, ct: ct);
                logger.LogWarning("Dokument {DocumentId} von ClamAV als infiziert erkannt und abgelehnt", doc.PublicId);
                break;
            default:
                doc.ScanDeferred(clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
                logger.LogWarning("Virenprüfung für {DocumentId} verschoben: {Reason}", doc.PublicId, outcome.Detail);
                throw new JobFailedException("Virenscanner nicht erreichbar.");
        }
    }

    /// <summary>Documents still pending without an open scan job (uploaded before the job runner existed) get one.</summary>
    public async Task RecoverAsync(CancellationToken ct)
    {
        var pending = await db.Documents.IgnoreQueryFilters().Where(d => d.Scan == ScanState.Pending && d.DeletedAt == null).ToListAsync(ct);
        if (pending.Count == 0) return;
        var payloads = pending.Select(d => JobQueue.PayloadOf(new ScanPayload(d.PublicId))).ToList();
        var open = (await db.Jobs.Where(j => j.Kind == Kind && (j.State == JobState.Queued || j.State == JobState.Running) && payloads.Contains(j.Payload))
            .Select(j => j.Payload).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var adopted = pending.Where(d => !open.Contains(JobQueue.PayloadOf(new ScanPayload(d.PublicId)))).ToList();
        foreach (var d in adopted) jobs.Enqueue(db, Kind, new ScanPayload(d.PublicId));
        await db.SaveChangesAsync(ct);
        if (adopted.Count > 0) logger.LogWarning("{Count} Dokument(e) ohne Prüfauftrag in die Auftragswarteschlange übernommen", adopted.Count);
    }

    /// <summary>CONFIRMED PII not replaced within the retention period: the file is deleted, the row stays.</summary>
    public async Task<int> DeleteExpiredPiiAsync(int retentionDays, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(retentionDays);
        var expired = await db.Documents
            .Where(d => d.Pii == PiiState.Confirmed && d.DeletedAt == null && d.PiiMarkedAt != null && d.PiiMarkedAt < cutoff)
            .Where(d => !db.Documents.Any(r => r.ReplacesDocumentId == d.Id && r.DeletedAt == null && r.Approval != ApprovalState.Rejected))
            .OrderBy(d => d.Id).Take(100).ToListAsync(ct);
        foreach (var d in expired)
        {
            storage.Delete(d.StorageKey);
            d.SoftDelete("Automatisch gelöscht: Datenschutz-Befund nicht bereinigt.", clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(AuditActions.DocumentDeleted, "DOCUMENT", d.PublicId, AuditResult.Success,
                new Dictionary<string, object?> { ["reason_code"] = "PII_RETENTION", ["doc_type"] = d.Kind.ToString() }, ct: ct);
            await notifications.DocumentDeletedAsync(d, ct);
        }
        return expired.Count;
    }
}

/// <summary>Job kind <c>pii-retention</c>, hourly: deletes files of confirmed PII findings not replaced within LTC_PII_RETENTION_DAYS.</summary>
public sealed class PiiRetention(ScanProcessor documents, DocumentOptions options) : IJobHandler<NoPayload>
{
    public const string Kind = "pii-retention";

    public Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct) => documents.DeleteExpiredPiiAsync(options.PiiRetentionDays, ct);
}

/// <summary>
/// Scanner health: configured, reachable, how many uploads wait and since when. clamd unreachable or not configured is
/// <em>degraded</em> (HTTP 200): the site works and uploads wait as PENDING. Unhealthy only when the oldest waiting upload
/// is older than <c>LTC_SCAN_MAX_WAIT_MINUTES</c>, whatever the reason (the queue itself is in the "jobs" check).
/// </summary>
public sealed class ScannerHealthCheck(AppDbContext db, ClamAvClient clamAv, TimeProvider clock, IHostEnvironment environment,
    Health.HealthOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var oldest = await db.Documents.IgnoreQueryFilters().Where(d => d.Scan == ScanState.Pending && d.DeletedAt == null)
            .OrderBy(d => d.UploadedAt).Select(d => (DateTimeOffset?)d.UploadedAt).FirstOrDefaultAsync(cancellationToken);
        var pending = await db.Documents.IgnoreQueryFilters().CountAsync(d => d.Scan == ScanState.Pending && d.DeletedAt == null, cancellationToken);
        var ageMinutes = oldest is { } o ? Math.Round((clock.GetUtcNow() - o).TotalMinutes, 1) : 0;
        var data = new Dictionary<string, object> { ["pending"] = pending, ["oldestPendingMinutes"] = ageMinutes, ["maxWaitMinutes"] = options.ScanMaxWaitMinutes };
        var waiting = $"{Display.Count(pending, "Dokument wartet", "Dokumente warten")}, ältestes seit {Display.OneDecimal(ageMinutes)} min";
        var tooOld = ageMinutes > options.ScanMaxWaitMinutes;
        string? problem = null;
        if (!clamAv.IsConfigured)
        {
            problem = environment.IsProduction() ? "ClamAV nicht konfiguriert (LTC_CLAMAV)" : "ClamAV nicht konfiguriert; Uploads bleiben in Prüfung";
        }
        else
        {
            await using var probe = new MemoryStream("%PDF-1.4 probe"u8.ToArray());
            if ((await clamAv.ScanAsync(probe, cancellationToken)).Verdict == ScanVerdict.Unavailable) problem = "Scanner nicht erreichbar";
        }
        var text = $"{problem ?? "Scanner erreichbar"}; {waiting}.";
        if (tooOld)
        {
            return HealthCheckResult.Unhealthy($"{text} Länger als {Display.Number(options.ScanMaxWaitMinutes)} min (LTC_SCAN_MAX_WAIT_MINUTES).", data: data);
        }
        return problem is null ? HealthCheckResult.Healthy(text, data) : HealthCheckResult.Degraded(text, data: data);
    }
}
