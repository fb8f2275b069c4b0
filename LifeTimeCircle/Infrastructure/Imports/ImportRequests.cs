using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Imports;

/// <summary>The two owner steps of an import: upload (file + run + check job in one transaction) and the confirmation.</summary>
public sealed class ImportRequests(AppDbContext db, ImportFiles files, JobQueue jobs, AuditWriter audit, TimeProvider clock)
{
    /// <summary>Stores the upload and queues the dry run; null when the file is larger than the limit (nothing kept).</summary>
    public async Task<ImportRun?> StartAsync(string ownerId, long vehicleId, Stream upload, OdometerUnit unit, CancellationToken ct)
    {
        if (await files.SaveAsync(upload, ct) is not { } saved) return null;
        var run = new ImportRun(ownerId, vehicleId, saved.Key, saved.Size, unit, clock.GetUtcNow());
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.ImportRuns.Add(run);
            await db.SaveChangesAsync(ct);
            jobs.Enqueue(db, ImportProcessor.CheckKind, new ImportPayload(run.Id));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            files.Delete(saved.Key);
            throw;
        }
        jobs.Wake();
        return run;
    }

    /// <summary>
    /// „Import bestätigen“, idempotent: only the first confirmation of a checked run with good rows queues the import
    /// (a conditional update). Returns whether this call queued it.
    /// </summary>
    public async Task<bool> ConfirmAsync(ImportRun run, string vehiclePublicId, CancellationToken ct)
    {
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var claimed = await db.ImportRuns.Where(r => r.Id == run.Id && r.Status == ImportStatus.Geprueft && r.GoodRows > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ImportStatus.Import).SetProperty(r => r.ProcessedRows, 0), ct);
            if (claimed == 0) return false;
            jobs.Enqueue(db, ImportProcessor.RunKind, new ImportPayload(run.Id));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        jobs.Wake();
        await audit.WriteAsync(AuditActions.ImportConfirmed, "IMPORT", run.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehiclePublicId, ["rows"] = run.GoodRows }, ct: ct);
        return true;
    }
}
