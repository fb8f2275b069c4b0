using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LifeTimeCircle.Cli;

/// <summary>
/// The pure parts of <c>bench-http</c> (docs/performance.md), kept apart so that a test can check them: the command
/// line, the throw-away nginx configuration that serves the app's exact bytes under the same URLs, and reading wrk's
/// summary. The benchmark itself is <see cref="Benchmark.RunHttpAsync"/>.
/// </summary>
public static partial class HttpBench
{
    public sealed record Options(int Vehicles, int Entries, int DurationSeconds, int Rounds, int Threads, int Connections, int WarmupSeconds);

    public static readonly Options Defaults = new(Vehicles: 1_000, Entries: 50, DurationSeconds: 10, Rounds: 3, Threads: 2, Connections: 32, WarmupSeconds: 3);

    /// <summary>
    /// The runtime settings of systemd/lifetimecircle.service (ADR 0012), given to the benchmarked app so that it runs as in
    /// production; BenchHttpTests checks that the unit file has exactly these lines.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> UnitRuntimeEnvironment = new Dictionary<string, string>
    {
        ["DOTNET_gcServer"] = "0",
        ["DOTNET_gcConcurrent"] = "0",
        ["DOTNET_GCConserveMemory"] = "5",
        ["DOTNET_GCgen0size"] = "0x1000000",
    };

    /// <summary>Parses <c>--vehicles N --entries N --duration S --rounds N --threads N --connections N --warmup S</c>; unknown or invalid options are errors.</summary>
    public static (Options? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var o = Defaults;
        for (var i = 1; i < args.Count; i += 2)
        {
            var name = args[i];
            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                return (null, $"{name}: eine ganze Zahl ≥ 1 wird erwartet / a whole number ≥ 1 is expected.");
            }
            o = name switch
            {
                "--vehicles" => o with { Vehicles = value },
                "--entries" => o with { Entries = value },
                "--duration" => o with { DurationSeconds = value },
                "--rounds" => o with { Rounds = value },
                "--threads" => o with { Threads = value },
                "--connections" => o with { Connections = value },
                "--warmup" => o with { WarmupSeconds = value },
                _ => null!,
            };
            if (o is null) return (null, $"Unbekannte Option / unknown option: {name}");
        }
        if (o.Connections < o.Threads) return (null, "--connections muss mindestens so groß sein wie --threads / must be at least --threads.");
        return (o, null);
    }

    /// <summary>
    /// An nginx configuration that serves each file under exactly the URL path the app answered (one exact-match
    /// location per page), with the app's Content-Type, no access log and every temp path inside <paramref name="dir"/>.
    /// </summary>
    public static string NginxConfig(string dir, int port, IReadOnlyList<(string Path, string File, string ContentType)> pages)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            worker_processes auto;
            daemon off;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              sendfile on;
              tcp_nopush on;
              keepalive_requests 1000000;
              client_body_temp_path {{dir}}/tmp/body;
              proxy_temp_path {{dir}}/tmp/proxy;
              fastcgi_temp_path {{dir}}/tmp/fastcgi;
              uwsgi_temp_path {{dir}}/tmp/uwsgi;
              scgi_temp_path {{dir}}/tmp/scgi;
              server {
                listen 127.0.0.1:{{port}};

            """);
        foreach (var (path, file, contentType) in pages)
        {
            if (path.Any(c => c is ' ' or '{' or '}' or ';' or '"' or '\'' or '\\' or '\n') || !path.StartsWith('/'))
            {
                throw new ArgumentException("Pfad für nginx ungeeignet / path unsuitable for nginx: " + path, nameof(pages));
            }
            text.Append(CultureInfo.InvariantCulture, $$"""
                    location = {{path}} { default_type "{{contentType.Replace("\"", "", StringComparison.Ordinal)}}"; alias {{dir}}/www/{{file}}; }

                """);
        }
        text.Append("  }\n}\n");
        return text.ToString();
    }

    /// <summary>A wrk script that only sets the Cookie header (no per-response callback, so wrk keeps its fast path).</summary>
    public static string WrkCookieScript(string cookie)
    {
        if (cookie.Any(c => c is '"' or '\\' or '\n' or '\r')) throw new ArgumentException("Cookie enthält unerwartete Zeichen.", nameof(cookie));
        return $"wrk.headers[\"Cookie\"] = \"{cookie}\"\n";
    }

    public sealed record WrkResult(double RequestsPerSecond, long Requests, long Non2xx, long SocketErrors);

    /// <summary>Reads wrk's summary: requests/s, total requests, non-2xx/3xx responses and socket errors.</summary>
    public static WrkResult ParseWrk(string output)
    {
        var rps = RequestsPerSecond().Match(output);
        var total = TotalRequests().Match(output);
        if (!rps.Success || !total.Success) throw new FormatException("wrk-Ausgabe nicht lesbar / unreadable wrk output:\n" + output);
        var non2xx = Non2xx().Match(output);
        var errors = SocketErrors().Match(output);
        long socketErrors = 0;
        if (errors.Success)
        {
            for (var g = 1; g <= 4; g++) socketErrors += long.Parse(errors.Groups[g].Value, CultureInfo.InvariantCulture);
        }
        return new WrkResult(double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0, socketErrors);
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex TotalRequests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
