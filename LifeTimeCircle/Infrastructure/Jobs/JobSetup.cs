using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Jobs;

/// <summary>Job runner configuration (docs/configuration.md).</summary>
public sealed class JobOptions
{
    /// <summary>LTC_JOBS_WORKER: false = no background loop (tests drive the runner; never in production).</summary>
    public bool Worker { get; init; } = true;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    public static JobOptions Load(IConfiguration c)
    {
        var raw = c["LTC_JOBS_WORKER"];
        if (string.IsNullOrWhiteSpace(raw)) return new JobOptions();
        return bool.TryParse(raw, out var worker)
            ? new JobOptions { Worker = worker }
            : throw new InvalidOperationException("LTC_JOBS_WORKER muss true oder false sein.");
    }
}

/// <summary>Finished jobs are history: succeeded ones go after 7 days, dead letters after 30 days.</summary>
public sealed class JobPurge(AppDbContext db, TimeProvider clock) : IJobHandler<NoPayload>
{
    public const string Kind = "jobs-purge";

    public async Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var succeededBefore = now - TimeSpan.FromDays(7);
        var failedBefore = now - TimeSpan.FromDays(30);
        await db.Jobs.Where(j => (j.State == JobState.Succeeded && j.FinishedAt < succeededBefore)
            || (j.State == JobState.Failed && j.FinishedAt < failedBefore)).ExecuteDeleteAsync(ct);
    }
}

public static class JobSetup
{
    /// <summary>The runner, its one hosted loop (unless LTC_JOBS_WORKER=false) and the "jobs" health check. Features add their kinds with AddJob.</summary>
    public static IServiceCollection AddLtcJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = JobOptions.Load(configuration);
        services.AddSingleton(options);
        services.AddSingleton<JobCatalog>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<JobQueue>();
        services.AddScoped<JobRunner>();
        services.AddRecurringJob<JobPurge>(JobPurge.Kind, TimeSpan.FromHours(6));
        if (options.Worker)
        {
            services.AddHostedService<JobWorker>();
        }
        services.AddHealthChecks().AddCheck<JobHealthCheck>("jobs");
        return services;
    }
}
