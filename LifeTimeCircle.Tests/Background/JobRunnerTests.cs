using System.Collections.Concurrent;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Jobs;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LifeTimeCircle.Tests.Background;

/// <summary>The payload of the test kinds: a name to find the job by, and how many attempts fail before one succeeds.</summary>
public sealed record TestPayload(string Name, int FailTimes = 0);

/// <summary>What the test handlers did (a singleton, so it outlives the handler's scope).</summary>
public sealed class JobLedger
{
    public ConcurrentDictionary<string, int> Runs { get; } = new(StringComparer.Ordinal);
    public ConcurrentQueue<string> GivenUp { get; } = new();
}

/// <summary>Fails its first <see cref="TestPayload.FailTimes"/> attempts with our own text, then succeeds.</summary>
public sealed class FlakyHandler(JobLedger ledger) : IJobHandler<TestPayload>
{
    public const string Kind = "test-flaky";
    public static readonly JobPolicy Policy = new(3, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));

    public async Task RunAsync(TestPayload payload, JobContext context, CancellationToken ct)
    {
        await Task.Yield(); // give a parallel runner the chance to interleave
        var runs = ledger.Runs.AddOrUpdate(payload.Name, 1, (_, n) => n + 1);
        if (runs <= payload.FailTimes) throw new JobFailedException($"Absichtlich fehlgeschlagen (Lauf {runs}).");
    }

    public Task GiveUpAsync(TestPayload payload, CancellationToken ct)
    {
        ledger.GivenUp.Enqueue(payload.Name);
        return Task.CompletedTask;
    }
}

/// <summary>A recurring test kind, every 30 minutes.</summary>
public sealed class TickHandler(JobLedger ledger) : IJobHandler<NoPayload>
{
    public const string Kind = "test-tick";

    public Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct)
    {
        ledger.Runs.AddOrUpdate(Kind, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

/// <summary>The real app with two test kinds registered beside the app's own.</summary>
public class JobRunnerFactory : LtcFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<JobLedger>();
            services.AddJob<FlakyHandler, TestPayload>(FlakyHandler.Kind, FlakyHandler.Policy);
            services.AddRecurringJob<TickHandler>(TickHandler.Kind, TimeSpan.FromMinutes(30));
        });
    }

    public JobLedger Ledger => Services.GetRequiredService<JobLedger>();

    public async Task<long> EnqueueAsync(TestPayload payload)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var job = scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(db, FlakyHandler.Kind, payload);
        await db.SaveChangesAsync();
        return job.Id;
    }

    public Task<Job> JobAsync(long id) => WithDbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id));
}

public sealed class JobRunnerTests(JobRunnerFactory app) : IClassFixture<JobRunnerFactory>
{
    private Task<int> DrainAsync() => LifeTimeCircle.Tests.Infrastructure.Jobs.DrainAsync(app, FlakyHandler.Kind);

    [Fact]
    public async Task A_failing_job_is_retried_after_growing_pauses_and_becomes_a_dead_letter_with_its_error_after_the_last_attempt()
    {
        var id = await app.EnqueueAsync(new TestPayload("immer-kaputt", FailTimes: 99));

        Assert.Equal(1, await DrainAsync());
        var first = await app.JobAsync(id);
        Assert.Equal((JobState.Queued, 1), (first.State, first.Attempts));
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromSeconds(10), first.RunAfter);
        Assert.Equal("JobFailedException: Absichtlich fehlgeschlagen (Lauf 1).", first.LastError);

