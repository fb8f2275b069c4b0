using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Imports;

/// <summary>
/// Recurring job <c>imports-cleanup</c> (every 6 hours): the file of a run that was checked, or waits for its columns
/// to be mapped, and was not confirmed within 7 days is deleted (the run says so; its report stays), and files in
/// <c>imports/</c> that no run refers to (an upload interrupted between copy and commit) go after a day.
/// </summary>
public sealed class ImportCleanup(AppDbContext db, ImportFiles files, TimeProvider clock, ILogger<ImportCleanup> logger) : IJobHandler<NoPayload>
{
    public const string Kind = "imports-cleanup";
    public static readonly TimeSpan OrphanAge = TimeSpan.FromDays(1);

    public async Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var before = now - ImportRun.ConfirmWindow;
        var stale = await db.ImportRuns.AsNoTracking().Where(r => r.FileKey != null && (r.Status == ImportStatus.Geprueft || r.Status == ImportStatus.Zuordnung))
            .Where(r => r.CheckedAt < before).Select(r => new { r.Id, r.FileKey }).Take(500).ToListAsync(ct);
        var expired = 0;
        foreach (var run in stale)
        {
            // Conditional: a confirmation or mapping in the same moment wins, and its file stays.
            var changed = await db.ImportRuns.Where(r => r.Id == run.Id && (r.Status == ImportStatus.Geprueft || r.Status == ImportStatus.Zuordnung))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ImportStatus.Verfallen).SetProperty(r => r.FileKey, (string?)null)
                    .SetProperty(r => r.Failure, ImportRun.ExpiredMessage), ct);
            if (changed == 0) continue;
            files.Delete(run.FileKey);
            expired++;
        }
        var orphans = 0;
        if (Directory.Exists(files.Dir))
        {
            var known = (await db.ImportRuns.Where(r => r.FileKey != null).Select(r => r.FileKey!).ToListAsync(ct)).ToHashSet();
            foreach (var path in Directory.EnumerateFiles(files.Dir))
            {
                var name = Path.GetFileName(path);
                if (known.Contains(name) || now - File.GetLastWriteTimeUtc(path) < OrphanAge) continue;
                File.Delete(path);
                orphans++;
            }
        }
        if (expired + orphans > 0) logger.LogInformation("Import clean-up: {Expired} unconfirmed runs expired, {Orphans} orphaned files deleted", expired, orphans);
    }
}
