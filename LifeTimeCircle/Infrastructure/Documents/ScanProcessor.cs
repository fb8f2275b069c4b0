using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LifeTimeCircle.Infrastructure.Documents;

/// <summary>Wakes the scan worker after a page committed an upload (the table is the queue).</summary>
public sealed class ScanSignal
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Wake() => _signal.Release();

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Scans one pending document per call: claims it with a lease (an expired lease is claimed again after a crash),
/// runs the structural checks and clamd INSTREAM. INFECTED → rejected; clamd unreachable → stays PENDING with backoff.
/// Tests call <see cref="ProcessNextAsync"/> directly.
/// </summary>
public sealed class ScanProcessor(AppDbContext db, DocumentStorage storage, ClamAvClient clamAv, AuditWriter audit, TimeProvider clock, ILogger<ScanProcessor> logger)
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    public async Task<bool> ProcessNextAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var doc = await db.Documents
            .Where(d => d.Scan == ScanState.Pending && d.DeletedAt == null && d.NextScanAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
            .OrderBy(d => d.NextScanAt).ThenBy(d => d.Id)
            .FirstOrDefaultAsync(ct);
        if (doc is null) return false;
        doc.Lease(now, LeaseDuration);
        await db.SaveChangesAsync(ct);

        string? problem;
        await using (var file = storage.OpenRead(doc.StorageKey))
        {
            problem = await StructuralChecks.FindProblemAsync(file, doc.ContentType, ct);
        }
        if (problem is not null)
        {
            doc.ScannedInfected(problem, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(AuditActions.UploadScannedSuspicious, "DOCUMENT", doc.PublicId, AuditResult.Success,
                new Dictionary<string, object?> { ["doc_type"] = doc.Kind.ToString(), ["quarantine_status"] = doc.Approval.ToString(), ["check"] = "structure" }, scope: "own", ct: ct);
            logger.LogWarning("Dokument {DocumentId} strukturell auffällig und abgelehnt", doc.PublicId);
            return true;
        }

        ScanOutcome outcome;
        await using (var file = storage.OpenRead(doc.StorageKey))
        {
            outcome = await clamAv.ScanAsync(file, ct);
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
                doc.ScannedInfected(outcome.Detail ?? "ClamAV", clock.GetUtcNow());
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
                break;
        }
        return true;
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
        }
        return expired.Count;
    }
}

/// <summary>Thin loop around the scoped processor: woken by uploads, otherwise polling every few seconds.</summary>
public sealed class ScanWorker(IServiceScopeFactory scopes, ScanSignal signal, DocumentOptions options, ILogger<ScanWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastCleanup = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var processor = scope.ServiceProvider.GetRequiredService<ScanProcessor>();
                while (await processor.ProcessNextAsync(stoppingToken))
                {
                }
                if (DateTimeOffset.UtcNow - lastCleanup > TimeSpan.FromHours(1))
                {
                    await processor.DeleteExpiredPiiAsync(options.PiiRetentionDays, stoppingToken);
                    lastCleanup = DateTimeOffset.UtcNow;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Fehler im Scan-Worker; neuer Versuch in Kürze");
            }
            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>Scanner health: configured, reachable, and the age of the oldest pending scan.</summary>
public sealed class ScannerHealthCheck(AppDbContext db, ClamAvClient clamAv, TimeProvider clock, IHostEnvironment environment) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var oldest = await db.Documents.Where(d => d.Scan == ScanState.Pending && d.DeletedAt == null)
            .OrderBy(d => d.UploadedAt).Select(d => (DateTimeOffset?)d.UploadedAt).FirstOrDefaultAsync(cancellationToken);
        var pending = await db.Documents.CountAsync(d => d.Scan == ScanState.Pending && d.DeletedAt == null, cancellationToken);
        var ageMinutes = oldest is { } o ? Math.Round((clock.GetUtcNow() - o).TotalMinutes, 1) : 0;
        var data = new Dictionary<string, object> { ["pending"] = pending, ["oldestPendingMinutes"] = ageMinutes };
        if (!clamAv.IsConfigured)
        {
            return environment.IsProduction()
                ? HealthCheckResult.Unhealthy("ClamAV nicht konfiguriert (LTC_CLAMAV).", data: data)
                : HealthCheckResult.Degraded("ClamAV nicht konfiguriert; Uploads bleiben in Prüfung.", data: data);
        }
        await using var probe = new MemoryStream("%PDF-1.4 probe"u8.ToArray());
        var outcome = await clamAv.ScanAsync(probe, cancellationToken);
        return outcome.Verdict == ScanVerdict.Unavailable
            ? HealthCheckResult.Unhealthy($"Scanner nicht erreichbar; {pending} Dokumente warten, ältestes seit {ageMinutes:0.0} min.", data: data)
            : HealthCheckResult.Healthy($"Scanner erreichbar; {pending} Dokumente warten.", data);
    }
}
