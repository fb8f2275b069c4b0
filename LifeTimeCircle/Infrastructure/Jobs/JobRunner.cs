using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Jobs;

/// <summary>Runs once when the worker starts, after the runner released its host's old leases (e.g. delete half-written files).</summary>
public interface IJobRecovery
{
    Task RecoverAsync(CancellationToken ct);
}

/// <summary>
/// Runs one job per call (docs/adr/0007-one-job-runner.md): picks the oldest due job (queued and due, or running with
/// an expired lease after a crash), claims it with a conditional UPDATE (two runners, on one node or several, never
/// hold the same job), runs its handler in a fresh scope and records success, a retry after an exponential pause, or
/// a dead letter. Tests call <see cref="ProcessNextAsync(CancellationToken)"/> directly (LifeTimeCircle.Tests/Infrastructure/Jobs.cs).
/// </summary>
public sealed class JobRunner(AppDbContext db, JobCatalog catalog, IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobRunner> logger)
{
    /// <summary>Host prefix of every lease this machine takes; after a restart the runner releases its host's old leases.</summary>
    public static readonly string HostPrefix = Environment.MachineName + ":";

    /// <summary>This process: host, process id and a random part (two app instances never share it).</summary>
    public static readonly string Owner = HostPrefix + Environment.ProcessId + ":" + LifeTimeCircle.Domain.Vehicles.PublicIds.New()[..8];

    public const string RecurringPrefix = "recurring:";

    public Task<bool> ProcessNextAsync(CancellationToken ct) => ProcessNextAsync(null, ct);

    /// <summary>Processes one due job of the given kinds (all kinds when null); false when none is due.</summary>
    public async Task<bool> ProcessNextAsync(IReadOnlyCollection<string>? kinds, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = db.Jobs.AsNoTracking()
            .Where(j => (j.State == JobState.Queued && j.RunAfter <= now) || (j.State == JobState.Running && j.LeaseUntil <= now));
        if (kinds is not null) due = due.Where(j => kinds.Contains(j.Kind));
        var candidate = await due.OrderBy(j => j.RunAfter).ThenBy(j => j.Id)
            .Select(j => new { j.Id, j.Attempts, j.Kind })
            .FirstOrDefaultAsync(ct);
        if (candidate is null) return false;

        var kind = catalog.Find(candidate.Kind);
        var leaseUntil = now + (kind?.Policy.Lease ?? TimeSpan.FromMinutes(5));
        var claimed = await db.Jobs
            .Where(j => j.Id == candidate.Id && j.Attempts == candidate.Attempts
                && ((j.State == JobState.Queued && j.RunAfter <= now) || (j.State == JobState.Running && j.LeaseUntil <= now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Running)
                .SetProperty(j => j.LeaseUntil, leaseUntil)
                .SetProperty(j => j.LeaseOwner, Owner)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1), ct);
        if (claimed == 0) return true; // another runner took it: look for the next one
        var job = await db.Jobs.SingleAsync(j => j.Id == candidate.Id, ct);

        if (kind is null)
        {
            job.GiveUp("Unbekannte Auftragsart.", clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogError("Auftrag {JobId}: Art {JobKind} ist nicht registriert; als fehlgeschlagen abgelegt", job.Id, job.Kind);
            return true;
        }
        if (job.Attempts > job.MaxAttempts)
        {
            // Its last attempt's runner died (lease ran out): nothing more to try.
            job.GiveUp("Abgebrochen: kein Ergebnis nach dem letzten Versuch (Absturz oder Zeitüberschreitung).", clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            await GiveUpAsync(kind, job);
            return true;
        }

        var context = new JobContext(job.Id, job.Kind, job.Attempts, job.MaxAttempts);
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                await kind.Run(scope.ServiceProvider, job.Payload, context, ct);
            }
            job.Succeed(clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Library messages may quote addresses or file contents: only our own texts are kept.
            var error = ex is JobFailedException or DomainException ? ex.GetType().Name + ": " + ex.Message : ex.GetType().Name;
            job.Fail(error, clock.GetUtcNow(), kind.Policy.FirstDelay, kind.Policy.MaxDelay);
            await db.SaveChangesAsync(CancellationToken.None);
            if (job.State == JobState.Failed)
            {
                logger.LogError("Auftrag {JobKind} {JobId} nach {Attempts} Versuchen aufgegeben ({ExceptionType})", job.Kind, job.Id, job.Attempts, ex.GetType().Name);
                await GiveUpAsync(kind, job);
            }
            else
            {
                logger.LogWarning("Auftrag {JobKind} {JobId}: Versuch {Attempts} von {MaxAttempts} fehlgeschlagen ({ExceptionType}), nächster um {RunAfter:O}",
                    job.Kind, job.Id, job.Attempts, job.MaxAttempts, ex.GetType().Name, job.RunAfter);
            }
        }
        return true;
    }

    private async Task GiveUpAsync(JobKind kind, Job job)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await kind.GiveUp(scope.ServiceProvider, job.Payload, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError("Auftrag {JobKind} {JobId}: Abschluss nach Aufgabe fehlgeschlagen ({ExceptionType})", job.Kind, job.Id, ex.GetType().Name);
        }
    }

