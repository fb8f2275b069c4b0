using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Jobs;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Infrastructure;

/// <summary>
/// Drives the one job runner deterministically (the test host runs no worker: LTC_JOBS_WORKER=false). Bounded, so a
/// runner that never stops fails the test instead of hanging it.
/// </summary>
public static class Jobs
{
    public const int MaxJobs = 500;

    /// <summary>Runs due jobs of the given kinds (all kinds when none are given), each in a fresh scope, until none is due; returns how many ran.</summary>
    public static Task<int> DrainAsync<TEntry>(WebApplicationFactory<TEntry> factory, params string[] kinds) where TEntry : class
        => DrainAsync(factory.Services, kinds);

    public static async Task<int> DrainAsync(IServiceProvider services, params string[] kinds)
    {
        IReadOnlyCollection<string>? only = kinds.Length == 0 ? null : kinds;
        for (var done = 0; done < MaxJobs; done++)
        {
            using var scope = services.CreateScope();
            if (!await scope.ServiceProvider.GetRequiredService<JobRunner>().ProcessNextAsync(only, CancellationToken.None)) return done;
        }
        Assert.Fail($"The job runner still had work after {MaxJobs} jobs ({string.Join(", ", kinds)}): the queue does not drain.");
        return MaxJobs;
    }

    /// <summary>
    /// What a runner that dies mid-job leaves behind: the oldest due job of <paramref name="kind"/> is claimed (Running,
    /// one more attempt, a lease of the kind's length held by <paramref name="leaseOwner"/>) and never finished.
    /// </summary>
    public static async Task<long> ClaimAndCrashAsync(LtcFactory factory, string kind, string leaseOwner)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var lease = scope.ServiceProvider.GetRequiredService<JobCatalog>().Get(kind).Policy.Lease;
        var now = factory.Clock.GetUtcNow();
        var id = await db.Jobs.Where(j => j.Kind == kind && j.State == JobState.Queued && j.RunAfter <= now).OrderBy(j => j.Id).Select(j => j.Id).FirstAsync();
        Assert.Equal(1, await db.Jobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Running)
            .SetProperty(j => j.LeaseUntil, now + lease)
            .SetProperty(j => j.LeaseOwner, leaseOwner)
            .SetProperty(j => j.Attempts, j => j.Attempts + 1)));
        return id;
    }

    /// <summary>Queues the next run of every recurring kind that has none (what the worker does on every round).</summary>
    public static async Task<int> ScheduleRecurringAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<JobRunner>().ScheduleRecurringAsync(CancellationToken.None);
    }
}
