using LifeTimeCircle.Cli;

namespace LifeTimeCircle.Tests.Platform;

/// <summary>The pure parts of the <c>bench-http</c> command: its options, the throw-away nginx configuration, reading wrk.</summary>
public sealed class BenchHttpTests
{
    [Fact]
    public void Options_default_to_the_issue_method_and_refuse_unknown_or_invalid_values()
    {
        var (defaults, none) = HttpBench.Parse(["bench-http"]);
        Assert.Null(none);
        Assert.Equal(new HttpBench.Options(1_000, 50, 10, 3, 2, 32, 3), defaults);

        var (custom, _) = HttpBench.Parse(["bench-http", "--duration", "60", "--entries", "10000", "--connections", "64"]);
        Assert.Equal(60, custom!.DurationSeconds);
        Assert.Equal(10_000, custom.Entries);
        Assert.Equal(64, custom.Connections);

        Assert.Contains("--schnell", HttpBench.Parse(["bench-http", "--schnell", "1"]).Error);
        Assert.Contains("--duration", HttpBench.Parse(["bench-http", "--duration", "zehn"]).Error);
        Assert.Contains("--rounds", HttpBench.Parse(["bench-http", "--rounds", "0"]).Error);
        Assert.Contains("--rounds", HttpBench.Parse(["bench-http", "--rounds"]).Error);
        Assert.NotNull(HttpBench.Parse(["bench-http", "--threads", "8", "--connections", "4"]).Error);
    }

    [Fact]
    public void The_nginx_configuration_serves_each_file_under_the_apps_path_and_keeps_everything_in_its_directory()
    {
        var config = HttpBench.NginxConfig("/tmp/b", 8123, [("/q/abc_DEF-123", "0.html", "text/html; charset=utf-8"), ("/Fahrzeuge/x/Eintragung", "1.html", "text/html")]);

        Assert.Contains("listen 127.0.0.1:8123;", config, StringComparison.Ordinal);
        Assert.Contains("location = /q/abc_DEF-123 { default_type \"text/html; charset=utf-8\"; alias /tmp/b/www/0.html; }", config, StringComparison.Ordinal);
        Assert.Contains("location = /Fahrzeuge/x/Eintragung { default_type \"text/html\"; alias /tmp/b/www/1.html; }", config, StringComparison.Ordinal);
        Assert.Contains("pid /tmp/b/nginx.pid;", config, StringComparison.Ordinal);
        Assert.Contains("access_log off;", config, StringComparison.Ordinal);
        Assert.Equal(config.Count(c => c == '{'), config.Count(c => c == '}'));
        foreach (var line in config.Split('\n').Where(l => l.Contains("_path ", StringComparison.Ordinal) || l.Contains("pid ", StringComparison.Ordinal)))
        {
            Assert.Contains("/tmp/b/", line, StringComparison.Ordinal);
        }
        Assert.Throws<ArgumentException>(() => HttpBench.NginxConfig("/tmp/b", 1, [("/q/x; root /", "0.html", "text/html")]));
        Assert.Throws<ArgumentException>(() => HttpBench.NginxConfig("/tmp/b", 1, [("q/relative", "0.html", "text/html")]));
    }

    [Fact]
    public void The_wrk_summary_is_read_with_non_2xx_and_socket_errors()
    {
        const string Output = """
            Running 10s test @ http://127.0.0.1:5000/q/abc
              2 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.23ms    2.00ms  40.00ms   90.00%
                Req/Sec    13.00k     1.00k   15.00k    70.00%
              258123 requests in 10.01s, 300.00MB read
              Socket errors: connect 0, read 2, write 0, timeout 1
              Non-2xx or 3xx responses: 7
            Requests/sec:  25786.21
            Transfer/sec:     29.97MB
            """;
        var r = HttpBench.ParseWrk(Output);
        Assert.Equal(25786.21, r.RequestsPerSecond, 2);
        Assert.Equal(258123, r.Requests);
        Assert.Equal(7, r.Non2xx);
        Assert.Equal(3, r.SocketErrors);

        var clean = HttpBench.ParseWrk("  100 requests in 1.00s, 1MB read\nRequests/sec:    100.00\n");
        Assert.Equal(0, clean.Non2xx);
        Assert.Throws<FormatException>(() => HttpBench.ParseWrk("wrk: connection refused"));
    }

    [Fact]
    public void The_benchmark_runs_the_app_with_the_runtime_settings_of_the_systemd_unit()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "LifeTimeCircle.sln"))) root = Path.GetDirectoryName(root)!;
        var unit = File.ReadAllLines(Path.Combine(root, "systemd", "lifetimecircle.service"))
            .Where(l => l.StartsWith("Environment=DOTNET_", StringComparison.Ordinal) && !l.Contains("TELEMETRY", StringComparison.Ordinal) && !l.Contains("NOLOGO", StringComparison.Ordinal))
            .Select(l => l["Environment=".Length..].Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(HttpBench.UnitRuntimeEnvironment.OrderBy(p => p.Key), unit.OrderBy(p => p.Key));
    }

    [Fact]
    public void The_cookie_goes_into_a_wrk_script_and_odd_characters_are_refused()
    {
        Assert.Equal("wrk.headers[\"Cookie\"] = \"ltc.auth=abc-_1; ltc.af=x\"\n", HttpBench.WrkCookieScript("ltc.auth=abc-_1; ltc.af=x"));
        Assert.Throws<ArgumentException>(() => HttpBench.WrkCookieScript("a=\"b"));
        Assert.Equal(2.5, HttpBench.Median([1, 4, 2, 3]));
        Assert.Equal(3, HttpBench.Median([5, 3, 1]));
    }
}
