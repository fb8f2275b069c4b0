using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Jobs;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Exports;

/// <summary>The job payload of one export: its public id (no user data).</summary>
public sealed record ExportPayload(string ExportId);

/// <summary>
/// The handler of job kind <c>export</c> (docs/adr/0007-one-job-runner.md): writes the file of one export request
/// through <see cref="ExportStorage"/>, records size and SHA-256 and retires older versions. The <c>ExportJobs</c> row
/// stays the state the owner sees (status, progress, attempts, reason); claiming, leases, retries and dead letters
/// are the job runner's. A failed attempt deletes its file, records the reason and rethrows so that the runner
/// retries (30 s, 60 s) until <see cref="ExportJob.MaxAttempts"/>.
/// </summary>
public sealed class ExportProcessor(AppDbContext db, ExportContent content, ExportStorage storage, AuditWriter audit, JobQueue jobs, TimeProvider clock, ILogger<ExportProcessor> logger,
    Notifications.Notifications notifications)
    : IJobHandler<ExportPayload>, IJobRecovery
{
    public const string Kind = "export";

    public static readonly JobPolicy Policy = new(ExportJob.MaxAttempts, ExportJob.LeaseDuration, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));

    /// <summary>Adds the request and its job to <paramref name="context"/>; the caller saves both in one transaction and then calls <see cref="JobQueue.Wake"/>.</summary>
    public static void Enqueue(AppDbContext context, JobQueue queue, ExportJob job)
    {
        context.ExportJobs.Add(job);
        queue.Enqueue(context, Kind, new ExportPayload(job.PublicId));
    }

    public async Task RunAsync(ExportPayload payload, JobContext context, CancellationToken ct)
    {
        var job = await db.ExportJobs.SingleOrDefaultAsync(j => j.PublicId == payload.ExportId, ct);
        if (job is null || !job.IsActive) return; // deleted with its account, or already finished: nothing to do
        var now = clock.GetUtcNow();
        if (job.Attempts >= ExportJob.MaxAttempts)
        {
            job.AttemptFailed("Abgebrochen: zu viele Versuche.", now);
            await db.SaveChangesAsync(ct);
            if (job.Status == ExportStatus.Failed) await notifications.ExportFailedAsync(job, ct);
            return;
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
            if (failed.Status == ExportStatus.Failed) await notifications.ExportFailedAsync(failed, CancellationToken.None);
            logger.LogWarning("Export {ExportId} ({ExportType}) Versuch {Attempt} fehlgeschlagen: {Error}", failed.PublicId, failed.Type, failed.Attempts, ex.GetType().Name);
            throw new JobFailedException("Export fehlgeschlagen (" + ex.GetType().Name + ").");
        }
        // The job is done and saved; a failing audit write must not undo that.
        await audit.WriteAsync(job.NeedsStepUp ? AuditActions.ExportFullReady : AuditActions.ExportRedactedReady, "EXPORT_JOB", job.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["export_type"] = job.Type.ToString(), ["size"] = stored.Size, ["attempts"] = job.Attempts }, scope: "own", ct: ct);
        logger.LogInformation("Export {ExportId} ({ExportType}) fertig: {Size} Bytes nach {Attempts} Versuch(en)", job.PublicId, job.Type, stored.Size, job.Attempts);
        await notifications.ExportReadyAsync(job, ct);
    }

    /// <summary>The runner gave up (the last attempt crashed or timed out): the owner sees „fehlgeschlagen“.</summary>
    public async Task GiveUpAsync(ExportPayload payload, CancellationToken ct)
    {
        var job = await db.ExportJobs.SingleOrDefaultAsync(j => j.PublicId == payload.ExportId, ct);
        if (job is null || !job.IsActive) return;
        job.Abandon("Abgebrochen: zu viele Versuche.", clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await notifications.ExportFailedAsync(job, ct);
    }

    async Task IJobRecovery.RecoverAsync(CancellationToken ct) => await RecoverAsync(ct);

    /// <summary>
    /// After a restart (the runner has released this host's old leases): requests without a job of their own (queued
    /// before the job runner existed) get one, rows whose file is gone read „abgelaufen“, and files a crash left
    /// behind are removed. Returns how many requests were still running when the app stopped.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var active = await db.ExportJobs.Where(j => j.Status == ExportStatus.Queued || j.Status == ExportStatus.Running).ToListAsync(ct);
        var payloads = active.Select(j => JobQueue.PayloadOf(new ExportPayload(j.PublicId))).ToList();
        var open = (await db.Jobs.Where(j => j.Kind == Kind && (j.State == JobState.Queued || j.State == JobState.Running) && payloads.Contains(j.Payload))
            .Select(j => j.Payload).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var adopted = 0;
        foreach (var j in active.Where(j => !open.Contains(JobQueue.PayloadOf(new ExportPayload(j.PublicId)))))
        {
            jobs.Enqueue(db, Kind, new ExportPayload(j.PublicId));
            adopted++;
        }
        var running = active.Count(j => j.Status == ExportStatus.Running);
        foreach (var j in active.Where(j => j.Status == ExportStatus.Running)) j.ReleaseLease(now);
        await db.SaveChangesAsync(ct);
        if (running > 0) logger.LogWarning("{Count} Export(e) nach Neustart wieder aufgenommen", running);
        if (adopted > 0) logger.LogWarning("{Count} Export(e) ohne Auftrag in die Auftragswarteschlange übernommen", adopted);
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
        return running;
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

/// <summary>Job kind <c>export-expiry</c>, every 10 minutes: deletes files whose lifetime is over.</summary>
public sealed class ExportExpiry(ExportProcessor exports) : IJobHandler<NoPayload>
{
    public const string Kind = "export-expiry";

    public Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct) => exports.ExpireDueAsync(ct);
}

public static class ExportSetup
{
    public static IServiceCollection AddLtcExports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ExportStorage>();
        services.AddScoped<ExportContent>();
        services.AddJob<ExportProcessor, ExportPayload>(ExportProcessor.Kind, ExportProcessor.Policy);
        services.AddScoped<IJobRecovery>(sp => sp.GetRequiredService<ExportProcessor>());
        services.AddRecurringJob<ExportExpiry>(ExportExpiry.Kind, TimeSpan.FromMinutes(10));
        return services;
    }
}
