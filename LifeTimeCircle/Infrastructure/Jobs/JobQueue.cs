using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Jobs;

namespace LifeTimeCircle.Infrastructure.Jobs;

/// <summary>Wakes the job worker after a request committed a job row (it also polls every few seconds).</summary>
public sealed class JobSignal
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Wake() => _signal.Release();

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Adds jobs in the caller's <see cref="AppDbContext"/>: the row is saved by the caller's own SaveChanges, in the same
/// transaction as the business change it belongs to (an export request, an upload). After saving, call <see cref="Wake"/>.
/// </summary>
public sealed class JobQueue(JobCatalog catalog, JobSignal signal, TimeProvider clock)
{
    public Job Enqueue<TPayload>(AppDbContext db, string kind, TPayload payload, DateTimeOffset? runAfter = null)
    {
        var job = new Job(kind, JobRegistration.Write(payload), catalog.Get(kind).Policy.MaxAttempts, clock.GetUtcNow(), runAfter);
        db.Jobs.Add(job);
        return job;
    }

    /// <summary>The JSON a payload is stored as (to find the job of a business row).</summary>
    public static string PayloadOf<TPayload>(TPayload payload) => JobRegistration.Write(payload);

    public void Wake() => signal.Wake();
}