        Assert.Equal(0, await DrainAsync()); // the pause is not over
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await DrainAsync());
        var second = await app.JobAsync(id);
        Assert.Equal((JobState.Queued, 2), (second.State, second.Attempts));
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromSeconds(20), second.RunAfter); // doubled

        app.Clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(0, await DrainAsync());
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await DrainAsync());
        var dead = await app.JobAsync(id);
        Assert.Equal((JobState.Failed, 3), (dead.State, dead.Attempts));
        Assert.Equal(app.Clock.GetUtcNow(), dead.FinishedAt);
        Assert.Equal("JobFailedException: Absichtlich fehlgeschlagen (Lauf 3).", dead.LastError);
        Assert.Null(dead.LeaseUntil);
        Assert.Contains("immer-kaputt", app.Ledger.GivenUp);

        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await DrainAsync()); // a dead letter is not run again
        Assert.Equal(3, app.Ledger.Runs["immer-kaputt"]);
    }

    [Fact]
    public async Task A_job_that_fails_once_succeeds_on_its_second_attempt()
    {
        var id = await app.EnqueueAsync(new TestPayload("einmal-kaputt", FailTimes: 1));
        Assert.Equal(1, await DrainAsync());
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await DrainAsync());
        var job = await app.JobAsync(id);
        Assert.Equal((JobState.Succeeded, 2), (job.State, job.Attempts));
        Assert.Null(job.LeaseOwner);
        Assert.DoesNotContain("einmal-kaputt", app.Ledger.GivenUp);
    }

    [Fact]
    public async Task A_job_whose_runner_crashed_is_claimed_again_once_its_lease_has_expired()
    {
        var id = await app.EnqueueAsync(new TestPayload("absturz"));
        Assert.Equal(id, await LifeTimeCircle.Tests.Infrastructure.Jobs.ClaimAndCrashAsync(app, FlakyHandler.Kind, "anderer-host:1:abcdefgh"));

        Assert.Equal(0, await DrainAsync()); // the lease is still held
        app.Clock.Advance(FlakyHandler.Policy.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await DrainAsync());
        var job = await app.JobAsync(id);
        Assert.Equal((JobState.Succeeded, 2), (job.State, job.Attempts));
        Assert.Equal(1, app.Ledger.Runs["absturz"]);
    }

    [Fact]
    public async Task After_a_restart_the_runner_takes_up_its_own_hosts_jobs_at_once_and_leaves_other_hosts_leases_alone()
    {
        var own = await app.EnqueueAsync(new TestPayload("neustart-eigener"));
        await LifeTimeCircle.Tests.Infrastructure.Jobs.ClaimAndCrashAsync(app, FlakyHandler.Kind, JobRunner.HostPrefix + "4711:abcdefgh");
        var other = await app.EnqueueAsync(new TestPayload("neustart-fremder"));
        await LifeTimeCircle.Tests.Infrastructure.Jobs.ClaimAndCrashAsync(app, FlakyHandler.Kind, "anderer-host:1:abcdefgh");

        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<JobRunner>().RecoverAsync(CancellationToken.None));
        }
        Assert.Equal(1, await DrainAsync());
        Assert.Equal(JobState.Succeeded, (await app.JobAsync(own)).State);
        Assert.Equal(JobState.Running, (await app.JobAsync(other)).State);

        app.Clock.Advance(FlakyHandler.Policy.Lease);
        Assert.Equal(1, await DrainAsync());
        Assert.Equal(JobState.Succeeded, (await app.JobAsync(other)).State);
    }

    [Fact]
    public async Task Two_runners_draining_in_parallel_never_run_the_same_job()
    {
        var names = Enumerable.Range(1, 40).Select(i => $"parallel-{i}").ToList();
        var ids = new List<long>();
        foreach (var name in names) ids.Add(await app.EnqueueAsync(new TestPayload(name)));

        await Task.WhenAll(Task.Run(DrainAsync), Task.Run(DrainAsync));

        Assert.All(names, n => Assert.Equal(1, app.Ledger.Runs.GetValueOrDefault(n)));
        var jobs = await app.WithDbAsync(db => db.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id)).ToListAsync());
        Assert.All(jobs, j => Assert.Equal((JobState.Succeeded, 1), (j.State, j.Attempts)));
    }

    [Fact]
    public async Task A_recurring_job_is_queued_once_even_by_two_runners_and_again_one_interval_after_it_ran()
    {
        await Task.WhenAll(Task.Run(() => LifeTimeCircle.Tests.Infrastructure.Jobs.ScheduleRecurringAsync(app.Services)), Task.Run(() => LifeTimeCircle.Tests.Infrastructure.Jobs.ScheduleRecurringAsync(app.Services)));
        Assert.Equal(0, await LifeTimeCircle.Tests.Infrastructure.Jobs.ScheduleRecurringAsync(app.Services));
        var open = await app.WithDbAsync(db => db.Jobs.AsNoTracking().Where(j => j.State == JobState.Queued || j.State == JobState.Running)
            .GroupBy(j => j.Kind).Select(g => new { Kind = g.Key, Count = g.Count() }).ToListAsync());
        foreach (var kind in new[] { TickHandler.Kind, "export-expiry", "pii-retention", "mail-purge", "jobs-purge" })
        {
            Assert.Equal(1, open.SingleOrDefault(o => o.Kind == kind)?.Count);
        }

        Assert.Equal(1, await LifeTimeCircle.Tests.Infrastructure.Jobs.DrainAsync(app, TickHandler.Kind));
        Assert.Equal(1, await LifeTimeCircle.Tests.Infrastructure.Jobs.ScheduleRecurringAsync(app.Services)); // the next run, for in 30 minutes
        Assert.Equal(0, await LifeTimeCircle.Tests.Infrastructure.Jobs.DrainAsync(app, TickHandler.Kind));
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, await LifeTimeCircle.Tests.Infrastructure.Jobs.DrainAsync(app, TickHandler.Kind));
        Assert.Equal(2, app.Ledger.Runs[TickHandler.Kind]);
    }
}

