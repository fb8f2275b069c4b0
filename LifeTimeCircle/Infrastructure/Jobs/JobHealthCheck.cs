using LifeTimeCircle.Web;
using System.Globalization;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LifeTimeCircle.Infrastructure.Jobs;

/// <summary>
/// One check for all kinds ("jobs"): per kind the jobs queued or running, how long the oldest due job has been
/// waiting (since it became due, or since its lease ran out) and the dead letters of the last 24 hours. Degraded when
/// a job waits longer than 15 minutes, unhealthy after 60 minutes (worker stuck or disabled by LTC_JOBS_WORKER=false).
/// Dead letters are reported (data and text) but do not change the status: an export can fail for a reason of the
/// user's (the mini-check switched off) and says so on the user's page; docs/operations.md shows how to list them.
/// </summary>
public sealed class JobHealthCheck(AppDbContext db, JobCatalog catalog, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan DegradedAfter = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan UnhealthyAfter = TimeSpan.FromMinutes(60);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var since = now - TimeSpan.FromDays(1);
        var data = new Dictionary<string, object>();
        var worstAge = TimeSpan.Zero;
        string? worstKind = null;
        var totalQueued = 0;
        var totalDead = 0;
        var names = catalog.All.Select(k => k.Name)
            .Concat(await db.Jobs.AsNoTracking().Where(j => j.State == JobState.Queued || j.State == JobState.Running).Select(j => j.Kind).Distinct().ToListAsync(cancellationToken))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var kind in names)
        {
            var jobs = db.Jobs.AsNoTracking().Where(j => j.Kind == kind);
            var queued = await jobs.CountAsync(j => j.State == JobState.Queued || j.State == JobState.Running, cancellationToken);
            var dueSince = await jobs.Where(j => j.State == JobState.Queued && j.RunAfter <= now)
                .OrderBy(j => j.RunAfter).Select(j => (DateTimeOffset?)j.RunAfter).FirstOrDefaultAsync(cancellationToken);
            var leaseLapsed = await jobs.Where(j => j.State == JobState.Running && j.LeaseUntil <= now)
                .OrderBy(j => j.LeaseUntil).Select(j => j.LeaseUntil).FirstOrDefaultAsync(cancellationToken);
            var waitingSince = new[] { dueSince, leaseLapsed }.Where(t => t is not null).Min();
            var age = waitingSince is { } w ? now - w : TimeSpan.Zero;
            var dead = await jobs.CountAsync(j => j.State == JobState.Failed && j.FinishedAt > since, cancellationToken);
            data[kind + ".queued"] = queued;
            data[kind + ".oldestWaitingMinutes"] = Math.Round(age.TotalMinutes, 1);
            data[kind + ".deadLast24h"] = dead;
            totalQueued += queued;
            totalDead += dead;
            if (age > worstAge)
            {
                worstAge = age;
                worstKind = kind;
            }
        }
        var text = $"{Display.Number(totalQueued)} Aufträge offen; {Display.Number(totalDead)} fehlgeschlagen (24 h)"
            + (worstKind is null ? "." : $"; am längsten wartet {worstKind} seit {Display.OneDecimal(worstAge.TotalMinutes)} min.");
        return worstAge > UnhealthyAfter ? HealthCheckResult.Unhealthy(text, data: data)
            : worstAge > DegradedAfter ? HealthCheckResult.Degraded(text, data: data)
            : HealthCheckResult.Healthy(text, data);
    }
}
