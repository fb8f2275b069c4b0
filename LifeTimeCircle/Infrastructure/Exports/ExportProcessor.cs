using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LifeTimeCircle.Infrastructure.Exports;

/// <summary>Wakes the export worker when a page commits a new job.</summary>
public sealed class ExportSignal
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Wake() => _signal.Release();

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Runs one export job per call: claims the oldest queued job (or a running one whose lease expired after a crash),
/// writes the file through <see cref="ExportStorage"/>, records size and SHA-256 and retires older versions.
/// A failure queues the job again with a growing pause until <see cref="ExportJob.MaxAttempts"/>. Tests call the methods directly.
/// </summary>
public sealed class ExportProcessor(AppDbContext db, ExportContent content, ExportStorage storage, AuditWriter audit, TimeProvider clock, ILogger<ExportProcessor> logger)
{
    public async Task<bool> ProcessNextAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var job = await db.ExportJobs
            .Where(j => (j.Status == ExportStatus.Queued && (j.NextAttemptAt == null || j.NextAttemptAt <= now))
                || (j.Status == ExportStatus.Running && j.LeaseUntil <= now))
            .OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).FirstOrDefaultAsync(ct);
        if (job is null) return false;
        if (job.Attempts >= ExportJob.MaxAttempts)
        {
            job.AttemptFailed("Abgebrochen: zu viele Versuche.", now);
            await db.SaveChangesAsync(ct);
            return true;
        }
        job.Claim(now);
        await db.SaveChangesAsync(ct);
        StoredExport? stored = null;
        CertificateFacts? certified = null;
        try
        {
            stored = await storage.SaveAsync(job.PublicId, encrypt: job.NeedsStepUp, async stream =>
            {
                certified = await content.WriteAsync(job, stream, async p =>
                {
                    job.Report(p);
                    await db.SaveChangesAsync(ct);
                }, ct);
            }, ct);
            job.Succeed(stored.FileKey, stored.Size, stored.Sha256, job.NeedsStepUp, clock.GetUtcNow());
            // What a certificate states, with the hash of the file just written: saved in the same transaction as
            // the success, so a certificate never exists without its snapshot (and a failed attempt leaves none).
            if (certified is not null) db.CertificateSnapshots.Add(new CertificateSnapshot(job.Id, certified, stored.Sha256));
            var retired = new List<string?>();
            if (job.VehicleId is not null && job.IsPdf)
            {
                // A new version replaces the old file; the old row stays as history.
                var older = await db.ExportJobs.Where(j => j.VehicleId == job.VehicleId && j.Type == job.Type && j.RequestedBy == job.RequestedBy
                    && j.Id != job.Id && j.Status == ExportStatus.Succeeded).ToListAsync(ct);
                foreach (var o in older)
                {
                    retired.Add(o.FileKey);
                    o.Expire(clock.GetUtcNow(), job.Version);
                }
            }
            await db.SaveChangesAsync(ct);
            // Files go only once the rows that point to them are saved.
            foreach (var key in retired) storage.Delete(key);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Start from the database again: nothing of this attempt counts, and its file (if written) goes.
            if (stored is not null) storage.Delete(stored.FileKey);
            db.ChangeTracker.Clear();
            var failed = await db.ExportJobs.SingleAsync(j => j.Id == job.Id, CancellationToken.None);
            // Only our own German reasons reach the user; a framework text ("Sequence contains no elements") never does.
            var message = ex is DomainException ? ex.Message : "Interner Fehler beim Erstellen.";
            failed.AttemptFailed(message, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogWarning("Export {ExportId} ({ExportType}) Versuch {Attempt} fehlgeschlagen: {Error}", failed.PublicId, failed.Type, failed.Attempts, ex.GetType().Name);
            return true;
        }
        // The job is done and saved; a failing audit write must not undo that.
        await audit.WriteAsync(job.NeedsStepUp ? AuditActions.ExportFullReady : AuditActions.ExportRedactedReady, "EXPORT_JOB", job.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["export_type"] = job.Type.ToString(), ["size"] = stored.Size, ["attempts"] = job.Attempts }, scope: "own", ct: ct);
        logger.LogInformation("Export {ExportId} ({ExportType}) fertig: {Size} Bytes nach {Attempts} Versuch(en)", job.PublicId, job.Type, stored.Size, job.Attempts);
        return true;
    }

    /// <summary>
    /// After a restart nobody holds a lease any more (one app instance per data directory): make running jobs
    /// claimable now and remove files a crash left behind.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var running = await db.ExportJobs.Where(j => j.Status == ExportStatus.Running).ToListAsync(ct);
        foreach (var j in running) j.ReleaseLease(now);
        await db.SaveChangesAsync(ct);
        if (running.Count > 0) logger.LogWarning("{Count} Export(e) nach Neustart wieder aufgenommen", running.Count);
        // Backups leave exports out (derived, short-lived, and full exports should not multiply): after a restore
        // finished rows whose file is missing read „abgelaufen“ and can be requested again.
        var finished = await db.ExportJobs.Where(j => j.Status == ExportStatus.Succeeded && j.FileKey != null).ToListAsync(ct);
        var missing = finished.Where(j => !File.Exists(storage.PathOf(j.FileKey!))).ToList();
        foreach (var j in missing) j.Expire(now);
        await db.SaveChangesAsync(ct);
        if (missing.Count > 0) logger.LogWarning("{Count} Exportdatei(en) fehlen; als abgelaufen markiert", missing.Count);
        var referenced = (await db.ExportJobs.Where(j => j.FileKey != null).Select(j => j.FileKey!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var leftovers = storage.DeleteLeftovers(referenced);
        if (leftovers > 0) logger.LogWarning("{Count} unvollständige oder verwaiste Exportdatei(en) nach Neustart gelöscht", leftovers);
        return running.Count;
    }

    /// <summary>Deletes files whose lifetime is over; the rows stay and read „abgelaufen“.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.ExportJobs.Where(j => j.Status == ExportStatus.Succeeded && j.ExpiresAt != null && j.ExpiresAt <= now).OrderBy(j => j.Id).Take(500).ToListAsync(ct);
        foreach (var j in due)
        {
            storage.Delete(j.FileKey);
            j.Expire(now);
        }
        await db.SaveChangesAsync(ct);
        foreach (var j in due)
        {
            await audit.WriteAsync(AuditActions.ExportExpired, "EXPORT_JOB", j.PublicId, AuditResult.Success,
                new Dictionary<string, object?> { ["export_type"] = j.Type.ToString() }, scope: "own", ct: ct);
        }
        return due.Count;
    }
}

