using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Infrastructure.Vehicles;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Imports;

public sealed record ImportPayload(long RunId);

/// <summary>
/// The two jobs of an import (issue 18, ADR 0020): <c>import-check</c> reads the whole file and writes the per-row report
/// (nothing else changes); after the owner confirmed, <c>import-run</c> reads it again with the same rules and adds the
/// good rows through <see cref="EntryWriter"/> in batches. Both are idempotent: a re-run after a crash rewrites the
/// report, and rows this run already added are recognised by their key and not added twice.
/// </summary>
public sealed class ImportProcessor(AppDbContext db, ImportFiles files, ImportOptions options, EntryWriter writer, VinProtector vins,
    MultiVehicleImport multi, AuditWriter audit, TimeProvider clock, ILogger<ImportProcessor> logger)
    : IJobHandler<ImportPayload>
{
    public const string CheckKind = "import-check";
    public const string RunKind = "import-run";
    public const int Batch = 500;
    public static readonly JobPolicy Policy = new(3, TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));

    private sealed record Key(DateOnly Date, EntryCategory Category, int Km);

    public async Task RunAsync(ImportPayload payload, JobContext context, CancellationToken ct)
    {
        var run = await db.ImportRuns.SingleOrDefaultAsync(r => r.Id == payload.RunId, ct);
        if (run?.FileKey is null) return;
        if (run.MultiVehicle)
        {
            if (context.Kind == CheckKind && run.Status == ImportStatus.Pruefung) await CheckAsync(run, null, ct);
            else if (context.Kind == RunKind && run.Status == ImportStatus.Import) await ImportMultiAsync(run, ct);
            return;
        }
        var vehicle = await db.Vehicles.SingleOrDefaultAsync(v => v.Id == run.VehicleId && v.OwnerId == run.OwnerId, ct);
        if (vehicle is null)
        {
            run.Fail("Das Fahrzeug gehört nicht mehr zu Ihrem Konto.", clock.GetUtcNow());
            files.Delete(run.FileKey);
            await db.SaveChangesAsync(ct);
            return;
        }
        if (context.Kind == CheckKind && run.Status == ImportStatus.Pruefung) await CheckAsync(run, vehicle, ct);
        else if (context.Kind == RunKind && run.Status == ImportStatus.Import) await ImportAsync(run, vehicle, ct);
    }

    public async Task GiveUpAsync(ImportPayload payload, CancellationToken ct)
    {
        var run = await db.ImportRuns.SingleOrDefaultAsync(r => r.Id == payload.RunId, ct);
        if (run is null || !run.IsRunning) return;
        var key = run.FileKey;
        run.Fail("Die Datei konnte nicht verarbeitet werden. Bitte versuchen Sie es erneut oder wenden Sie sich an den Support.", clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        files.Delete(key);
    }

    private ImportFile? Open(ImportRun run, out ImportFileException? refused)
    {
        refused = null;
        try
        {
            return ImportFile.Analyse(files.PathOf(run.FileKey!), options.MaxRows, options.MaxBytes, ImportColumnMap.Parse(run.ColumnMap), run.MultiVehicle);
        }
        catch (ImportFileException e)
        {
            refused = e;
            return null;
        }
    }

    private async Task CheckAsync(ImportRun run, Vehicle? vehicle, CancellationToken ct)
    {
        await db.ImportIssues.Where(i => i.ImportRunId == run.Id).ExecuteDeleteAsync(ct);
        var file = Open(run, out var refused);
        if (refused is ImportMappingNeededException mapping)
        {
            run.NeedsMapping(mapping.Headers, mapping.Message, clock.GetUtcNow()); // the file stays for the second check
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Import {ImportId} waits for the owner to map its columns", run.PublicId);
            return;
        }
        if (file is null)
        {
            var key = run.FileKey;
            run.Refuse(refused!.Message, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            files.Delete(key);
            logger.LogInformation("Import {ImportId} refused as a whole", run.PublicId);
            return;
        }
        run.Counted(file.RowCount);
        await db.SaveChangesAsync(ct);
        if (vehicle is null)
        {
            try
            {
                await multi.CheckAsync(run, file, (pending, processed, progress) => FlushAsync(run, pending, processed, ct, progress), ct);
            }
            catch (ImportFileException e)
            {
                await RefuseAsync(run, e, ct);
            }
            return;
        }
        var existing = await ExistingKeysAsync(vehicle.Id, null, ct);
        var seen = new HashSet<Key>();
        int good = 0, errors = 0, duplicates = 0, processed = 0;
        var pending = new List<ImportIssue>();
        try
        {
            foreach (var result in Parse(file, run, vehicle))
            {
                processed++;
                var issues = result.Issues.ToList();
                if (result.Values is { } v)
                {
                    var key = new Key(v.Date, v.Category, v.OdometerKm);
                    if (existing.Contains(key) || !seen.Add(key))
                    {
                        duplicates++;
                        issues.Add(new RowIssue(IssueSeverity.Duplikat, "", existing.Contains(key)
                            ? "Doppelt: diesen Eintrag (Datum, Art, Kilometerstand) gibt es schon. Er wird übersprungen."
                            : "Doppelt: dieselbe Zeile (Datum, Art, Kilometerstand) steht weiter oben in der Datei. Sie wird übersprungen.",
                            $"{Web.Display.Date(v.Date)} · {EntryTexts.Category(v.Category)} · {Web.Display.Km(v.OdometerKm)}"));
                    }
                    else good++;
                }
                else errors++;
                pending.AddRange(issues.Select(i => new ImportIssue(run.Id, result.Row, i.Severity, i.Column, i.Message, i.Value)));
                if (processed % Batch == 0)
                {
                    await FlushAsync(run, pending, processed, ct);
                }
            }
        }
        catch (ImportFileException e)
        {
            await RefuseAsync(run, e, ct);
            return;
        }
        run.Checked(file.Format, processed, good, errors, duplicates, clock.GetUtcNow());
        await FlushAsync(run, pending, processed, ct, progress: false);
        logger.LogInformation("Import {ImportId} checked: {Rows} rows, {Good} good, {Errors} with errors, {Duplicates} duplicates", run.PublicId, processed, good, errors, duplicates);
    }

    private async Task RefuseAsync(ImportRun run, ImportFileException e, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await db.ImportIssues.Where(i => i.ImportRunId == run.Id).ExecuteDeleteAsync(ct);
        await db.ImportGroups.Where(i => i.ImportRunId == run.Id).ExecuteDeleteAsync(ct);
        var fresh = await db.ImportRuns.SingleAsync(r => r.Id == run.Id, ct);
        var key = fresh.FileKey;
        fresh.Refuse(e.Message, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        files.Delete(key);
    }

    private async Task ImportMultiAsync(ImportRun run, CancellationToken ct)
    {
        var file = Open(run, out var refused);
        var key = run.FileKey;
        if (file is null)
        {
            run.Fail(refused!.Message, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            files.Delete(key);
            return;
        }
        await multi.ImportAsync(run, file, ct);
        files.Delete(key);
    }

    private async Task ImportAsync(ImportRun run, Vehicle vehicle, CancellationToken ct)
    {
        var file = Open(run, out var refused);
        if (file is null)
        {
            var key = run.FileKey;
            run.Fail(refused!.Message, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            files.Delete(key);
            return;
        }
        // Rows of this run that a crashed attempt already added are skipped silently; others' entries are duplicates.
        var ours = await ExistingKeysAsync(vehicle.Id, run.Id, ct);
        var existing = await ExistingKeysAsync(vehicle.Id, null, ct);
        existing.ExceptWith(ours);
        var seen = new HashSet<Key>();
        var batch = new List<(EntryValues, bool)>();
        Entry? any = null;
        int duplicates = 0, processed = 0;
        foreach (var result in Parse(file, run, vehicle))
        {
            processed++;
            if (result.Values is { } v)
            {
                var key = new Key(v.Date, v.Category, v.OdometerKm);
                if (existing.Contains(key) || !seen.Add(key)) duplicates++;
                else if (!ours.Contains(key)) batch.Add((v, result.RequiredFieldsMissing));
            }
            if (batch.Count >= Batch)
            {
                if (!await StillOwnedAsync(run, vehicle, ct)) return;
                any = await writer.AddImportedAsync(vehicle, batch, run.OwnerId, run.Id, ct) ?? any;
                batch.Clear();
                run.Progress(processed);
                await db.SaveChangesAsync(ct);
                DetachEntries();
            }
        }
        if (!await StillOwnedAsync(run, vehicle, ct)) return;
        if (batch.Count > 0) any = await writer.AddImportedAsync(vehicle, batch, run.OwnerId, run.Id, ct) ?? any;
        any ??= await db.Entries.FirstOrDefaultAsync(e => e.ImportRunId == run.Id, ct);
        if (any is not null) await writer.ReviewAfterImportAsync(any, ct);
        var imported = await db.Entries.CountAsync(e => e.ImportRunId == run.Id && e.Version == 1, ct);
        var fileKey = run.FileKey;
        run.Done(imported, duplicates, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        files.Delete(fileKey);
        await audit.WriteForUserAsync(AuditActions.ImportCompleted, run.OwnerId, Roles.User, AuditResult.Success,
            new Dictionary<string, object?> { ["import"] = run.PublicId, ["vehicle"] = vehicle.PublicId, ["imported"] = imported, ["duplicates"] = duplicates }, ct);
        logger.LogInformation("Import {ImportId} done: {Imported} entries, {Duplicates} duplicates", run.PublicId, imported, duplicates);
    }

    /// <summary>A handover during the import stops it at the next batch: the new owner's timeline gets nothing of the seller's file.</summary>
    private async Task<bool> StillOwnedAsync(ImportRun run, Vehicle vehicle, CancellationToken ct)
    {
        if (await db.Vehicles.AsNoTracking().AnyAsync(v => v.Id == vehicle.Id && v.OwnerId == run.OwnerId, ct)) return true;
        var key = run.FileKey;
        run.Fail("Das Fahrzeug gehört nicht mehr zu Ihrem Konto. Der Import wurde angehalten.", clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        files.Delete(key);
        return false;
    }

    private IEnumerable<RowResult> Parse(ImportFile file, ImportRun run, Vehicle vehicle)
    {
        var today = Web.Display.BerlinDate(clock.GetUtcNow());
        var vinColumn = file.Columns.Index.TryGetValue(ImportField.Vin, out var vc) ? vc : -1;
        foreach (var (row, cells) in file.Rows())
        {
            var result = ImportRows.Parse(row, cells, file.Columns, file.Format, run.Unit, today);
            if (vinColumn >= 0 && vinColumn < cells.Length && ImportRows.Text(cells[vinColumn]) is { } rawVin && !SameVehicle(rawVin, vehicle))
            {
                result = result with
                {
                    Values = null,
                    Issues = [.. result.Issues, new RowIssue(IssueSeverity.Fehler, "FIN", "Die FIN gehört nicht zu diesem Fahrzeug. Die Zeile wird nicht importiert.", Mask(rawVin))],
                };
            }
            yield return result;
        }
    }

    private bool SameVehicle(string rawVin, Vehicle vehicle)
    {
        try
        {
            return vins.Hmac(Vin.Parse(rawVin)) == vehicle.VinHmac;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    /// <summary>The report never repeats a full VIN.</summary>
    private static string Mask(string vin) => vin.Length > 7 ? vin[..3] + "***" + vin[^4..] : "***";

    private async Task<HashSet<Key>> ExistingKeysAsync(long vehicleId, long? onlyRun, CancellationToken ct)
    {
        var q = db.Entries.AsNoTracking().Where(e => e.VehicleId == vehicleId && e.IsLatest);
        if (onlyRun is { } id) q = q.Where(e => e.ImportRunId == id);
        var rows = await q.Select(e => new { e.Date, e.Category, e.OdometerKm }).ToListAsync(ct);
        return rows.Select(r => new Key(r.Date, r.Category, r.OdometerKm)).ToHashSet();
    }

    private async Task FlushAsync(ImportRun run, List<ImportIssue> pending, int processed, CancellationToken ct, bool progress = true)
    {
        if (progress) run.Progress(processed);
        db.ImportIssues.AddRange(pending);
        await db.SaveChangesAsync(ct);
        foreach (var issue in pending) db.Entry(issue).State = EntityState.Detached;
        pending.Clear();
    }

    private void DetachEntries()
    {
        foreach (var e in db.ChangeTracker.Entries<Entry>().ToList()) e.State = EntityState.Detached;
    }
}

public static class ImportSetup
{
    public static IServiceCollection AddLtcImports(this IServiceCollection services)
    {
        services.AddLtcOptions<ImportOptions>();
        services.AddSingleton<ImportFiles>();
        services.AddScoped<ImportReports>();
        services.AddScoped<ImportRequests>();
        services.AddScoped<MultiVehicleImport>();
        services.AddScoped<ImportUndo>();
        services.AddScoped<TimelineSpreadsheet>();
        services.AddJob<ImportProcessor, ImportPayload>(ImportProcessor.CheckKind, ImportProcessor.Policy);
        services.AddJob<ImportProcessor, ImportPayload>(ImportProcessor.RunKind, ImportProcessor.Policy);
        services.AddRecurringJob<ImportCleanup>(ImportCleanup.Kind, TimeSpan.FromHours(6));
        return services;
    }
}
