using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LifeTimeCircle.Infrastructure.Health;

/// <summary>
/// The detailed health report, computed at most once per <see cref="MaxAge"/> and never twice at the same time:
/// callers arriving while a run is under way wait for that run, so a flood of requests cannot tie up clamd and the
/// database. A caller that gives up stops waiting; the shared run goes on for the others.
/// </summary>
public sealed class HealthReportCache(HealthCheckService health, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private Task<HealthReport>? _running;
    private HealthReport? _last;
    private DateTimeOffset _lastAt;

    public Task<HealthReport> GetAsync(CancellationToken ct)
    {
        Task<HealthReport> running;
        lock (_lock)
        {
            if (_last is not null && clock.GetUtcNow() - _lastAt < MaxAge)
            {
                return Task.FromResult(_last);
            }
            // On the thread pool: the run's own bookkeeping below takes the lock, so it cannot finish before this line.
            _running ??= Task.Run(RunAsync);
            running = _running;
        }
        return running.WaitAsync(ct);
    }

    private async Task<HealthReport> RunAsync()
    {
        try
        {
            // Not the caller's token: the run belongs to everybody waiting for it.
            var report = await health.CheckHealthAsync(CancellationToken.None);
            lock (_lock)
            {
                _last = report;
                _lastAt = clock.GetUtcNow();
            }
            return report;
        }
        finally
        {
            lock (_lock)
            {
                _running = null;
            }
        }
    }
}