/// <summary>Its own app (no dead letters from other tests): the "jobs" check by the age of the oldest waiting job.</summary>
public sealed class JobHealthTests(JobRunnerFactory app) : IClassFixture<JobRunnerFactory>
{
    private async Task<HealthCheckResult> CheckAsync()
    {
        using var scope = app.Services.CreateScope();
        var check = ActivatorUtilities.CreateInstance<JobHealthCheck>(scope.ServiceProvider);
        return await check.CheckHealthAsync(new HealthCheckContext());
    }

    [Fact]
    public async Task The_job_check_is_degraded_after_15_and_unhealthy_after_60_minutes_of_waiting_and_healthy_once_the_job_ran()
    {
        var idle = await CheckAsync();
        Assert.Equal(HealthStatus.Healthy, idle.Status);
        Assert.Equal(0, idle.Data[FlakyHandler.Kind + ".queued"]);

        await app.EnqueueAsync(new TestPayload("wartet"));
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var degraded = await CheckAsync();
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(16.0, degraded.Data[FlakyHandler.Kind + ".oldestWaitingMinutes"]);
        Assert.Equal(1, degraded.Data[FlakyHandler.Kind + ".queued"]);
        Assert.Contains("am längsten wartet test-flaky seit 16,0 min", degraded.Description, StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromMinutes(45));
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync()).Status);

        Assert.Equal(1, await LifeTimeCircle.Tests.Infrastructure.Jobs.DrainAsync(app, FlakyHandler.Kind));
        var done = await CheckAsync();
        Assert.Equal(HealthStatus.Healthy, done.Status);
        Assert.Equal(0.0, done.Data[FlakyHandler.Kind + ".oldestWaitingMinutes"]);

        // A dead letter of the last 24 hours is reported without changing the status, then it ages out of the count.
        await app.EnqueueAsync(new TestPayload("tot", FailTimes: 99));
        for (var i = 0; i < FlakyHandler.Policy.MaxAttempts; i++)
        {
            Assert.Equal(1, await LifeTimeCircle.Tests.Infrastructure.Jobs.DrainAsync(app, FlakyHandler.Kind));
            app.Clock.Advance(FlakyHandler.Policy.MaxDelay);
        }
        var dead = await CheckAsync();
        Assert.Equal(HealthStatus.Healthy, dead.Status);
        Assert.Equal(1, dead.Data[FlakyHandler.Kind + ".deadLast24h"]);
        Assert.Contains("1 fehlgeschlagen (24 h)", dead.Description, StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await CheckAsync()).Data[FlakyHandler.Kind + ".deadLast24h"]);
    }
}