/// <summary>Thin loop around the scoped processor: recovers after a restart, then woken by requests or polling every few seconds.</summary>
public sealed class ExportWorker(IServiceScopeFactory scopes, ExportSignal signal, ILogger<ExportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recovered = false;
        var lastCleanup = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var processor = scope.ServiceProvider.GetRequiredService<ExportProcessor>();
                if (!recovered)
                {
                    await processor.RecoverAsync(stoppingToken);
                    recovered = true;
                }
                while (await processor.ProcessNextAsync(stoppingToken))
                {
                }
                if (DateTimeOffset.UtcNow - lastCleanup > TimeSpan.FromMinutes(10))
                {
                    await processor.ExpireDueAsync(stoppingToken);
                    lastCleanup = DateTimeOffset.UtcNow;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Fehler im Export-Worker; neuer Versuch in Kürze");
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

/// <summary>Export queue health: queue length and the age of the oldest queued job (degraded after 15, unhealthy after 60 minutes).</summary>
public sealed class ExportHealthCheck(AppDbContext db, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = db.ExportJobs.Where(j => j.Status == ExportStatus.Queued || j.Status == ExportStatus.Running);
        var count = await waiting.CountAsync(cancellationToken);
        var oldest = await waiting.OrderBy(j => j.CreatedAt).Select(j => (DateTimeOffset?)j.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var age = oldest is { } o ? Math.Round((clock.GetUtcNow() - o).TotalMinutes, 1) : 0;
        var since = clock.GetUtcNow() - TimeSpan.FromDays(1);
        var failed = await db.ExportJobs.CountAsync(j => j.Status == ExportStatus.Failed && j.FinishedAt > since, cancellationToken);
        var data = new Dictionary<string, object> { ["queued"] = count, ["oldestQueuedMinutes"] = age, ["failedLast24h"] = failed };
        var text = $"{count} Exporte in der Warteschlange, ältester seit {age:0.0} min.";
        return age > 60 ? HealthCheckResult.Unhealthy(text, data: data)
            : age > 15 ? HealthCheckResult.Degraded(text, data: data)
            : HealthCheckResult.Healthy(text, data);
    }
}

public static class ExportSetup
{
    public static IServiceCollection AddLtcExports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ExportStorage>();
        services.AddSingleton<ExportSignal>();
        services.AddScoped<ExportContent>();
        services.AddScoped<ExportProcessor>();
        if (!string.Equals(configuration["LTC_EXPORT_WORKER"], "false", StringComparison.OrdinalIgnoreCase))
        {
            services.AddHostedService<ExportWorker>();
        }
        services.AddHealthChecks().AddCheck<ExportHealthCheck>("exporte");
        return services;
    }
}
