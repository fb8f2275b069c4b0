using System.Net;
using System.Text.RegularExpressions;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LifeTimeCircle.Tests.Platform;

/// <summary>
/// A health check that counts how often it runs; while <see cref="Gate"/> is set it waits for the test to open it,
/// so concurrency is arranged by the test and never by timing.
/// </summary>
public sealed class CountingHealthCheck : IHealthCheck
{
    private int _runs;
    public int Runs => Volatile.Read(ref _runs);
    public TaskCompletionSource? Gate { get; set; }
    public TaskCompletionSource Started { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Arm()
    {
        Started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _runs);
        Started.TrySetResult();
        if (Gate is { } gate) await gate.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return HealthCheckResult.Healthy("Zähler.");
    }
}

/// <summary>The app with one extra counting check and an operator network 10.20.0.0/16 plus 2001:db8::/32.</summary>
public sealed class HealthFactory : LtcFactory
{
    public CountingHealthCheck Counter { get; } = new();

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["LTC_HEALTH_ALLOWED_NETWORKS"] = "10.20.0.0/16, 2001:db8::/32",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddHealthChecks().AddCheck("zaehler", Counter));
    }
}

public sealed partial class HealthAccessTests(HealthFactory factory) : IClassFixture<HealthFactory>
{
    private static readonly IPAddress Remote = IPAddress.Parse("203.0.113.7");

    private sealed record Answer(int Status, string ContentType, string Body);

    /// <summary>One request through the test server from a given TCP peer (the connection's address, not a header).</summary>
    private async Task<Answer> GetAsync(IPAddress peer, string pathAndQuery, string? accept = null, IDictionary<string, string>? headers = null)
    {
        var context = await factory.Server.SendAsync(c =>
        {
            var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = question < 0 ? pathAndQuery : pathAndQuery[..question];
            c.Request.QueryString = question < 0 ? QueryString.Empty : new QueryString(pathAndQuery[question..]);
            if (accept is not null) c.Request.Headers.Accept = accept;
            foreach (var (name, value) in headers ?? new Dictionary<string, string>()) c.Request.Headers[name] = value;
            c.Connection.RemoteIpAddress = peer;
        });
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new Answer(context.Response.StatusCode, context.Response.ContentType ?? "", body);
    }

    [GeneratedRegex("<code>[^<]*</code>")]
    private static partial Regex RequestId();

    private static string WithoutRequestId(string body) => RequestId().Replace(body, "<code></code>");

    [Theory]
    [InlineData("/health", null)]
    [InlineData("/HEALTH", null)]
    [InlineData("/Health", null)]
    [InlineData("/health/", null)]
    [InlineData("/HEALTH/", null)]
    [InlineData("/Health?format=json", null)]
    [InlineData("/health", "application/json")]
    [InlineData("/hEaLtH", "application/json")]
    public async Task A_remote_client_gets_the_plain_not_found_page_for_every_spelling_of_the_health_page(string path, string? accept)
    {
        var runs = factory.Counter.Runs;
        var unknown = await GetAsync(Remote, "/gibt/es/nicht", accept);
        var answer = await GetAsync(Remote, path, accept);
        Assert.True(answer.Status == 404, $"{path}: {answer.Status}\n{answer.Body}");
        Assert.Equal(unknown.ContentType, answer.ContentType);
        Assert.Equal(WithoutRequestId(unknown.Body), WithoutRequestId(answer.Body));
        Assert.DoesNotContain("Systemstatus", answer.Body, StringComparison.Ordinal);
        Assert.Equal(runs, factory.Counter.Runs); // nothing was checked for a stranger
    }

    [Fact]
    public async Task Health_live_stays_public_and_tiny()
    {
        var live = await GetAsync(Remote, "/health/live");
        Assert.Equal(200, live.Status);
        Assert.Equal("ok", live.Body);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "127.0.0.1")]
    [InlineData("X-Forwarded-For", "10.20.0.1")]
    [InlineData("X-Forwarded-For", "203.0.113.99, 127.0.0.1")]
    [InlineData("X-Real-IP", "127.0.0.1")]
    [InlineData("Forwarded", "for=127.0.0.1")]
    public async Task A_forwarded_address_from_a_remote_peer_does_not_make_it_local(string header, string value)
    {
        var answer = await GetAsync(Remote, "/HEALTH", "application/json", new Dictionary<string, string> { [header] = value });
        Assert.Equal(404, answer.Status);
    }

    [Fact]
    public async Task A_remote_client_forwarded_by_the_local_proxy_is_not_local()
    {
        // nginx on the same host (a loopback peer) names the real client in X-Forwarded-For; that client decides.
        var viaProxy = await GetAsync(IPAddress.Loopback, "/health", "application/json", new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.7" });
        Assert.Equal(404, viaProxy.Status);
        var localViaProxy = await GetAsync(IPAddress.Loopback, "/health", "application/json", new Dictionary<string, string> { ["X-Forwarded-For"] = "127.0.0.1" });
        Assert.Equal(200, localViaProxy.Status);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("10.20.5.6")]
    [InlineData("::ffff:10.20.5.6")]
    [InlineData("2001:db8::5")]
    public async Task Loopback_and_the_configured_networks_get_the_page_and_its_json(string peer)
    {
        var address = IPAddress.Parse(peer);
        var page = await GetAsync(address, "/HEALTH");
        Assert.True(page.Status == 200, page.Body);
        Assert.Contains("<h1>Systemstatus</h1>", page.Body, StringComparison.Ordinal);
        // Issue 22: numbers a person reads are German („31,4 % frei“, „1.234 MiB“), never „31.4 % frei“.
        Assert.Matches("[0-9],[0-9] % frei \\([0-9.]+ MiB\\)", page.Body);
        Assert.DoesNotMatch("[0-9]\\.[0-9] % frei", page.Body);
        var json = await GetAsync(address, "/Health?format=json");
        Assert.Equal(200, json.Status);
        Assert.StartsWith("application/json", json.ContentType, StringComparison.Ordinal);
        Assert.Contains("\"zaehler\"", json.Body, StringComparison.Ordinal);
        var accept = await GetAsync(address, "/health", "application/json");
        Assert.StartsWith("application/json", accept.ContentType, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.21.0.1")]
    [InlineData("10.19.255.255")]
    [InlineData("192.168.1.10")]
    [InlineData("2001:db9::1")]
    public async Task Addresses_outside_the_configured_networks_get_404(string peer)
    {
        Assert.Equal(404, (await GetAsync(IPAddress.Parse(peer), "/health")).Status);
    }

    [Fact]
    public async Task Concurrent_health_requests_share_one_run_of_the_checks()
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(6)); // whatever an earlier test cached (5 s) is stale
        factory.Counter.Arm();
        var before = factory.Counter.Runs;
        var requests = Enumerable.Range(0, 12).Select(i => GetAsync(IPAddress.Loopback, i % 2 == 0 ? "/health" : "/HEALTH?format=json")).ToList();
        await factory.Counter.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        factory.Counter.Gate!.SetResult();
        var answers = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(60));
        factory.Counter.Gate = null;
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(before + 1, factory.Counter.Runs);
    }
}
