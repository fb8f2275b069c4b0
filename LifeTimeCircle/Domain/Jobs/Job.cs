namespace LifeTimeCircle.Domain.Jobs;

public enum JobState { Queued, Running, Succeeded, Failed }

/// <summary>
/// One unit of background work (the table is the queue, docs/adr/0007-one-job-runner.md): a kind, a small JSON
/// payload (ids only, never PII or tokens), attempts, a lease while a runner works on it, the instant it may run
/// next, and the last error (exception type and our own short text, never the exception message of a library).
/// Claiming is a conditional UPDATE in the runner (two runners never hold the same job); this class records how an
/// attempt ended: success, a retry after an exponential pause, or a dead letter (<see cref="JobState.Failed"/>).
/// </summary>
public sealed class Job
{
    public const int MaxErrorLength = 300;

    private Job() { }

    public Job(string kind, string payload, int maxAttempts, DateTimeOffset now, DateTimeOffset? runAfter = null, string? uniqueKey = null)
    {
        if (string.IsNullOrWhiteSpace(kind)) throw new ArgumentException("Kind fehlt.", nameof(kind));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        Kind = kind;
        Payload = payload;
        MaxAttempts = maxAttempts;
        State = JobState.Queued;
        CreatedAt = now;
        RunAfter = runAfter ?? now;
        UniqueKey = uniqueKey;
    }

    public long Id { get; private set; }
    public string Kind { get; private set; } = "";
    public string Payload { get; private set; } = "{}";
    public JobState State { get; private set; }
    public int Attempts { get; private set; }
    public int MaxAttempts { get; private set; }
    /// <summary>Not claimed before this instant (first run, or the pause after a failed attempt).</summary>
    public DateTimeOffset RunAfter { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
    /// <summary>Which runner holds the lease: host name, process id and a random part (no user data).</summary>
    public string? LeaseOwner { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>Set while a job must exist only once (recurring jobs: their kind); cleared when it finishes. Unique.</summary>
    public string? UniqueKey { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    public bool IsFinished => State is JobState.Succeeded or JobState.Failed;

    /// <summary>Pause after the n-th failed attempt: <paramref name="first"/>, doubled each time, at most <paramref name="max"/>.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan first, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var ticks = Math.Min(max.Ticks, first.Ticks * factor);
        return TimeSpan.FromTicks((long)ticks);
    }

    public void Succeed(DateTimeOffset now)
    {
        State = JobState.Succeeded;
        FinishedAt = now;
        LeaseUntil = null;
        LeaseOwner = null;
        UniqueKey = null;
    }

    /// <summary>A failed attempt: queued again after the backoff pause, or a dead letter after the last attempt.</summary>
    public void Fail(string error, DateTimeOffset now, TimeSpan firstDelay, TimeSpan maxDelay)
    {
        LastError = Trim(error);
        LeaseUntil = null;
        LeaseOwner = null;
        if (Attempts >= MaxAttempts)
        {
            GiveUp(error, now);
            return;
        }
        State = JobState.Queued;
        RunAfter = now + Backoff(Attempts, firstDelay, maxDelay);
    }

    /// <summary>Dead letter: no further attempts (the operator sees it on the health check and can queue it again).</summary>
    public void GiveUp(string error, DateTimeOffset now)
    {
        LastError = Trim(error);
        State = JobState.Failed;
        FinishedAt = now;
        LeaseUntil = null;
        LeaseOwner = null;
        UniqueKey = null;
    }

    /// <summary>An operator queues a dead letter again: a fresh set of attempts from now.</summary>
    public void Requeue(DateTimeOffset now)
    {
        if (State != JobState.Failed) throw new DomainException("Nur fehlgeschlagene Aufträge können neu eingereiht werden.");
        State = JobState.Queued;
        Attempts = 0;
        RunAfter = now;
        FinishedAt = null;
    }

    private static string Trim(string error) => error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
}