    /// <summary>
    /// After a restart: leases an earlier process on this host still holds are released (that process is gone; one
    /// app instance per host), so its jobs run again now instead of after the lease. Leases of other hosts run out
    /// by themselves. Then every <see cref="IJobRecovery"/> runs (feature clean-up after a crash).
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var released = await db.Jobs
            .Where(j => j.State == JobState.Running && j.LeaseOwner != null && j.LeaseOwner.StartsWith(HostPrefix) && j.LeaseOwner != Owner)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseUntil, now), ct);
        if (released > 0) logger.LogWarning("{Count} Auftrag/Aufträge nach Neustart wieder aufgenommen", released);
        await using var scope = scopes.CreateAsyncScope();
        foreach (var recovery in scope.ServiceProvider.GetServices<IJobRecovery>())
        {
            await recovery.RecoverAsync(ct);
        }
        return released;
    }

    /// <summary>
    /// Queues the next run of every recurring kind that has none queued or running: due one interval after the last
    /// run finished (now, if it never ran). The unique key makes a second copy impossible, also from another node.
    /// </summary>
    public async Task<int> ScheduleRecurringAsync(CancellationToken ct)
    {
        var recurring = catalog.All.Where(k => k.Every is not null).ToList();
        if (recurring.Count == 0) return 0;
        var keys = recurring.Select(k => RecurringPrefix + k.Name).ToList();
        var present = (await db.Jobs.AsNoTracking().Where(j => j.UniqueKey != null && keys.Contains(j.UniqueKey)).Select(j => j.UniqueKey!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var kind in recurring.Where(k => !present.Contains(RecurringPrefix + k.Name)))
        {
            var now = clock.GetUtcNow();
            var last = await db.Jobs.AsNoTracking().Where(j => j.Kind == kind.Name && j.FinishedAt != null)
                .OrderByDescending(j => j.FinishedAt).Select(j => j.FinishedAt).FirstOrDefaultAsync(ct);
            var runAfter = last is { } finished && finished + kind.Every!.Value > now ? finished + kind.Every.Value : now;
            var job = new Job(kind.Name, JobRegistration.Write(new NoPayload()), kind.Policy.MaxAttempts, now, runAfter, RecurringPrefix + kind.Name);
            db.Jobs.Add(job);
            try
            {
                await db.SaveChangesAsync(ct);
                added++;
            }
            catch (DbUpdateException)
            {
                // Another runner queued it in the meantime: one copy is enough.
                db.Entry(job).State = EntityState.Detached;
            }
        }
        return added;
    }
}
