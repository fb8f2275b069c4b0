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
    /// <summary>Uploads per account and day: enough for splitting a big history, not enough to fill the disk or the job queue.</summary>
    public const int MaxUploadsPerDay = 20;

    /// <summary>Why an owner may not upload now (one file at a time in the job queue; a daily limit), or null.</summary>
    public async Task<string?> RefusalAsync(string ownerId, CancellationToken ct)
    {
        if (await db.ImportRuns.AnyAsync(r => r.OwnerId == ownerId && (r.Status == ImportStatus.Pruefung || r.Status == ImportStatus.Import), ct))
        {
            return "Eine Ihrer Dateien wird gerade geprüft oder importiert. Bitte warten Sie, bis das fertig ist, und laden Sie die nächste Datei dann hoch.";
        }
        var since = clock.GetUtcNow().AddDays(-1);
        if (await db.ImportRuns.CountAsync(r => r.OwnerId == ownerId && r.CreatedAt > since, ct) >= MaxUploadsPerDay)
        {
            return $"Sie haben in den letzten 24 Stunden schon {Web.Display.Count(MaxUploadsPerDay, "Datei", "Dateien")} hochgeladen. Bitte versuchen Sie es später erneut.";
        }
        return null;
    }

    /// <summary>Stores the upload and queues the dry run; null when the file is larger than the limit (nothing kept).</summary>
    public async Task<ImportRun?> StartAsync(string ownerId, long? vehicleId, Stream upload, OdometerUnit unit, CancellationToken ct)
    {
        if (await files.SaveAsync(upload, ct) is not { } saved) return null;
        var run = new ImportRun(ownerId, vehicleId, saved.Key, saved.Size, unit, clock.GetUtcNow());
        run.UseColumns(await ChoicesAsync(ownerId, ct));
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

    /// <summary>The owner's remembered answers of earlier mapping steps.</summary>
    public async Task<IReadOnlyDictionary<string, ImportField>> ChoicesAsync(string ownerId, CancellationToken ct) =>
        await db.ImportColumnChoices.AsNoTracking().Where(c => c.OwnerId == ownerId).ToDictionaryAsync(c => c.Name, c => c.Field, ct);

    /// <summary>
    /// „Spalten zuordnen“: the owner's choice per header name is remembered for the next import and the file is checked
    /// again with it (a conditional update: a second submit queues nothing). Returns whether this call queued the check.
    /// </summary>
    public async Task<bool> MapAsync(ImportRun run, IReadOnlyDictionary<string, ImportField> choices, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var map = new Dictionary<string, ImportField>(await ChoicesAsync(run.OwnerId, ct));
            foreach (var (name, field) in choices) map[name] = field;
            var claimed = await db.ImportRuns.Where(r => r.Id == run.Id && r.Status == ImportStatus.Zuordnung)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ImportStatus.Pruefung).SetProperty(r => r.Failure, (string?)null)
                    .SetProperty(r => r.ColumnMap, ImportColumnMap.Serialize(map)).SetProperty(r => r.ProcessedRows, 0), ct);
            if (claimed == 0) return false;
            var names = choices.Keys.ToList();
            var existing = await db.ImportColumnChoices.Where(c => c.OwnerId == run.OwnerId && names.Contains(c.Name)).ToListAsync(ct);
            foreach (var (name, field) in choices)
            {
                if (existing.FirstOrDefault(c => c.Name == name) is { } known) known.Choose(field, now);
                else db.ImportColumnChoices.Add(new ImportColumnChoice(run.OwnerId, name, field, now));
            }
            jobs.Enqueue(db, ImportProcessor.CheckKind, new ImportPayload(run.Id));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        jobs.Wake();
        await audit.WriteAsync(AuditActions.ImportColumnsMapped, "IMPORT", run.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["columns"] = choices.Count }, ct: ct);
        return true;
    }

    /// <summary>
    /// „Import bestätigen“, idempotent: only the first confirmation of a checked run with good rows queues the import
    /// (a conditional update). Returns whether this call queued it.
    /// </summary>
    public async Task<bool> ConfirmAsync(ImportRun run, string? vehiclePublicId, CancellationToken ct)
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
