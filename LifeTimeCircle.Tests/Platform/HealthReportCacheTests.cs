using LifeTimeCircle.Infrastructure.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LifeTimeCircle.Tests.Platform;

/// <summary>The shared health result driven directly: concurrency is arranged by the counting check's gate, never by timing.</summary>
public sealed class HealthReportCacheTests(HealthFactory factory) : IClassFixture<HealthFactory>
{
    [Fact]
    public async Task Callers_waiting_for_a_running_check_join_it_and_a_stale_result_is_computed_again()
    {
        var cache = factory.Services.GetRequiredService<HealthReportCache>();
        factory.Clock.Advance(HealthReportCache.MaxAge + TimeSpan.FromSeconds(1));
        factory.Counter.Arm();
        var before = factory.Counter.Runs;
        // Every call is made while the first computation is still held at the gate: all must join it.
        var waiting = Enumerable.Range(0, 20).Select(_ => cache.GetAsync(CancellationToken.None)).ToList();
        await factory.Counter.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(waiting, t => Assert.False(t.IsCompleted));
        factory.Counter.Gate!.SetResult();
        var reports = await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(60));
        factory.Counter.Gate = null;
        Assert.Equal(before + 1, factory.Counter.Runs);
        Assert.All(reports, r => Assert.Same(reports[0], r));

        // Fresh for MaxAge on the (fake) clock, then computed again.
        factory.Clock.Advance(HealthReportCache.MaxAge - TimeSpan.FromMilliseconds(1));
        Assert.Same(reports[0], await cache.GetAsync(CancellationToken.None));
        Assert.Equal(before + 1, factory.Counter.Runs);
        factory.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.NotSame(reports[0], await cache.GetAsync(CancellationToken.None));
        Assert.Equal(before + 2, factory.Counter.Runs);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_shared_check()
    {
        var cache = factory.Services.GetRequiredService<HealthReportCache>();
        factory.Clock.Advance(HealthReportCache.MaxAge + TimeSpan.FromSeconds(1));
        factory.Counter.Arm();
        var before = factory.Counter.Runs;
        using var impatient = new CancellationTokenSource();
        var first = cache.GetAsync(impatient.Token);
        var second = cache.GetAsync(CancellationToken.None);
        await factory.Counter.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        factory.Counter.Gate!.SetResult();
        var report = await second.WaitAsync(TimeSpan.FromSeconds(60));
        factory.Counter.Gate = null;
        Assert.Equal(HealthStatus.Healthy, report.Entries["zaehler"].Status);
        Assert.Equal(before + 1, factory.Counter.Runs);
    }
}

public sealed class HealthNetworkSettingTests
{
    [Theory]
    [InlineData("10.0.0.0/8,2001:db8::/32", true)]
    [InlineData("10.0.0.0/8 192.168.0.0/16", true)]
    [InlineData("", true)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("kein-netz", false)]
    [InlineData("10.0.0.1/8", false)]
    public void The_allowed_networks_are_parsed_strictly(string value, bool valid)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["LTC_HEALTH_ALLOWED_NETWORKS"] = value }).Build();
        if (valid)
        {
            Assert.NotNull(HealthAccess.Load(configuration));
            return;
        }
        var ex = Assert.Throws<InvalidOperationException>(() => HealthAccess.Load(configuration));
        Assert.Contains("LTC_HEALTH_ALLOWED_NETWORKS", ex.Message, StringComparison.Ordinal);
    }
}
